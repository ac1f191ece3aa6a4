import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawnCli, waitForExit } from '../helpers/childProcess.ts';
import { resetSource, sourcePool } from '../helpers/seedPostgres.ts';

type Counts = { advertisers: number; campaigns: number; impressions: number; clicks: number };

let pool: pg.Pool;

function seed(...args: string[]) {
  return waitForExit(spawnCli('seed', args));
}

async function readCounts(): Promise<Counts> {
  const result = await pool.query<Counts>(`SELECT
    (SELECT count(*) FROM advertiser)::int AS advertisers, (SELECT count(*) FROM campaign)::int AS campaigns,
    (SELECT count(*) FROM impressions)::int AS impressions, (SELECT count(*) FROM clicks)::int AS clicks`);
  return result.rows[0] as Counts;
}

beforeAll(() => {
  pool = sourcePool();
});

afterAll(async () => {
  await pool.end();
});

describe('seed batch', () => {
  beforeAll(async () => {
    await resetSource(pool);
    const run = await seed('batch', '--advertisers', '3', '--campaigns', '4', '--impressions', '1000', '--ctr', '0.08');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('creates every advertiser, campaign and impression, and exactly floor(impressions × ctr) clicks per campaign', async () => {
    // Prepare
    const perCampaign = `SELECT campaign.id,
        (SELECT count(*) FROM impressions WHERE campaign_id = campaign.id)::int AS impressions,
        (SELECT count(*) FROM clicks WHERE campaign_id = campaign.id)::int AS clicks
      FROM campaign ORDER BY campaign.id`;

    // Act
    const counts = await readCounts();
    const campaigns = (await pool.query(perCampaign)).rows;

    // Assess
    expect(counts).toEqual({ advertisers: 3, campaigns: 12, impressions: 12_000, clicks: 960 });
    expect(campaigns).toEqual(Array.from({ length: 12 }, (_, i) => ({ id: i + 1, impressions: 1000, clicks: 80 })));
  });

  it('names advertisers A, B, C and campaigns Campaign_<advertiser>_<n>, with bids, budgets and dates in range', async () => {
    // Prepare
    const rulesBroken = `SELECT count(*)::int AS count FROM campaign
      WHERE bid NOT BETWEEN 0.50 AND 5.00 OR budget NOT BETWEEN 50 AND 500
        OR start_date <> current_date OR end_date - start_date NOT BETWEEN 7 AND 30
        OR updated_at IS NULL OR updated_at > now()`;

    // Act
    const advertisers = (await pool.query('SELECT id, name FROM advertiser ORDER BY id')).rows;
    const names = (await pool.query('SELECT name FROM campaign ORDER BY id')).rows.map((row) => row.name);
    const broken = (await pool.query(rulesBroken)).rows[0]?.count;

    // Assess
    expect(advertisers).toEqual([
      { id: 1, name: 'Advertiser A' },
      { id: 2, name: 'Advertiser B' },
      { id: 3, name: 'Advertiser C' },
    ]);
    expect(names).toEqual([1, 2, 3].flatMap((a) => [1, 2, 3, 4].map((n) => `Campaign_${a}_${n}`)));
    expect(broken).toBe(0);
  });

  it('spreads impressions over the past 7 days and puts each click 1 to 120 s after an impression of its campaign', async () => {
    // Prepare
    const impressionSpan = `SELECT (min(created_at) >= now() - interval '7 days') AS within_week,
      (max(created_at) <= now()) AS not_future, count(DISTINCT created_at::date)::int AS days FROM impressions`;
    const orphanClicks = `SELECT count(*)::int AS count FROM clicks AS click WHERE NOT EXISTS (
      SELECT 1 FROM impressions AS impression WHERE impression.campaign_id = click.campaign_id
        AND impression.created_at BETWEEN click.created_at - interval '120 seconds' AND click.created_at - interval '1 second'
        AND extract(epoch FROM click.created_at - impression.created_at) = floor(extract(epoch FROM click.created_at - impression.created_at)))`;

    // Act
    const span = (await pool.query(impressionSpan)).rows[0];
    const orphans = (await pool.query(orphanClicks)).rows[0]?.count;

    // Assess
    expect(span).toEqual({ within_week: true, not_future: true, days: expect.any(Number) });
    expect(span.days).toBeGreaterThanOrEqual(7);
    expect(orphans).toBe(0);
  });
});

describe('seed commands', () => {
  beforeEach(async () => {
    await resetSource(pool);
  });

  it('names new advertisers after the existing ones', async () => {
    // Prepare
    await seed('advertisers', '--count', '3');

    // Act
    const run = await seed('advertisers', '--count', '2');

    // Assess
    const names = (await pool.query('SELECT name FROM advertiser ORDER BY id')).rows.map((row) => row.name);
    expect(run.code).toBe(0);
    expect(names).toEqual(['Advertiser A', 'Advertiser B', 'Advertiser C', 'Advertiser D', 'Advertiser E']);
  });

  it('reports progress per advertiser, then the totals', async () => {
    // Prepare
    const args = ['batch', '--advertisers', '2', '--campaigns', '1', '--impressions', '10', '--ctr', '0.5'];

    // Act
    const run = await seed(...args);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'Creating 2 advertisers...',
      'Creating 1 campaigns per advertiser, 10 impressions and 5 clicks per campaign...',
      '[1/2] advertiser 1: 1 campaigns, 10 impressions, 5 clicks',
      '[2/2] advertiser 2: 1 campaigns, 10 impressions, 5 clicks',
      'Seeding complete!',
      'Totals:',
      '  advertisers: 2',
      '  campaigns:   2',
      '  impressions: 20',
      '  clicks:      10',
      '',
    ]);
  });

  it('empties the tables and restarts the ids on reset', async () => {
    // Prepare
    await seed('batch', '--advertisers', '2', '--campaigns', '2', '--impressions', '10', '--ctr', '0.5');

    // Act
    const reset = await seed('reset');
    const counts = await readCounts();
    await seed('advertisers', '--count', '1');

    // Assess
    expect(reset.code).toBe(0);
    expect(counts).toEqual({ advertisers: 0, campaigns: 0, impressions: 0, clicks: 0 });
    expect((await pool.query('SELECT id, name FROM advertiser')).rows).toEqual([{ id: 1, name: 'Advertiser A' }]);
  });

  it('adds campaigns, impressions and floor(n × ratio) clicks to the given ids', async () => {
    // Prepare
    await seed('advertisers', '--count', '1');

    // Act
    const campaigns = await seed('campaigns', '--advertiser-id', '1', '--count', '2');
    const impressions = await seed('impressions', '--campaign-id', '2', '--count', '100');
    const clicks = await seed('clicks', '--campaign-id', '2', '--ratio', '0.29');

    // Assess
    expect([campaigns.code, impressions.code, clicks.code]).toEqual([0, 0, 0]);
    expect(clicks.stdout).toContain('Creating 29 clicks for campaign 2...');
    expect(await readCounts()).toEqual({ advertisers: 1, campaigns: 2, impressions: 100, clicks: 29 });
  });

  it('fails with a non-zero exit and writes nothing for an unknown campaign id', async () => {
    // Prepare
    await seed('advertisers', '--count', '1');
    const before = await readCounts();

    // Act
    const run = await seed('impressions', '--campaign-id', '999', '--count', '10');

    // Assess
    expect(run.code).not.toBe(0);
    expect(run.stderr.split('\n')[0]).toBe('error: campaign 999 does not exist');
    expect(await readCounts()).toEqual(before);
  });

  it('prints the row counts and the overall CTR on stats', async () => {
    // Prepare
    await seed('batch', '--advertisers', '1', '--campaigns', '1', '--impressions', '200', '--ctr', '0.1');

    // Act
    const run = await seed('stats');

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  impressions: 200\n  clicks:      20\n  ctr:         10.00%\n');
  });
});

describe('seed command line', () => {
  beforeEach(async () => {
    await resetSource(pool);
  });

  it('exits 2 with one line naming the bad flag, and a hint to use --help', async () => {
    // Prepare
    const cases: [string[], string][] = [
      [
        ['clicks', '--campaign-id', '1', '--ratio', 'abc'],
        'error: --ratio must be a number between 0 and 1, got "abc"',
      ],
      [['advertisers', '--count', '-1'], 'error: --count must be a whole number >= 0, got "-1"'],
      [['advertisers', '--size', '1'], 'error: unknown flag --size for "advertisers"'],
      [['campaigns', '--count', '1'], 'error: missing required flag --advertiser-id for "campaigns"'],
      [['grow'], 'error: unknown command "grow"'],
    ];

    // Act
    const runs = await Promise.all(cases.map(([args]) => seed(...args)));

    // Assess
    expect(runs.map((run) => [run.code, run.stderr.split('\n')[0]])).toEqual(cases.map(([, line]) => [2, line]));
    expect(runs[0]?.stderr).toBe(
      'error: --ratio must be a number between 0 and 1, got "abc"\nRun `npm run seed -- clicks --help` for usage.\n',
    );
    expect(await readCounts()).toEqual({ advertisers: 0, campaigns: 0, impressions: 0, clicks: 0 });
  });

  it('prints the usage and exits 0 on --help', async () => {
    // Prepare
    const args = ['batch', '--help'];

    // Act
    const run = await seed(...args);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      'Usage: npm run seed -- batch --advertisers N --campaigns N --impressions N --ctr F',
    );
  });

  it('exits 1 with one line, without the password, when PostgreSQL is unreachable', async () => {
    // Prepare
    const env = { PG_URL: 'postgres://postgres:s3cret@127.0.0.1:1/pg2ch' };

    // Act
    const run = await waitForExit(spawnCli('seed', ['stats'], env));

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: failed to connect to PostgreSQL at 127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1\n',
    );
  });
});
