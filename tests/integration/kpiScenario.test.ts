import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import {
  exactRows,
  expectedCampaignsCtr,
  invokeKpi,
  kpiEvent,
  seedOriginalScenario,
  testApiKey,
} from '../helpers/kpiRequests.ts';
import { syncAll } from '../helpers/runSyncFor.ts';
import { sourcePool } from '../helpers/seedPostgres.ts';

// The original README's "Check KPI Queries" scenario, exactly, through the views, the Lambda handler and
// serverless-offline.
const pool = sourcePool();
const savedEnv = { ...process.env };
let db: TestDatabase;
let expected: Record<string, unknown>[];

/** The API's representation of decimals (quoted, fixed scale), for comparing views with PostgreSQL's text. */
const apiSettings = {
  output_format_json_quote_decimals: 1,
  output_format_decimal_trailing_zeros: 1,
  output_format_json_quote_64bit_integers: 1,
} as const;

beforeAll(async () => {
  await seedOriginalScenario(pool);
  db = await createTestDatabase();
  await syncAll(db);
  expected = await expectedCampaignsCtr(pool);
  process.env.CLICKHOUSE_DATABASE = db.config.clickhouseDatabase;
  process.env.KPI_API_KEY = testApiKey;
  process.env.LOG_LEVEL = 'WARN'; // one INFO line per request is checked in kpiHttp.test.ts only
});
afterAll(async () => {
  process.env = { ...savedEnv };
  await db.drop();
  await pool.end();
});

async function viewRows(query: string): Promise<Record<string, unknown>[]> {
  const result = await db.clickhouse.query({ query, format: 'JSONEachRow', clickhouse_settings: apiSettings });
  return result.json();
}

function expectScenarioNumbers(rows: Record<string, unknown>[]): void {
  const budgets = new Map(expected.map((row) => [row.id, row.budget]));
  expect(rows).toHaveLength(12);
  const ten = rows.filter((row) => Number(row.id) <= 10);
  expect(ten.map((row) => [row.total_impressions, row.total_clicks, row.total_ctr])).toEqual(
    Array(10).fill(['1000', '80', '0.080']),
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  expect(byId.get(11)).toMatchObject({ total_impressions: '500', total_clicks: '0', total_ctr: '0.000' });
  expect(byId.get(11)?.cost_of_click).toBe(budgets.get(11));
  expect(byId.get(12)).toMatchObject({ total_impressions: '0', total_clicks: '0', total_ctr: null });
  expect(byId.get(12)?.cost_of_click).toBe(budgets.get(12));
}

describe('KPI views after the original scenario', () => {
  it('lists 12 campaigns in campaigns_ctr with the exact CTR and cost of a click PostgreSQL computes', async () => {
    // Prepare: done in beforeAll (seed, sync)
    // Act
    const rows = await viewRows('SELECT * FROM campaigns_ctr');
    // Assess
    expect(rows).toEqual(expected);
    expectScenarioNumbers(rows);
  });

  it('sums daily_impressions_clicks to 10500 impressions and 800 clicks', async () => {
    // Prepare: done in beforeAll
    // Act
    const rows = await viewRows(
      'SELECT SUM(daily_impressions) AS i, SUM(daily_clicks) AS c FROM daily_impressions_clicks',
    );
    // Assess
    expect(rows).toEqual([{ i: '10500', c: '800' }]);
  });
});

describe('KPI function invoked with API Gateway v2 events', () => {
  it('returns the same 12 campaigns in campaigns-ctr', async () => {
    // Prepare: done in beforeAll
    // Act
    const reply = await invokeKpi(kpiEvent('/kpi/campaigns-ctr'));
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.exactData).toEqual(expected);
    expectScenarioNumbers(reply.exactData as Record<string, unknown>[]);
    expect(reply.body.meta).toEqual({
      kpi: 'campaigns-ctr',
      filters: { advertiser_id: null, campaign_id: null, from: null, to: null, preset: null, tz: 'UTC' },
      limit: 1000,
      rows: 12,
      has_more: false,
      next_page_token: null,
      generated_at: expect.any(String),
      complete_through: {
        advertiser: expect.any(String),
        campaign: expect.any(String),
        clicks: expect.any(String),
        impressions: expect.any(String),
      },
      tz_exact: true,
    });
  });

  it('returns days summing to 10500 impressions and 800 clicks in daily-impressions-clicks', async () => {
    // Prepare: done in beforeAll
    // Act
    const reply = await invokeKpi(kpiEvent('/kpi/daily-impressions-clicks'));
    // Assess
    const days = reply.exactData as { date: string; daily_impressions: string; daily_clicks: string }[];
    expect(reply.status).toBe(200);
    expect(days.reduce((sum, day) => sum + BigInt(day.daily_impressions), 0n)).toBe(10_500n);
    expect(days.reduce((sum, day) => sum + BigInt(day.daily_clicks), 0n)).toBe(800n);
    expect(days.map((day) => day.date)).toEqual([...days.map((day) => day.date)].sort());
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Starts `serverless offline` on free ports; resolves once it prints "Server ready". */
async function startOffline(database: string): Promise<{ child: ChildProcess; url: string }> {
  const [httpPort, lambdaPort] = [await freePort(), await freePort()];
  const args = ['serverless', 'offline', '--httpPort', String(httpPort), '--lambdaPort', String(lambdaPort)];
  const child = spawn('npx', [...args, '--localEnvironment', `--param=clickhouseDatabase=${database}`], {
    env: { ...process.env, KPI_API_KEY: testApiKey, AWS_EC2_METADATA_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serverless offline did not start:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Server ready/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`serverless offline exited with ${code}:\n${output}`)));
  });
  return { child, url: `http://localhost:${httpPort}` };
}

describe('KPI function under serverless offline', () => {
  let offline: { child: ChildProcess; url: string } | undefined;

  afterAll(async () => {
    const pid = offline?.child.pid;
    if (pid === undefined) return;
    const exited = new Promise((resolve) => offline?.child.on('exit', resolve));
    process.kill(-pid, 'SIGTERM');
    await exited;
  });

  it('serves the same campaigns-ctr rows over HTTP with the API key, the dashboard and the OpenAPI document', async () => {
    // Prepare
    offline = await startOffline(db.config.clickhouseDatabase);
    // Act
    const response = await fetch(`${offline.url}/kpi/campaigns-ctr?limit=100`, {
      headers: { 'x-api-key': testApiKey },
    });
    const text = await response.text();
    const dashboard = await fetch(`${offline.url}/dashboard`);
    const page = await dashboard.text();
    const openapi = await fetch(`${offline.url}/kpi/openapi.json`);
    // Assess
    expect(response.status).toBe(200);
    expect(exactRows('/kpi/campaigns-ctr', text)).toEqual(expected);
    expect(dashboard.status).toBe(200);
    expect(dashboard.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page).toContain('<h1>Advertising KPIs</h1>');
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    expect(((await openapi.json()) as { openapi: string }).openapi).toBe('3.1.0');
  }, 120_000);
});
