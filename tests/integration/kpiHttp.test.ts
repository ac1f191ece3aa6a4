import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getKpis } from '../../lib/kpi/http.ts';
import { httpHandler } from '../../lib/lambda/http.ts';
import { startKpiServer } from '../../lib/local/kpiServer.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { startFakeSsm } from '../helpers/fakeSsm.ts';
import { exactRows, invokeKpi, type KpiReply, kpiEvent, testApiKey } from '../helpers/kpiRequests.ts';
import { lambdaContext } from '../helpers/lambdaContext.ts';
import { captureLogLines } from '../helpers/logLines.ts';
import { syncAll } from '../helpers/runSyncFor.ts';
import { insertAdvertiser, insertCampaign, insertEvents, resetSource, sourcePool } from '../helpers/seedPostgres.ts';

const pool = sourcePool();
const savedEnv = { ...process.env };
let db: TestDatabase;
let campaignRows: unknown[];

beforeAll(async () => {
  await resetSource(pool);
  const advertiser = await insertAdvertiser(pool, 'Advertiser A');
  const campaign = await insertCampaign(pool, advertiser, { name: "Campaign 'quoted'", bid: '1.00', budget: '10.00' });
  await insertEvents(pool, 'impressions', campaign, 20);
  await insertEvents(pool, 'clicks', campaign, 2);
  db = await createTestDatabase();
  await syncAll(db);
  process.env.CLICKHOUSE_DATABASE = db.config.clickhouseDatabase;
  process.env.KPI_API_KEY = testApiKey;
  process.env.LOG_LEVEL = 'WARN'; // one INFO line per request is checked in kpiHttp.test.ts only
  campaignRows = (await invokeKpi(kpiEvent('/kpi/campaigns-ctr'))).exactData as unknown[];
});
afterAll(async () => {
  process.env = { ...savedEnv };
  await db.drop();
  await pool.end();
});

function expectNoInternals(reply: KpiReply): void {
  const text = JSON.stringify(reply.body);
  expect(text).not.toMatch(/\bat .+:\d+|Error:|Code: \d+|DB::Exception|stack/);
}

describe('KPI authentication', () => {
  it.each([
    ['missing', null],
    ['empty', ''],
    ['wrong', 'not-the-key'],
    ['differently cased', testApiKey.toUpperCase()],
    ['with a trailing space', `${testApiKey} `],
  ])('answers 401 to a %s x-api-key, before looking at the route', async (_case, apiKey) => {
    // Prepare
    const events = [kpiEvent('/kpi/campaigns-ctr', { apiKey }), kpiEvent('/kpi/no-such-kpi', { apiKey })];
    // Act
    const replies = await Promise.all(events.map((event) => invokeKpi(event)));
    // Assess
    for (const reply of replies) {
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({ error: { status: 401, message: 'missing or wrong x-api-key header' } });
    }
  });

  it('accepts the key from SSM, and both keys while SSM holds "new,old" during a rotation', async () => {
    // Prepare
    const ssm = await startFakeSsm({ '/pg2ch/test/kpi-api-key': 'rotated-new-key,rotated-old-key' });
    Object.assign(process.env, {
      SSM_KPI_API_KEY: '/pg2ch/test/kpi-api-key',
      AWS_ENDPOINT_URL_SSM: ssm.url,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
    // Act
    const replies = [];
    for (const apiKey of ['rotated-new-key', 'rotated-old-key', testApiKey]) {
      replies.push((await invokeKpi(kpiEvent('/kpi/campaigns-ctr', { apiKey }))).status);
    }
    await ssm.close();
    for (const name of ['SSM_KPI_API_KEY', 'AWS_ENDPOINT_URL_SSM']) delete process.env[name];
    // Assess
    expect(replies).toEqual([200, 200, 401]);
    expect(ssm.requested).toContain('/pg2ch/test/kpi-api-key');
  });
});

describe('KPI routes', () => {
  it.each(['/kpi/nope', '/kpi/campaigns-ctr/', '/kpi', '/KPI/campaigns-ctr', '/kpi/campaigns_ctr', '/'])(
    'answers 404 with a JSON body for %s',
    async (path) => {
      // Prepare
      const event = kpiEvent(path);
      // Act
      const reply = await invokeKpi(event);
      // Assess
      expect(reply.status).toBe(404);
      expect(reply.body).toEqual({
        error: { status: 404, message: 'no such KPI; see the README, section KPIs, for the routes' },
      });
    },
  );

  it('answers 405 with an Allow header to a method other than GET', async () => {
    // Prepare
    const event = kpiEvent('/kpi/campaigns-ctr', { method: 'POST' });
    // Act
    const reply = await invokeKpi(event);
    // Assess
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET');
  });

  it('pages with limit and says when more rows follow', async () => {
    // Prepare
    const event = kpiEvent('/kpi/advertisers', { query: { limit: '1' } });
    // Act
    const reply = await invokeKpi(event);
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.meta).toEqual({
      kpi: 'advertisers',
      filters: { advertiser_id: null, from: null, to: null, preset: null, tz: 'UTC' },
      limit: 1,
      rows: 1,
      has_more: false,
      next_page_token: null,
      generated_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      complete_through: expect.any(Object),
      tz_exact: true,
    });
  });
});

describe('KPI public routes', () => {
  it('serves the dashboard and the OpenAPI document without a key, and only to GET', async () => {
    // Prepare
    const events = [
      kpiEvent('/dashboard', { apiKey: null }),
      kpiEvent('/kpi/openapi.json', { apiKey: null }),
      kpiEvent('/dashboard', { apiKey: null, method: 'POST' }),
    ];
    // Act
    const handler = httpHandler(getKpis, { ssmCacheExpiryMs: 0, ssmPrefetch: false });
    const [page, openapi, post] = (await Promise.all(
      events.map((event) => handler(event, lambdaContext())),
    )) as APIGatewayProxyStructuredResultV2[];
    // Assess
    expect([page?.statusCode, openapi?.statusCode, post?.statusCode]).toEqual([200, 200, 405]);
    expect(page?.headers?.['content-security-policy']).toMatch(/^default-src 'none'; script-src 'sha256-/);
    expect(String(page?.body)).toMatch(/^<!doctype html>/);
    expect(JSON.parse(String(openapi?.body)).paths['/kpi/timeseries'].get.operationId).toBe('timeseries');
  });
});

describe('KPI meta', () => {
  it('lists the filters the route accepts with the values given, the day of the hourly route as date', async () => {
    // Prepare
    const event = kpiEvent('/kpi/hourly-impressions-clicks', { query: { date: '2026-11-20', campaign_id: '1' } });
    // Act
    const reply = await invokeKpi(event);
    // Assess
    expect(reply.body.meta).toMatchObject({
      kpi: 'hourly-impressions-clicks',
      filters: { date: '2026-11-20', advertiser_id: null, campaign_id: 1, tz: 'UTC' },
      limit: 1000,
      rows: 1,
      has_more: false,
    });
  });
});

const long = 'x'.repeat(100_000);

describe('KPI query-string validation', () => {
  it.each([
    ['campaigns-ctr', { foo: '1' }, 'foo'],
    ['campaigns-ctr', { From: '2026-01-01' }, 'From'],
    ['campaigns-ctr', { date: '2026-01-01' }, 'date'],
    ['advertisers', { campaign_id: '1' }, 'campaign_id'],
    ['hourly-impressions-clicks', {}, 'date'],
    ['hourly-impressions-clicks', { date: '2026-11-20', from: '2026-11-20' }, 'from'],
    ['campaigns-ctr', { advertiser_id: 'abc' }, 'advertiser_id'],
    ['campaigns-ctr', { advertiser_id: '0' }, 'advertiser_id'],
    ['campaigns-ctr', { advertiser_id: '-1' }, 'advertiser_id'],
    ['campaigns-ctr', { advertiser_id: '1.5' }, 'advertiser_id'],
    ['campaigns-ctr', { advertiser_id: '01' }, 'advertiser_id'],
    ['campaigns-ctr', { advertiser_id: '2147483648' }, 'advertiser_id'],
    ['campaigns-ctr', { campaign_id: '' }, 'campaign_id'],
    ['campaigns-ctr', { campaign_id: '1,2' }, 'campaign_id'],
    ['daily-impressions-clicks', { from: '2026-13-01' }, 'from'],
    ['daily-impressions-clicks', { from: '2026-02-30' }, 'from'],
    ['daily-impressions-clicks', { from: '20261101' }, 'from'],
    ['daily-impressions-clicks', { from: '2026-11-01T00:00:00Z' }, 'from'],
    ['daily-impressions-clicks', { from: '1969-12-31' }, 'from'],
    ['daily-impressions-clicks', { to: '2106-01-01' }, 'to'],
    ['daily-impressions-clicks', { to: 'yesterday' }, 'to'],
    ['daily-impressions-clicks', { from: '2026-11-21', to: '2026-11-20' }, 'from'],
    ['daily-impressions-clicks', { from: '2025-01-01', to: '2026-01-02' }, 'to'],
    ['hourly-impressions-clicks', { date: '2026-11-31' }, 'date'],
    ['campaigns-ctr', { limit: '0' }, 'limit'],
    ['campaigns-ctr', { limit: '10001' }, 'limit'],
    ['campaigns-ctr', { limit: '1e3' }, 'limit'],
    ['campaigns-ctr', { limit: '' }, 'limit'],
  ])('answers 400 to /kpi/%s?%j naming %s', async (route, query, parameter) => {
    // Prepare
    const event = kpiEvent(`/kpi/${route}`, { query });
    // Act
    const reply = await invokeKpi(event);
    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: { status: 400, parameter, message: expect.any(String) } });
    expect((reply.body.error as { message: string }).message).toContain(parameter);
    expectNoInternals(reply);
  });

  it.each([
    ['daily-impressions-clicks', { from: '2024-01-01', to: '2024-12-31' }],
    ['daily-impressions-clicks', { from: '1970-01-01', to: '1970-01-01' }],
    ['daily-impressions-clicks', { from: '2105-12-31' }],
    ['campaigns-ctr', { limit: '10000' }],
    ['campaigns-ctr', { limit: '1', advertiser_id: '2147483647' }],
  ])('accepts the boundary values /kpi/%s?%j', async (route, query) => {
    // Prepare
    const event = kpiEvent(`/kpi/${route}`, { query });
    // Act
    const reply = await invokeKpi(event);
    // Assess
    expect(reply.status).toBe(200);
  });
});

const payloads = [
  "1' OR '1'='1",
  '1; DROP TABLE campaign',
  "'); DROP TABLE campaign; --",
  '{x:String}',
  '{advertiser_id:Nullable(Int32)}',
  '1) OR (1=1',
  '\\N',
  'NULL',
  '1 UNION SELECT name FROM system.tables',
  'ñandú 😀 日本',
  '\u0000',
  '2026-01-01\u0000',
  '２０２６-０１-０１',
  '١٢',
  long,
];

const parameters = [
  ['campaigns-ctr', 'advertiser_id'],
  ['campaigns-ctr', 'campaign_id'],
  ['campaign-spend', 'from'],
  ['campaign-costs', 'to'],
  ['advertisers', 'limit'],
  ['hourly-impressions-clicks', 'date'],
  ['timeseries', 'tz'],
  ['timeseries', 'granularity'],
  ['timeseries', 'group_by'],
  ['performance', 'preset'],
  ['campaigns-ctr', 'format'],
  ['pacing', 'page_token'],
] as const;

describe('KPI injection attempts', () => {
  it.each(parameters)('answers 400 naming the parameter to every payload in /kpi/%s?%s=', async (route, parameter) => {
    // Prepare
    const events = payloads.map((payload) => kpiEvent(`/kpi/${route}`, { query: { [parameter]: payload } }));
    // Act
    const replies = [];
    for (const event of events) replies.push(await invokeKpi(event));
    // Assess
    for (const reply of replies) {
      expect(reply.status).toBe(400);
      expect((reply.body.error as { parameter: string }).parameter).toBe(parameter);
      expect(JSON.stringify(reply.body).length).toBeLessThan(400);
      expectNoInternals(reply);
    }
  });

  it('answers 400 to every payload used as a parameter name, and the data is intact afterwards', async () => {
    // Prepare
    const events = payloads.map((payload) => kpiEvent('/kpi/campaigns-ctr', { query: { [payload]: '1' } }));
    // Act
    const replies = [];
    for (const event of events) replies.push(await invokeKpi(event));
    const after = await invokeKpi(kpiEvent('/kpi/campaigns-ctr'));
    // Assess
    expect(replies.map((reply) => reply.status)).toEqual(payloads.map(() => 400));
    for (const reply of replies) expect(JSON.stringify(reply.body).length).toBeLessThan(400);
    expect(after.exactData).toEqual(campaignRows);
  });

  it('returns correct empty results for well-formed ids that match nothing', async () => {
    // Prepare
    const queries: Record<string, string>[] = [
      { advertiser_id: '999' },
      { campaign_id: '2147483647' },
      { from: '2030-01-01' },
    ];
    // Act
    const replies = [];
    for (const query of queries) replies.push(await invokeKpi(kpiEvent('/kpi/daily-impressions-clicks', { query })));
    // Assess
    expect(replies.map((reply) => [reply.status, reply.exactData])).toEqual(queries.map(() => [200, []]));
  });

  it('echoes a campaign name with quotes exactly', async () => {
    // Prepare: campaign "Campaign 'quoted'" seeded in beforeAll
    // Act
    const reply = await invokeKpi(kpiEvent('/kpi/campaigns-ctr', { query: { advertiser_id: '1' } }));
    // Assess
    expect((reply.exactData as { name: string }[]).map((row) => row.name)).toEqual(["Campaign 'quoted'"]);
  });
});

describe('KPI errors and logging', () => {
  it('writes exactly one JSON log line per request, with status and duration and no key', async () => {
    // Prepare
    const events = [
      kpiEvent('/kpi/campaigns-ctr'),
      kpiEvent('/kpi/campaigns-ctr', { query: { limit: '0' } }),
      kpiEvent('/kpi/campaigns-ctr', { apiKey: 'wrong' }),
    ];
    process.env.LOG_LEVEL = 'INFO';
    // Act
    const lines = await captureLogLines(async () => {
      for (const event of events) await invokeKpi(event);
    });
    process.env.LOG_LEVEL = 'WARN';
    // Assess
    expect(lines).toHaveLength(3);
    expect(lines.map((line) => [line.level, line.message, line.status, line.path])).toEqual([
      ['INFO', 'kpi request', 200, '/kpi/campaigns-ctr'],
      ['INFO', 'kpi request', 400, '/kpi/campaigns-ctr'],
      ['INFO', 'kpi request', 401, '/kpi/campaigns-ctr'],
    ]);
    expect(lines[0]).toMatchObject({ kpi: 'campaigns-ctr', rows: 1, method: 'GET' });
    expect(lines[1]).toMatchObject({ parameter: 'limit' });
    for (const line of lines) expect(typeof line.duration_ms).toBe('number');
    expect(JSON.stringify(lines)).not.toContain(testApiKey);
  });

  it('answers 500 with a generic body and logs the details when ClickHouse is unreachable', async () => {
    // Prepare
    process.env.CLICKHOUSE_URL = 'http://127.0.0.1:9';
    let reply: KpiReply | undefined;
    // Act
    const lines = await captureLogLines(async () => {
      reply = await invokeKpi(kpiEvent('/kpi/campaigns-ctr'));
    });
    process.env.CLICKHOUSE_URL = savedEnv.CLICKHOUSE_URL;
    // Assess
    expect(reply?.status).toBe(500);
    expect(reply?.body).toEqual({
      error: {
        status: 500,
        message: 'internal error; quote request id c6af9ac6-7b61-11e6-9a41-93e812345678 when reporting it',
      },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'ERROR', message: 'kpi request failed', status: 500 });
    expect(lines[0]?.error).toMatchObject({ message: expect.stringContaining('ECONNREFUSED') });
  });

  it('answers 500 and logs a ConfigError when no API key is configured', async () => {
    // Prepare
    process.env.KPI_API_KEY = ' , ';
    let reply: KpiReply | undefined;
    // Act
    const lines = await captureLogLines(async () => {
      reply = await invokeKpi(kpiEvent('/kpi/campaigns-ctr'));
    });
    process.env.KPI_API_KEY = testApiKey;
    // Assess
    expect(reply?.status).toBe(500);
    expect(lines[0]).toMatchObject({ level: 'ERROR', error: { name: 'ConfigError' } });
  });
});

describe('local KPI server', () => {
  it('serves the handler over HTTP, joining a repeated parameter as API Gateway does', async () => {
    // Prepare
    const server = await startKpiServer({ port: 0 });
    const get = (path: string, key: string | null = testApiKey) =>
      fetch(`${server.url}${path}`, { headers: key ? { 'x-api-key': key } : {} });
    // Act
    const ok = await get('/kpi/campaigns-ctr?advertiser_id=1');
    const repeated = await get('/kpi/campaigns-ctr?limit=1&limit=2');
    const unknown = await get('/kpi/nope');
    const anonymous = await get('/kpi/campaigns-ctr', null);
    const okText = await ok.text();
    const bodies = [JSON.parse(okText), await repeated.json()] as Record<string, unknown>[];
    await server.close();
    // Assess
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect([ok.status, repeated.status, unknown.status, anonymous.status]).toEqual([200, 400, 404, 401]);
    expect(ok.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(exactRows('/kpi/campaigns-ctr', okText)).toEqual(campaignRows);
    expect(bodies[1]).toMatchObject({ error: { parameter: 'limit' } });
  });
});
