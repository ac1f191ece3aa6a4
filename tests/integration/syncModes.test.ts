import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { syncAll, syncResult } from '../helpers/runSyncFor.ts';
import { insertAdvertiser, insertCampaign, insertEvents, resetSource, sourcePool } from '../helpers/seedPostgres.ts';

const pool = sourcePool();
let db: TestDatabase;

beforeEach(async () => {
  await resetSource(pool);
  db = await createTestDatabase();
});
afterEach(async () => db.drop());
afterAll(async () => pool.end());

async function seedTwoCampaigns() {
  const advertiser = await insertAdvertiser(pool, 'Advertiser A');
  const first = await insertCampaign(pool, advertiser, { name: 'Campaign_1_1', bid: '1.25', budget: '100.00' });
  const second = await insertCampaign(pool, advertiser, { name: 'Campaign_1_2', bid: '2.50', budget: '250.50' });
  await insertEvents(pool, 'impressions', first, 300);
  await insertEvents(pool, 'impressions', second, 200);
  await insertEvents(pool, 'clicks', first, 30);
  await insertEvents(pool, 'clicks', second, 10);
  return { advertiser, first, second };
}

describe('incremental mode', () => {
  it('inserts exactly the appended impressions and clicks on the next run', async () => {
    // Prepare
    const { first, second } = await seedTwoCampaigns();
    await syncAll(db);
    const newImpressions = await insertEvents(pool, 'impressions', first, 7, '2026-11-21 08:00:00');
    await insertEvents(pool, 'clicks', second, 3, '2026-11-21 08:00:00');
    // Act
    const impressions = await syncResult(db, 'impressions');
    const clicks = await syncResult(db, 'clicks');
    // Assess
    expect(impressions.rowsInserted).toBe(7);
    expect(clicks.rowsInserted).toBe(3);
    expect(impressions.watermark.to).toBe(newImpressions.at(-1));
    const counts = await db.rows<{ campaign_id: number; n: string }>(
      'SELECT campaign_id, count() AS n FROM impressions GROUP BY campaign_id ORDER BY campaign_id',
    );
    expect(counts).toEqual([
      { campaign_id: first, n: '307' },
      { campaign_id: second, n: '200' },
    ]);
  });

  it('inserts nothing and keeps counts when run again with no new rows', async () => {
    // Prepare
    await seedTwoCampaigns();
    await syncAll(db);
    // Act
    const again = await syncAll(db);
    // Assess
    expect(again.filter((r) => r.mode === 'incremental').map((r) => r.rowsInserted)).toEqual([0, 0]);
    const [row] = await db.rows<{ i: string; c: string }>(
      'SELECT (SELECT count() FROM impressions) AS i, (SELECT count() FROM clicks) AS c',
    );
    expect(row).toEqual({ i: '500', c: '40' });
  });

  it('copies timestamps to the microsecond and keeps a NULL campaign_id', async () => {
    // Prepare
    await pool.query("INSERT INTO impressions (campaign_id, created_at) VALUES (NULL, '2026-01-02 03:04:05.123456')");
    // Act
    await syncResult(db, 'impressions');
    // Assess
    const rows = await db.rows('SELECT id, campaign_id, toString(created_at) AS created_at FROM impressions');
    expect(rows).toEqual([{ id: 1, campaign_id: null, created_at: '2026-01-02 03:04:05.123456' }]);
  });
});

describe('reading PostgreSQL from ClickHouse', () => {
  it("counts exactly the rows PostgreSQL holds through postgresql() and the database's named collection", async () => {
    // Prepare
    await seedTwoCampaigns();
    // Act
    const [counts] = await db.rows<Record<string, string>>(
      `SELECT (SELECT count() FROM postgresql(pg2ch_source_${db.database}, table = 'advertiser')) AS advertiser,
              (SELECT count() FROM postgresql(pg2ch_source_${db.database}, table = 'campaign')) AS campaign,
              (SELECT count() FROM postgresql(pg2ch_source_${db.database}, table = 'impressions')) AS impressions,
              (SELECT count() FROM postgresql(pg2ch_source_${db.database}, table = 'clicks')) AS clicks`,
    );
    // Assess
    expect(counts).toEqual({ advertiser: '1', campaign: '2', impressions: '500', clicks: '40' });
  });

  it('keeps syncing when PostgreSQL gains a column pg2ch does not know', async () => {
    // Prepare
    const { first } = await seedTwoCampaigns();
    await pool.query('ALTER TABLE impressions ADD COLUMN IF NOT EXISTS device text');
    try {
      await pool.query(
        "INSERT INTO impressions (campaign_id, created_at, device) VALUES ($1, '2026-11-22 00:00:00', 'ios')",
        [first],
      );
      // Act
      const result = await syncResult(db, 'impressions');
      // Assess
      expect(result.rowsInserted).toBe(501);
    } finally {
      await pool.query('ALTER TABLE impressions DROP COLUMN IF EXISTS device');
    }
  });
});

describe('full mode', () => {
  it('reflects a renamed advertiser, a changed budget and a deleted campaign after one run', async () => {
    // Prepare
    const { advertiser, first, second } = await seedTwoCampaigns();
    await syncAll(db);
    await pool.query("UPDATE advertiser SET name = 'Advertiser Renamed' WHERE id = $1", [advertiser]);
    await pool.query("UPDATE campaign SET budget = '999.99' WHERE id = $1", [second]);
    await pool.query('DELETE FROM clicks WHERE campaign_id = $1', [first]);
    await pool.query('DELETE FROM impressions WHERE campaign_id = $1', [first]);
    await pool.query('DELETE FROM campaign WHERE id = $1', [first]);
    // Act
    await syncAll(db);
    // Assess
    expect(await db.rows('SELECT id, name FROM advertiser')).toEqual([{ id: advertiser, name: 'Advertiser Renamed' }]);
    expect(await db.rows('SELECT id, toString(budget) AS budget, toString(bid) AS bid FROM campaign')).toEqual([
      { id: second, budget: '999.99', bid: '2.5' },
    ]);
    const [counts] = await db.rows<{ i: string; c: string; gone: string }>(
      `SELECT (SELECT count() FROM impressions) AS i, (SELECT count() FROM clicks) AS c,
              (SELECT count() FROM impressions WHERE campaign_id = {first:Int32}) AS gone`,
      { first },
    );
    expect(counts).toEqual({ i: '200', c: '10', gone: '0' });
  });

  it('never shows readers an empty campaign table while it is reloaded', async () => {
    // Prepare
    const advertiser = await insertAdvertiser(pool, 'Advertiser A');
    await pool.query(
      `INSERT INTO campaign (name, bid, budget, advertiser_id) SELECT 'c' || g, 1, 100, $1 FROM generate_series(1, 2000) g`,
      [advertiser],
    );
    await syncResult(db, 'campaign');
    let reloading = true;
    const seen: number[] = [];
    const reader = (async () => {
      while (reloading) {
        const [row] = await db.rows<{ n: string }>('SELECT count() AS n FROM campaign');
        seen.push(Number(row?.n));
      }
    })();
    // Act
    for (let run = 0; run < 5; run++) await syncResult(db, 'campaign');
    reloading = false;
    await reader;
    // Assess
    expect(seen.length).toBeGreaterThan(5);
    expect(new Set(seen)).toEqual(new Set([2000]));
  });
});
