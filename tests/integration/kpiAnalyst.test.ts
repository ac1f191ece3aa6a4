import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../lib/kpi/openapi.ts';
import { outputSettings } from '../../lib/kpi/query.ts';
import { kpiRoutes } from '../../lib/kpi/routes.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { invokeKpi, kpiEvent, testApiKey } from '../helpers/kpiRequests.ts';
import { syncAll, syncOnce } from '../helpers/runSyncFor.ts';
import { resetSource, sourcePool } from '../helpers/seedPostgres.ts';

// Events placed around day, week, month and zone boundaries (UTC):
//   campaign 1 (Advertiser A, bid 1.25, budget 100.00, flight 2026-11-20..29): 30 impressions + 3 clicks at
//     2026-11-20 03:30 (22:30 the day before in New York), 70 impressions + 7 clicks at 2026-11-20 15:00;
//   campaign 2 (Advertiser A, bid 2.50, budget 250.50, flight 2026-12-10..20): 200 impressions + 10 clicks at
//     2026-11-23 12:00 (a Monday);
//   campaign 3 (advertiser 'Adv, "B"', bid 0.10, budget 0.00, name with a comma, quote, line break and a
//     leading =): 16 impressions + 1 click at 2026-12-01 00:30 (still November in New York);
//   campaign 4 (Adv B, flight ending before it starts), 7 impressions at 2026-11-20 18:45 (00:15 on the 21st in
//     Kolkata, in the UTC hour that starts at 23:30 on the 20th there).
const pool = sourcePool();
const savedEnv = { ...process.env };
let db: TestDatabase;
const trickyName = '=Campaign, "3"\nline two';

async function seedScenario(): Promise<void> {
  await resetSource(pool);
  await pool.query(`INSERT INTO advertiser (name) VALUES ('Advertiser A'), ('Adv, "B"')`);
  await pool.query(
    `INSERT INTO campaign (name, bid, budget, start_date, end_date, advertiser_id) VALUES
       ('Campaign_1', 1.25, 100.00, '2026-11-20', '2026-11-29', 1),
       ('Campaign_2', 2.50, 250.50, '2026-12-10', '2026-12-20', 1),
       ($1, 0.10, 0.00, '2026-11-01', '2026-12-31', 2),
       ('Campaign_4', 1.00, 10.00, '2026-11-25', '2026-11-20', 2)`,
    [trickyName],
  );
  const events: [string, number, number, string][] = [
    ['impressions', 1, 30, '2026-11-20 03:30:00'],
    ['clicks', 1, 3, '2026-11-20 03:40:00'],
    ['impressions', 1, 70, '2026-11-20 15:00:00'],
    ['clicks', 1, 7, '2026-11-20 15:10:00'],
    ['impressions', 2, 200, '2026-11-23 12:00:00'],
    ['clicks', 2, 10, '2026-11-23 12:05:00'],
    ['impressions', 3, 16, '2026-12-01 00:30:00'],
    ['clicks', 3, 1, '2026-12-01 00:35:00'],
    ['impressions', 4, 7, '2026-11-20 18:45:00'],
  ];
  for (const [table, campaign, count, at] of events) {
    await pool.query(
      `INSERT INTO ${table} (campaign_id, created_at) SELECT $1, $2::timestamp + make_interval(secs => g % 60)
       FROM generate_series(1, $3) g`,
      [campaign, at, count],
    );
  }
}

beforeAll(async () => {
  await seedScenario();
  db = await createTestDatabase();
  await syncAll(db);
  process.env.CLICKHOUSE_DATABASE = db.config.clickhouseDatabase;
  process.env.KPI_API_KEY = testApiKey;
  process.env.LOG_LEVEL = 'WARN';
});
afterAll(async () => {
  process.env = { ...savedEnv };
  await db.drop();
  await pool.end();
});

async function kpi(route: string, query: Record<string, string> = {}, now?: Date) {
  const reply = await invokeKpi(kpiEvent(`/kpi/${route}`, { query }), now ? { now } : {});
  if (reply.status !== 200) throw new Error(`${route}: ${reply.status} ${reply.text}`);
  return reply;
}

/** The time series computed independently in PostgreSQL: exact local buckets and numeric arithmetic. */
async function expectedSeries(tz: string, granularity: string, groupBy: 'none' | 'campaign') {
  const key = groupBy === 'campaign' ? 'campaign_id' : 'NULL::int';
  const result = await pool.query(
    `WITH events AS (
       SELECT campaign_id, date_trunc($2, (created_at AT TIME ZONE 'UTC') AT TIME ZONE $1) AS period, 1 AS i, 0 AS c
       FROM impressions
       UNION ALL
       SELECT campaign_id, date_trunc($2, (created_at AT TIME ZONE 'UTC') AT TIME ZONE $1), 0, 1 FROM clicks
     ), sums AS (
       SELECT period, ${key} AS campaign_id, sum(i) AS impressions, sum(c) AS clicks, sum(c * bid) AS spend
       FROM events JOIN campaign ON campaign.id = events.campaign_id
       GROUP BY 1, 2
     )
     SELECT to_char(period, 'YYYY-MM-DD"T"HH24:MI:SS') AS local_start, campaign_id, impressions::text AS impressions,
            clicks::text AS clicks,
            CASE WHEN impressions = 0 THEN NULL ELSE round(clicks::numeric / impressions, 4)::text END AS ctr,
            spend::numeric(20, 2)::text AS spend,
            CASE WHEN clicks = 0 THEN NULL ELSE round(spend / clicks, 2)::text END AS cpc,
            CASE WHEN impressions = 0 THEN NULL ELSE round(spend * 1000 / impressions, 2)::text END AS cpm
     FROM sums ORDER BY period, campaign_id`,
    [tz, granularity],
  );
  return result.rows;
}

describe('KPI time zones and granularity', () => {
  it('counts an event at 03:30 UTC on the previous New York day, and every day of the range in New York days', async () => {
    // Prepare
    const range = { from: '2026-11-19', to: '2026-11-20' };
    // Act
    const utc = await kpi('daily-impressions-clicks', range);
    const newYork = await kpi('daily-impressions-clicks', { ...range, tz: 'America/New_York' });
    // Assess
    expect(utc.exactData).toEqual([{ date: '2026-11-20', daily_impressions: '107', daily_clicks: '10' }]);
    expect(newYork.exactData).toEqual([
      { date: '2026-11-19', daily_impressions: '30', daily_clicks: '3' },
      { date: '2026-11-20', daily_impressions: '77', daily_clicks: '7' },
    ]);
  });

  it.each([
    ['UTC', 'hour'],
    ['UTC', 'day'],
    ['America/New_York', 'day'],
    ['America/New_York', 'week'],
    ['America/New_York', 'month'],
    ['Europe/Paris', 'month'],
    ['Asia/Tokyo', 'week'],
  ])('returns in %s per %s exactly the sums and metrics PostgreSQL computes', async (tz, granularity) => {
    // Prepare
    const expected = await expectedSeries(tz, granularity, 'none');
    // Act
    const reply = await kpi('timeseries', { tz, granularity });
    // Assess
    const rows = reply.exactData.map(({ period_start, advertiser_id, campaign_id, ...metrics }) => ({
      local_start: String(period_start).slice(0, 19),
      campaign_id,
      ...metrics,
    }));
    expect(rows).toEqual(expected);
    for (const row of reply.exactData)
      expect(row.period_start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  });

  it('labels periods with the offset in force: New York weeks start Mondays at -05:00, November at -04:00', async () => {
    // Prepare
    const weekly = { tz: 'America/New_York', granularity: 'week', group_by: 'campaign' };
    const monthly = { tz: 'America/New_York', granularity: 'month' };
    // Act
    const weeks = await kpi('timeseries', weekly);
    const months = await kpi('timeseries', monthly);
    // Assess
    const pick = (row: Record<string, unknown>) => [
      row.period_start,
      row.campaign_id,
      row.advertiser_id,
      row.impressions,
      row.clicks,
    ];
    expect(weeks.exactData.map(pick)).toEqual([
      ['2026-11-16T00:00:00-05:00', 1, 1, '100', '10'],
      ['2026-11-16T00:00:00-05:00', 4, 2, '7', '0'],
      ['2026-11-23T00:00:00-05:00', 2, 1, '200', '10'],
      ['2026-11-30T00:00:00-05:00', 3, 2, '16', '1'],
    ]);
    expect(months.exactData.map(pick)).toEqual([['2026-11-01T00:00:00-04:00', null, null, '323', '21']]);
  });

  it('moves day boundaries of a :30 zone to the next whole UTC hour and says so in tz_exact', async () => {
    // Prepare: 18:45 UTC on the 20th is 00:15 on the 21st in Kolkata, in the UTC hour starting 23:30 on the 20th
    const query = { campaign_id: '4', tz: 'Asia/Kolkata' };
    // Act
    const days = await kpi('daily-impressions-clicks', query);
    const utcDays = await kpi('daily-impressions-clicks', { campaign_id: '4' });
    // Assess
    expect(days.exactData).toEqual([{ date: '2026-11-20', daily_impressions: '7', daily_clicks: '0' }]);
    expect(days.body.meta).toMatchObject({ tz_exact: false });
    expect(utcDays.body.meta).toMatchObject({ tz_exact: true });
  });
});

describe('KPI routes kept as they were', () => {
  it.each([
    ['campaigns-ctr', 'campaigns_ctr', 'advertiser_id = NULL, campaign_id = NULL,'],
    ['daily-impressions-clicks', 'daily_impressions_clicks', 'advertiser_id = NULL, campaign_id = NULL,'],
    ['campaign-spend', 'campaign_spend', 'advertiser_id = NULL, campaign_id = NULL,'],
    ['campaign-costs', 'campaign_costs', 'advertiser_id = NULL, campaign_id = NULL,'],
    ['advertisers', 'advertiser_kpis', 'advertiser_id = NULL,'],
  ])('answers /kpi/%s in UTC exactly as the view %s does, unfiltered and for one day', async (route, view, ids) => {
    // Prepare
    const read = async (query: string) =>
      (await db.clickhouse.query({ query, format: 'JSONEachRow', clickhouse_settings: outputSettings })).json();
    const plain = await read(`SELECT * FROM ${view}`);
    const oneDay = await read(
      `SELECT * FROM ${view}_filtered(${ids} date_from = '2026-11-20', date_to = '2026-11-20')`,
    );
    // Act
    const all = await kpi(route);
    const day = await kpi(route, { from: '2026-11-20', to: '2026-11-20' });
    // Assess
    expect(all.exactData).toEqual(plain);
    expect(day.exactData).toEqual(oneDay);
    expect(plain.length).toBeGreaterThan(0);
  });
});

describe('KPI performance and pacing', () => {
  it('computes impressions, clicks, CTR, spend, CPC and CPM from sums per campaign and per advertiser', async () => {
    // Prepare
    const query = { from: '2026-11-01', to: '2026-12-31' };
    // Act
    const campaigns = await kpi('performance', query);
    const advertisers = await kpi('performance', { ...query, group_by: 'advertiser' });
    // Assess
    expect(campaigns.exactData).toEqual([
      row(1, 'Advertiser A', 1, 'Campaign_1', ['100', '10', '0.1000', '12.50', '1.25', '125.00']),
      row(1, 'Advertiser A', 2, 'Campaign_2', ['200', '10', '0.0500', '25.00', '2.50', '125.00']),
      row(2, 'Adv, "B"', 3, trickyName, ['16', '1', '0.0625', '0.10', '0.10', '6.25']),
      row(2, 'Adv, "B"', 4, 'Campaign_4', ['7', '0', '0.0000', '0.00', null, '0.00']),
    ]);
    // Advertiser A: CTR 20 / 300 = 0.0667 from the sums, not the mean of its campaigns' CTRs (0.0750); CPC
    // 37.50 / 20 = 1.875 rounds half away from zero to 1.88.
    expect(advertisers.exactData).toEqual([
      row(1, 'Advertiser A', null, null, ['300', '20', '0.0667', '37.50', '1.88', '125.00']),
      row(2, 'Adv, "B"', null, null, ['23', '1', '0.0435', '0.10', '0.10', '4.35']),
    ]);
  });

  it('paces spend in the flight against the elapsed share of the flight, in the zone of the flight days', async () => {
    // Prepare: 2026-11-22 00:00 UTC is 2 of campaign 1's 10 flight days in UTC, 43 of its 240 hours in New York
    const now = new Date('2026-11-22T00:00:00Z');
    // Act
    const utc = await kpi('pacing', {}, now);
    const newYork = await kpi('pacing', { tz: 'America/New_York', campaign_id: '1' }, now);
    // Assess
    const pacing = (data: Record<string, unknown>[]) =>
      data.map((r) => [r.campaign_id, r.spend, r.budget_used, r.flight_elapsed, r.expected_spend, r.pacing]);
    expect(pacing(utc.exactData)).toEqual([
      [1, '12.50', '0.1250', '0.2000', '20.00', '0.6250'],
      [2, '0.00', '0.0000', '0.0000', '0.00', null],
      [3, '0.00', null, '0.3443', '0.00', null],
      [4, '0.00', '0.0000', null, null, null],
    ]);
    // Only the 7 clicks at 10:10 New York time fall in the flight (the 3 at 22:40 the day before do not)
    expect(pacing(newYork.exactData)).toEqual([[1, '8.75', '0.0875', '0.1792', '17.92', '0.4884']]);
    expect(utc.body.meta).toMatchObject({ generated_at: '2026-11-22T00:00:00.000Z' });
  });
});

function row(
  advertiserId: number | null,
  advertiserName: string | null,
  campaignId: number | null,
  campaignName: string | null,
  [impressions, clicks, ctr, spend, cpc, cpm]: (string | null)[],
) {
  return {
    advertiser_id: advertiserId,
    advertiser_name: advertiserName,
    campaign_id: campaignId,
    campaign_name: campaignName,
    impressions,
    clicks,
    ctr,
    spend,
    cpc,
    cpm,
  };
}

describe('KPI CSV', () => {
  it('writes RFC 4180 CSV with a header row, CRLF, quoted fields, escaped formulas and the JSON rows exact digits', async () => {
    // Prepare
    const query = { from: '2026-11-01', to: '2026-12-31' };
    // Act
    const csv = await kpi('performance', { ...query, format: 'csv' });
    const json = await kpi('performance', query);
    // Assess
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="performance.csv"');
    expect(csv.text).toBe(
      [
        'advertiser_id,advertiser_name,campaign_id,campaign_name,impressions,clicks,ctr,spend,cpc,cpm',
        '1,Advertiser A,1,Campaign_1,100,10,0.1000,12.50,1.25,125.00',
        '1,Advertiser A,2,Campaign_2,200,10,0.0500,25.00,2.50,125.00',
        `2,"Adv, ""B""",3,"'=Campaign, ""3""\nline two",16,1,0.0625,0.10,0.10,6.25`,
        '2,"Adv, ""B""",4,Campaign_4,7,0,0.0000,0.00,,0.00',
        '',
      ].join('\r\n'),
    );
    expect(json.exactData).toHaveLength(4);
  });

  it('carries generated_at, complete_through, tz_exact and the next page token as headers', async () => {
    // Prepare
    const query = { format: 'csv', limit: '1', tz: 'Asia/Kathmandu' };
    // Act
    const csv = await kpi('pacing', query);
    const json = await kpi('pacing', { limit: '1', tz: 'Asia/Kathmandu' });
    // Assess
    const meta = json.body.meta as Record<string, unknown>;
    const freshness = Object.entries(meta.complete_through as Record<string, string>)
      .map(([table, instant]) => `${table}=${instant}`)
      .join(', ');
    expect(csv.headers).toMatchObject({
      'x-generated-at': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      'x-complete-through': freshness,
      'x-tz-exact': 'false',
      'x-has-more': 'true',
      'x-next-page-token': meta.next_page_token,
    });
  });
});

describe('KPI pages and freshness', () => {
  it('walks every row with limit and next_page_token, then stops with null', async () => {
    // Prepare
    const query = { tz: 'America/New_York', group_by: 'campaign', granularity: 'day' };
    const all = await kpi('timeseries', query);
    // Act
    const pages = [];
    let token: string | null = null;
    do {
      const reply = await kpi('timeseries', { ...query, limit: '2', ...(token ? { page_token: token } : {}) });
      pages.push(reply);
      token = (reply.body.meta as { next_page_token: string | null }).next_page_token;
    } while (token !== null && pages.length < 10);
    // Assess
    expect(pages.flatMap((page) => page.exactData)).toEqual(all.exactData);
    expect(pages.map((page) => page.exactData.length)).toEqual([2, 2, 1]);
    expect(pages.map((page) => (page.body.meta as { has_more: boolean }).has_more)).toEqual([true, true, false]);
  });

  it('answers 400 naming page_token when the token is replayed with other filters', async () => {
    // Prepare
    const first = await kpi('performance', { limit: '1' });
    const token = (first.body.meta as { next_page_token: string }).next_page_token;
    // Act
    const reply = await invokeKpi(kpiEvent('/kpi/performance', { query: { page_token: token, advertiser_id: '1' } }));
    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ parameter: 'page_token' });
  });

  it('reports complete_through per source table from the sync state, null for a table never synced', async () => {
    // Prepare
    const partial = await createTestDatabase();
    await syncOnce(partial, 'campaign');
    await syncOnce(partial, 'impressions');
    const rows = await db.rows<{ table_name: string; complete_through: string }>(
      'SELECT table_name, toString(max(finished_at - toIntervalMillisecond(duration_ms))) AS complete_through ' +
        'FROM sync_state WHERE complete = 1 GROUP BY table_name ORDER BY table_name',
    );
    // Act
    const full = await kpi('campaigns-ctr');
    process.env.CLICKHOUSE_DATABASE = partial.config.clickhouseDatabase;
    const half = await kpi('campaigns-ctr').finally(() => {
      process.env.CLICKHOUSE_DATABASE = db.config.clickhouseDatabase;
    });
    await partial.drop();
    // Assess
    expect((full.body.meta as { complete_through: unknown }).complete_through).toEqual(
      Object.fromEntries(rows.map((r) => [r.table_name, `${r.complete_through.replace(' ', 'T')}Z`])),
    );
    expect((half.body.meta as { complete_through: Record<string, unknown> }).complete_through).toEqual({
      advertiser: null,
      campaign: expect.any(String),
      clicks: null,
      impressions: expect.any(String),
    });
  });
});

describe('KPI OpenAPI document', () => {
  const document = openApiDocument() as { paths: Record<string, { get: OpenApiOperation }> };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(document, 'openapi');
  const pointer = (path: string, ...rest: string[]) =>
    ['openapi#', 'paths', path, 'get', ...rest]
      .map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1'))
      .join('/');

  it.each([...kpiRoutes.values()].map((route) => route.name))(
    'describes /kpi/%s: real JSON pages and 400 errors match its schemas, and it lists exactly the parameters accepted',
    async (name) => {
      // Prepare
      const path = `/kpi/${name}`;
      const operation = document.paths[path]?.get;
      const required = Object.fromEntries(
        (operation?.parameters ?? []).filter((p) => p.required).map((p) => [p.name, p.schema.examples?.[0] ?? '']),
      );
      const validPage = ajv.getSchema(pointer(path, 'responses', '200', 'content', 'application/json', 'schema'));
      const validError = ajv.getSchema('openapi#/components/schemas/Error');
      // Act
      const page = await invokeKpi(kpiEvent(path, { query: { ...required, limit: '2' } }));
      const bad = await invokeKpi(kpiEvent(path, { query: { ...required, limit: 'many' } }));
      const unknown = await invokeKpi(kpiEvent(path, { query: { ...required, not_a_parameter: '1' } }));
      // Assess
      expect(page.status).toBe(200);
      expect(validPage?.(page.body), JSON.stringify(validPage?.errors)).toBe(true);
      expect(validError?.(bad.body), JSON.stringify(validError?.errors)).toBe(true);
      const accepted = String((unknown.body.error as { message: string }).message).split('accepted: ')[1];
      expect(accepted?.split(', ')).toEqual(operation?.parameters.map((p) => p.name));
    },
  );

  it('documents every value of every enumerated parameter, and the API accepts each of them', async () => {
    // Prepare
    const requests = Object.entries(document.paths).flatMap(([path, item]) =>
      (item.get.parameters ?? []).flatMap((p) =>
        (p.schema.enum ?? []).map((value) => ({ path, query: { [p.name]: String(value) } })),
      ),
    );
    // Act
    const statuses = [];
    for (const request of requests) {
      const query = request.path.includes('hourly') ? { ...request.query, date: '2026-11-20' } : request.query;
      statuses.push((await invokeKpi(kpiEvent(request.path, { query }))).status);
    }
    // Assess
    expect(requests.length).toBeGreaterThan(30);
    expect(statuses).toEqual(requests.map(() => 200));
  });
});

describe('KPI time zone names', () => {
  it('answers every zone the validator accepts: 200 where ClickHouse knows it, else 400 naming tz', async () => {
    // Prepare: every 10th zone Node knows, and every one ClickHouse does not know (newer tzdata in Node)
    const zones = Intl.supportedValuesOf('timeZone');
    const known = new Set(
      (await db.rows<{ time_zone: string }>('SELECT time_zone FROM system.time_zones')).map((row) => row.time_zone),
    );
    const sample = zones.filter((zone, index) => index % 10 === 0 || !known.has(zone));
    // Act
    const replies = [];
    for (const tz of sample) replies.push(await invokeKpi(kpiEvent('/kpi/timeseries', { query: { tz, limit: '1' } })));
    // Assess
    expect(replies.map((reply) => [reply.status, (reply.body.error as { parameter?: string })?.parameter])).toEqual(
      sample.map((zone) => (known.has(zone) ? [200, undefined] : [400, 'tz'])),
    );
    expect(sample.length).toBeGreaterThan(40);
  });
});

interface OpenApiOperation {
  readonly parameters: { name: string; required: boolean; schema: { enum?: unknown[]; examples?: string[] } }[];
}
