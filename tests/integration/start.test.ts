import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnCli, waitForExit, waitForOutput } from '../helpers/childProcess.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { freePort } from '../helpers/freePort.ts';
import { insertAdvertiser, insertCampaign, insertEvents, resetSource, sourcePool } from '../helpers/seedPostgres.ts';

const pool = sourcePool();
let db: TestDatabase;

beforeEach(async () => {
  await resetSource(pool);
  db = await createTestDatabase();
});
afterEach(async () => db.drop());
afterAll(async () => pool.end());

describe('npm start', () => {
  it('uses PG_URL/CLICKHOUSE_URL when set, syncs the four tables at once and prints the original check', async () => {
    // Prepare
    const advertiser = await insertAdvertiser(pool, 'Advertiser A');
    const campaign = await insertCampaign(pool, advertiser, { name: 'Campaign_1_1', bid: '1.00', budget: '100.00' });
    await insertEvents(pool, 'impressions', campaign, 25);
    await insertEvents(pool, 'clicks', campaign, 2);
    // Act
    const { code, stdout } = await waitForExit(
      spawnCli('start', ['--once'], { CLICKHOUSE_DATABASE: db.config.clickhouseDatabase }),
    );
    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain('Engines: environment');
    expect(stdout).toContain('PostgreSQL is given (PG_URL): pg2ch neither seeds it nor changes its schema.');
    const syncLines = stdout
      .split('\n')
      .filter((line) => line.includes('Data sync completed successfully'))
      .sort();
    expect(syncLines.map((line) => line.replace(/Time taken: [\d.]+ seconds/, 'Time taken: T'))).toEqual([
      '[ADVERTISER] Data sync completed successfully | 1 rows inserted | Time taken: T',
      '[CAMPAIGN] Data sync completed successfully | 1 rows inserted | Time taken: T',
      '[CLICKS] Data sync completed successfully | 2 rows inserted | Time taken: T',
      '[IMPRESSIONS] Data sync completed successfully | 25 rows inserted | Time taken: T',
    ]);
    expect(stdout).toContain('Check: 1 campaigns, 1 advertisers, 25 impressions, 2 clicks');
  });

  it('serves the KPI API with the configured key, never printing it, while syncing on schedule, and stops on Ctrl-C', async () => {
    // Prepare
    const advertiser = await insertAdvertiser(pool, 'Advertiser A');
    const campaign = await insertCampaign(pool, advertiser, { name: 'Campaign_1_1', bid: '1.00', budget: '100.00' });
    await insertEvents(pool, 'impressions', campaign, 40);
    await insertEvents(pool, 'clicks', campaign, 4);
    const port = await freePort();
    const child = spawnCli('start', ['--kpi-port', String(port)], {
      CLICKHOUSE_DATABASE: db.config.clickhouseDatabase,
      KPI_API_KEY: 'start-test-key',
    });
    const exited = waitForExit(child);
    // Act
    await waitForOutput(child, /Syncing on schedule/);
    const response = await fetch(`http://127.0.0.1:${port}/kpi/campaigns-ctr`, {
      headers: { 'x-api-key': 'start-test-key' },
    });
    const unauthorised = await fetch(`http://127.0.0.1:${port}/kpi/campaigns-ctr`);
    child.kill('SIGINT');
    const { code, stdout } = await exited;
    // Assess
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: Record<string, unknown>[] };
    expect(body.data).toEqual([
      expect.objectContaining({ id: campaign, total_impressions: 40, total_clicks: 4, total_ctr: 0.1 }),
    ]);
    expect(unauthorised.status).toBe(401);
    expect(stdout).toContain(
      `KPI API: http://127.0.0.1:${port}/kpi/campaigns-ctr (header x-api-key: KPI_API_KEY you set)`,
    );
    expect(stdout).toContain(`curl -H "x-api-key: $KPI_API_KEY" http://127.0.0.1:${port}/kpi/daily-impressions-clicks`);
    expect(stdout).not.toContain('start-test-key');
    expect(stdout).toContain(`Dashboard: http://127.0.0.1:${port}/dashboard (add #key=<your KPI_API_KEY> to the URL)`);
    expect(code).toBe(0);
    expect(stdout).toContain('Stopped.');
  });

  it('exits 2 naming an unknown flag', async () => {
    // Act
    const { code, stderr } = await waitForExit(spawnCli('start', ['--twice']));
    // Assess
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe("error: Unknown option '--twice'");
  });
});
