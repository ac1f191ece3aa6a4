// Powertools signals of real sync runs: the one log line and the EMF metrics line, parsed as JSON.
// Lambda sets AWS_LAMBDA_INITIALIZATION_TYPE=on-demand; Powertools reads it when the handler module loads, so every
// module that loads lib/lambda is imported after setting it (dynamic imports below).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeSourceSession, openSourceSession, tryLockTable } from '../../lib/sync/source.ts';
import { spawnCli, waitForExit } from '../helpers/childProcess.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { lambdaContext } from '../helpers/lambdaContext.ts';
import { captureOutput } from '../helpers/logLines.ts';
import { insertEvents, insertOneCampaign, resetSource, sourcePool } from '../helpers/seedPostgres.ts';

type Json = Record<string, unknown>;
type SyncHandlerModule = typeof import('../../lib/lambda/sync.ts');
type HttpHandlerModule = typeof import('../../lib/lambda/http.ts');
type KpiModule = typeof import('../../lib/kpi/http.ts');
type KpiRequestsModule = typeof import('../helpers/kpiRequests.ts');

const pool = sourcePool();
const savedEnv = { ...process.env };
const newestCreatedAt = Date.parse('2026-11-20T11:59:59Z'); // insertEvents: one second apart, ending before 12:00
let syncHandler: SyncHandlerModule['syncHandler'];
let httpHandler: HttpHandlerModule['httpHandler'];
let getKpis: KpiModule['getKpis'];
let kpiRequests: KpiRequestsModule;
let db: TestDatabase;

beforeAll(async () => {
  process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
  ({ syncHandler } = await import('../../lib/lambda/sync.ts'));
  ({ httpHandler } = await import('../../lib/lambda/http.ts'));
  ({ getKpis } = await import('../../lib/kpi/http.ts'));
  kpiRequests = await import('../helpers/kpiRequests.ts'); // imports lib/lambda too
});
beforeEach(async () => {
  await resetSource(pool);
  db = await createTestDatabase();
  process.env.CLICKHOUSE_DATABASE = db.config.clickhouseDatabase;
  const campaignId = await insertOneCampaign(pool);
  await insertEvents(pool, 'impressions', campaignId, 120);
});
afterEach(async () => {
  process.env = { ...savedEnv, AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand' };
  vi.restoreAllMocks();
  await db.drop();
});
afterAll(async () => {
  process.env = { ...savedEnv };
  await pool.end();
});

/**
 * Checks one line against the CloudWatch embedded metric format (one directive, namespace pg2ch, dimensions service,
 * stage and table, a value at the top level for every metric and dimension) and returns metric name → value.
 */
function readEmf(line: Json, table: string): Record<string, unknown> {
  const aws = line._aws as { Timestamp: unknown; CloudWatchMetrics: Json[] };
  expect(typeof aws.Timestamp).toBe('number');
  expect(aws.CloudWatchMetrics).toHaveLength(1);
  const [directive] = aws.CloudWatchMetrics as [{ Namespace: string; Dimensions: string[][]; Metrics: Json[] }];
  expect(directive.Namespace).toBe('pg2ch');
  expect(directive.Dimensions).toEqual([['service', 'stage', 'table']]);
  expect(line).toMatchObject({ service: 'pg2ch', stage: 'local', table });
  const names = directive.Metrics.map((metric) => metric.Name as string);
  return Object.fromEntries(names.map((name) => [name, line[name]]));
}

describe('sync signals', () => {
  it('writes one log line with the Powertools context and one EMF line with the run metrics', async () => {
    // Prepare
    const handler = syncHandler('impressions');
    // Act
    const first = await captureOutput(() => handler({}, lambdaContext({ functionName: 'pg2ch-test-syncImpressions' })));
    const startedAt = Date.now();
    const second = await captureOutput(() => handler({}, lambdaContext({ awsRequestId: 'second-request' })));
    // Assess
    expect(first.logs).toHaveLength(1);
    expect(first.logs[0]).toMatchObject({
      level: 'INFO',
      message: 'sync finished',
      service: 'pg2ch',
      table: 'impressions',
      rows: 120,
      watermark_to: 120,
      backlog_ids: 0,
      function_request_id: lambdaContext().awsRequestId,
      function_name: 'pg2ch-test-syncImpressions',
      cold_start: true,
    });
    expect(second.logs).toHaveLength(1);
    expect(second.logs[0]).toMatchObject({ message: 'sync found nothing new', function_request_id: 'second-request' });
    expect(second.logs[0]?.cold_start).toBe(false);
    expect(first.metrics).toHaveLength(1);
    const metrics = readEmf(first.metrics[0] as Json, 'impressions');
    expect(metrics).toMatchObject({ rows_synced: 120, rows_rejected: 0, backlog_ids: 0, skipped_locked: 0 });
    expect(metrics.duration_ms).toBe(first.logs[0]?.duration_ms);
    const expectedLag = (startedAt - newestCreatedAt) / 1000;
    expect(Math.abs((metrics.freshness_lag_s as number) - expectedLag)).toBeLessThan(5);
    expect(readEmf(second.metrics[0] as Json, 'impressions')).toMatchObject({ rows_synced: 0 });
  });

  it('publishes skipped_locked 1 and logs one skipped line while another run holds the table', async () => {
    // Prepare
    const session = await openSourceSession(db.config.pgUrl);
    expect(await tryLockTable(session, 'impressions')).toBe(true);
    // Act
    const output = await captureOutput(() => syncHandler('impressions')({}, lambdaContext()));
    await closeSourceSession(session);
    // Assess
    expect(output.logs).toEqual([
      expect.objectContaining({ level: 'INFO', message: 'sync skipped', skipped: 'locked' }),
    ]);
    expect(output.metrics).toHaveLength(1);
    expect(readEmf(output.metrics[0] as Json, 'impressions')).toEqual({ skipped_locked: 1 });
  });

  it('still publishes what a failed run knows, records the failure, and status shows it', async () => {
    // Prepare: one successful run, then PostgreSQL unreachable
    await syncHandler('impressions')({}, lambdaContext());
    process.env.PG_URL = 'postgres://someone:s3cret-pass@127.0.0.1:1/nowhere';
    const startedAt = Date.now();
    // Act
    const output = await captureOutput(() =>
      syncHandler('impressions')({}, lambdaContext({ awsRequestId: 'failing-request' })).catch(() => {}),
    );
    const status = await waitForExit(
      spawnCli('status', ['impressions', '--json'], { CLICKHOUSE_DATABASE: db.config.clickhouseDatabase }),
    );
    // Assess
    expect(output.logs).toHaveLength(1);
    expect(output.logs[0]).toMatchObject({
      level: 'ERROR',
      message: 'sync failed',
      table: 'impressions',
      step: 'connect to PostgreSQL',
      unreachable: ['PostgreSQL'],
      function_request_id: 'failing-request',
    });
    expect(output.metrics).toHaveLength(1);
    const metrics = readEmf(output.metrics[0] as Json, 'impressions');
    expect(Object.keys(metrics).sort()).toEqual(['duration_ms', 'freshness_lag_s', 'skipped_locked']);
    expect(Math.abs((metrics.freshness_lag_s as number) - (startedAt - newestCreatedAt) / 1000)).toBeLessThan(5);
    const failures = await db.rows<Json>('SELECT table_name, step, error, unreachable, run_id FROM sync_failures');
    expect(failures).toEqual([
      {
        table_name: 'impressions',
        step: 'connect to PostgreSQL',
        error: expect.stringMatching(/^failed to connect to PostgreSQL for impressions: PostgreSQL unreachable: /),
        unreachable: ['PostgreSQL'],
        run_id: 'failing-request',
      },
    ]);
    expect(JSON.stringify([output, failures])).not.toContain('s3cret-pass');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).tables[0]).toMatchObject({
      table: 'impressions',
      state: 'failing',
      failures_since_success: 1,
      last_error: { step: 'connect to PostgreSQL', message: failures[0]?.error },
    });
  });

  it('names its own request in each line when invocations overlap in one process (the local KPI server)', async () => {
    // Prepare
    const { kpiEvent, testApiKey } = kpiRequests;
    process.env.KPI_API_KEY = testApiKey;
    const handler = httpHandler(getKpis, { ssmCacheExpiryMs: 0, ssmPrefetch: false });
    const paths = ['/kpi/campaigns-ctr', '/dashboard', '/kpi/openapi.json', '/kpi/advertisers', '/kpi/no-such-kpi'];
    // Act
    const output = await captureOutput(() =>
      Promise.all(paths.map((path) => handler(kpiEvent(path), lambdaContext({ awsRequestId: `request ${path}` })))),
    );
    // Assess
    expect(output.logs.map((line) => line.path).sort()).toEqual([...paths].sort());
    for (const line of output.logs) expect(line.function_request_id).toBe(`request ${line.path}`);
  });
});
