import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SyncError } from '../../lib/errors.ts';
import { syncHandler } from '../../lib/lambda/sync.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { startFakeSsm } from '../helpers/fakeSsm.ts';
import { lambdaContext } from '../helpers/lambdaContext.ts';
import { captureLogLines } from '../helpers/logLines.ts';
import { insertAdvertiser, insertCampaign, insertEvents, resetSource, sourcePool } from '../helpers/seedPostgres.ts';

const pool = sourcePool();
const savedEnv = { ...process.env };
let db: TestDatabase;
let campaignId: number;

beforeEach(async () => {
  await resetSource(pool);
  db = await createTestDatabase();
  process.env.CLICKHOUSE_DATABASE = db.config.clickhouseDatabase;
  const advertiser = await insertAdvertiser(pool, 'Advertiser A');
  campaignId = await insertCampaign(pool, advertiser, { name: 'Campaign_1_1', bid: '1.00', budget: '100.00' });
  await insertEvents(pool, 'impressions', campaignId, 120);
});
afterEach(async () => {
  process.env = { ...savedEnv };
  vi.restoreAllMocks();
  await db.drop();
});
afterAll(async () => pool.end());

describe('sync handlers', () => {
  it('returns the result and writes exactly one INFO line per run', async () => {
    // Prepare
    const handler = syncHandler('impressions');
    let result: unknown;
    // Act
    const lines = await captureLogLines(async () => {
      result = await handler({}, lambdaContext());
    });
    // Assess
    expect(result).toMatchObject({
      table: 'impressions',
      mode: 'incremental',
      rowsInserted: 120,
      watermark: { from: 0, to: 120 },
      hasMore: false,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      message: 'sync finished',
      table: 'impressions',
      mode: 'incremental',
      rows: 120,
      watermark_from: 0,
      watermark_to: 120,
      has_more: false,
      function_request_id: lambdaContext().awsRequestId,
    });
    expect(typeof lines[0]?.duration_ms).toBe('number');
  });

  it('logs one ERROR line naming the failing step, without the password, and rethrows', async () => {
    // Prepare
    process.env.PG_URL = 'postgres://someone:s3cret-pass@127.0.0.1:1/nowhere';
    const handler = syncHandler('clicks');
    let error: unknown;
    // Act
    const lines = await captureLogLines(async () => {
      error = await handler({}, lambdaContext()).catch((caught: unknown) => caught);
    });
    // Assess
    expect(error).toBeInstanceOf(SyncError);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'ERROR',
      message: 'sync failed',
      table: 'clicks',
      step: 'connect to PostgreSQL',
    });
    expect(JSON.stringify(lines[0])).not.toContain('s3cret-pass');
  });

  it('reads the connection URLs from SSM SecureString parameters when their names are configured', async () => {
    // Prepare
    const ssm = await startFakeSsm({
      '/pg2ch/test/pg-url': db.config.pgUrl,
      '/pg2ch/test/pg-url-for-clickhouse': db.config.pgUrlForClickhouse,
      '/pg2ch/test/clickhouse-url': db.config.clickhouseUrl,
    });
    process.env = {
      ...savedEnv,
      PG_URL: '',
      PG_URL_FOR_CLICKHOUSE: '',
      CLICKHOUSE_URL: '',
      CLICKHOUSE_DATABASE: db.config.clickhouseDatabase,
      SSM_PG_URL: '/pg2ch/test/pg-url',
      SSM_PG_URL_FOR_CLICKHOUSE: '/pg2ch/test/pg-url-for-clickhouse',
      SSM_CLICKHOUSE_URL: '/pg2ch/test/clickhouse-url',
      AWS_ENDPOINT_URL_SSM: ssm.url,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    };
    const handler = syncHandler('impressions', { ssmCacheExpiryMs: 0, ssmPrefetch: false });
    // Act
    const result = await handler({}, lambdaContext());
    await ssm.close();
    // Assess
    expect(result).toMatchObject({ table: 'impressions', rowsInserted: 120 });
    expect([...ssm.requested].sort()).toEqual([
      '/pg2ch/test/clickhouse-url',
      '/pg2ch/test/pg-url',
      '/pg2ch/test/pg-url-for-clickhouse',
    ]);
  });
});
