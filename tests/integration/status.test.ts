import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBackfill } from '../../lib/backfill.ts';
import { findTable } from '../../lib/tables/registry.ts';
import { spawnCli, waitForExit } from '../helpers/childProcess.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { syncOnce, syncResult } from '../helpers/runSyncFor.ts';
import { insertEvents, insertOneCampaign, resetSource, sourcePool } from '../helpers/seedPostgres.ts';

const pool = sourcePool();
let db: TestDatabase;

beforeEach(async () => {
  await resetSource(pool);
  db = await createTestDatabase();
  const campaignId = await insertOneCampaign(pool);
  await insertEvents(pool, 'impressions', campaignId, 300);
  await insertEvents(pool, 'clicks', campaignId, 20);
});
afterEach(async () => db.drop());
afterAll(async () => pool.end());

async function runStatus(args: string[], env: Record<string, string> = {}) {
  const child = spawnCli('status', args, { CLICKHOUSE_DATABASE: db.config.clickhouseDatabase, ...env });
  return waitForExit(child);
}

async function syncTables(keys: readonly string[]): Promise<void> {
  for (const key of keys) await syncResult(db, key);
}

/** Records a successful run of `table` that finished `minutesAgo` minutes ago, as an old deployment would have. */
async function recordOldRun(table: string, minutesAgo: number): Promise<void> {
  await db.clickhouse.command({
    query: `INSERT INTO sync_state (table_name, mode, watermark_from, watermark_to, safe_mark, source_max_id, complete,
              rows, duration_ms, query_id, finished_at)
            SELECT {table:String}, 'incremental', 0, 20, 20, 20, 1, 20, 100, 'old-run',
                   now64(3, 'UTC') - toIntervalMinute({minutes:UInt32})`,
    query_params: { table, minutes: minutesAgo },
  });
}

describe('npm run status', () => {
  it('prints one aligned line per table and exits 0 while every table is within its schedule', async () => {
    // Prepare
    await syncTables(['advertiser', 'campaign', 'impressions', 'clicks']);
    // Act
    const { code, stdout } = await runStatus([]);
    // Assess
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.map((line) => line.split(/\s+/)[0])).toEqual([
      'TABLE',
      'advertiser',
      'campaign',
      'clicks',
      'impressions',
    ]);
    const header = lines[0] ?? '';
    for (const title of ['STATE', 'LAST SUCCESS', 'AGE', 'ROWS', 'BACKLOG', 'LAG', 'REJECTED', 'LAST ERROR']) {
      const column = header.indexOf(title);
      expect(column).toBeGreaterThan(0);
      for (const line of lines.slice(1)) expect(line[column - 1]).toBe(' ');
    }
    const impressions = lines.find((line) => line.startsWith('impressions')) ?? '';
    expect(impressions.slice(header.indexOf('STATE')).startsWith('ok ')).toBe(true);
    expect(impressions.slice(header.indexOf('ROWS')).split(/\s+/)[0]).toBe('300');
  });

  it('exits 1 naming a table whose last success is older than its schedule allows, unless allowed more periods', async () => {
    // Prepare: clicks (every minute) last succeeded 10 minutes ago
    await syncTables(['advertiser', 'campaign', 'impressions']);
    await recordOldRun('clicks', 10);
    // Act
    const strict = await runStatus(['--json']);
    const lenient = await runStatus(['--json', '--max-age-periods', '20']);
    const table = await runStatus(['clicks']);
    // Assess
    expect(strict.code).toBe(1);
    const report = JSON.parse(strict.stdout);
    expect(report).toMatchObject({ ok: false, overdue: ['clicks'] });
    const clicks = report.tables.find((t: { table: string }) => t.table === 'clicks');
    expect(clicks).toMatchObject({ state: 'overdue', max_age_s: 180, rows: 20, backlog_ids: 0 });
    expect(clicks.age_s).toBeGreaterThanOrEqual(600);
    expect(lenient.code).toBe(0);
    expect(JSON.parse(lenient.stdout)).toMatchObject({ ok: true, overdue: [] });
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/^clicks\s+overdue\s/m);
  });

  it('shows a table held by an open backfill with its ranges done, exits 0, and ok again after the handover', async () => {
    // Prepare: impressions' backfill stopped after 2 of its 3 ranges; the scheduled sync skips the table meanwhile
    await syncTables(['advertiser', 'campaign', 'clicks']);
    const deps = { clickhouse: db.clickhouse, database: db.config.clickhouseDatabase, pgUrl: db.config.pgUrl };
    const backfill = { ...deps, runId: 'test-backfill' };
    let started = 0;
    const beforeRange = async () => {
      started += 1;
      if (started === 3) throw new Error('stopped before the third range');
    };
    await runBackfill(findTable('impressions'), backfill, { rangeIds: 100, beforeRange }).catch(() => undefined);
    const skipped = await syncOnce(db, 'impressions');
    // Act
    const during = await runStatus(['--json']);
    const text = await runStatus(['impressions']);
    await runBackfill(findTable('impressions'), backfill, { rangeIds: 100 });
    const after = await runStatus(['--json']);
    // Assess
    expect(skipped).toEqual({ table: 'impressions', skipped: 'backfill' });
    expect(during.code).toBe(0);
    const held = JSON.parse(during.stdout).tables.find((t: { table: string }) => t.table === 'impressions');
    expect(held).toMatchObject({ state: 'backfill', backfill: { ranges_done: 2, ranges_total: 3 } });
    expect(held.backfill.progress_age_s).toBeLessThan(60);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^impressions\s+backfill 2\/3\s/m);
    const handedOver = JSON.parse(after.stdout).tables.find((t: { table: string }) => t.table === 'impressions');
    expect(after.code).toBe(0);
    expect(handedOver).toMatchObject({ state: 'ok', backfill: null, backlog_ids: 0 });
  });

  it('exits 1 for a table that never had a successful run', async () => {
    // Prepare
    await syncTables(['advertiser', 'campaign', 'impressions']);
    // Act
    const { code, stdout } = await runStatus(['--json']);
    // Assess
    expect(code).toBe(1);
    const clicks = JSON.parse(stdout).tables.find((t: { table: string }) => t.table === 'clicks');
    expect(clicks).toMatchObject({ state: 'never', last_success_at: null, age_s: null, last_error: null });
  });

  it('shows the last failed `npm run sync` run of a table as its last error', async () => {
    // Prepare
    await syncTables(['advertiser', 'campaign', 'impressions', 'clicks']);
    const env = { CLICKHOUSE_DATABASE: db.config.clickhouseDatabase, PG_URL: 'postgres://x:y@127.0.0.1:1/none' };
    const sync = await waitForExit(spawnCli('sync', ['clicks'], env));
    // Act
    const { code, stdout } = await runStatus([]);
    // Assess
    expect(sync.code).toBe(1);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^clicks\s+failing\s.*\s\d+s ago \(1 since last success\): failed to connect to PostgreSQL for clicks: PostgreSQL unreachable/m,
    );
  });
});
