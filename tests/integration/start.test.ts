import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnCli, waitForExit } from '../helpers/childProcess.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
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
    expect(stdout).toContain('Source already has data: not seeding.');
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

  it('exits 2 naming an unknown flag', async () => {
    // Act
    const { code, stderr } = await waitForExit(spawnCli('start', ['--twice']));
    // Assess
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe("error: Unknown option '--twice'");
  });
});
