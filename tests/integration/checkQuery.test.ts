import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import fastCheck from '../../sql/checks/fast_check.sql';
import originalCheck from '../../sql/checks/original_check.sql';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { syncAll } from '../helpers/runSyncFor.ts';
import { insertAdvertiser, insertCampaign, insertEvents, resetSource, sourcePool } from '../helpers/seedPostgres.ts';

const pool = sourcePool();
let db: TestDatabase;

beforeEach(async () => {
  await resetSource(pool);
  db = await createTestDatabase();
});
afterEach(async () => db.drop());
afterAll(async () => pool.end());

async function figures(query: string): Promise<string[]> {
  const result = await db.clickhouse.query({ query, format: 'JSONCompactEachRow' });
  const [row] = await result.json<(string | number)[]>();
  return (row ?? []).map(String);
}

async function campaign(advertiserId: number | null, name: string): Promise<number> {
  const result = await pool.query<{ id: number }>(
    "INSERT INTO campaign (name, bid, budget, advertiser_id) VALUES ($1, '1.00', '10.00', $2) RETURNING id",
    [name, advertiserId],
  );
  return result.rows[0]?.id ?? Number.NaN;
}

describe('the fast check query', () => {
  it('gives the four figures of the original check on the demo shape', async () => {
    // Prepare: 3 advertisers x 2 campaigns, 40 impressions and 3 clicks each
    for (const name of ['Advertiser A', 'Advertiser B', 'Advertiser C']) {
      const advertiser = await insertAdvertiser(pool, name);
      for (const n of [1, 2]) {
        const id = await insertCampaign(pool, advertiser, { name: `${name}_${n}`, bid: '1.00', budget: '10.00' });
        await insertEvents(pool, 'impressions', id, 40);
        await insertEvents(pool, 'clicks', id, 3);
      }
    }
    await syncAll(db);
    // Act
    const [original, fast] = [await figures(originalCheck), await figures(fastCheck)];
    // Assess
    expect(original).toEqual(['6', '3', '240', '18']);
    expect(fast).toEqual(original);
  });

  it('gives the same figures where the original join drops rows: no click, no impression, no advertiser, NULL and deleted campaigns', async () => {
    // Prepare
    const a = await insertAdvertiser(pool, 'Advertiser A');
    const b = await insertAdvertiser(pool, 'Advertiser B');
    const both = await campaign(a, 'both');
    const noClick = await campaign(a, 'no click');
    const noImpression = await campaign(b, 'no impression');
    const orphan = await campaign(null, 'no advertiser');
    const deleted = await campaign(b, 'deleted later');
    await insertEvents(pool, 'impressions', both, 7);
    await insertEvents(pool, 'clicks', both, 2);
    await insertEvents(pool, 'impressions', noClick, 5);
    await insertEvents(pool, 'clicks', noImpression, 4);
    await insertEvents(pool, 'impressions', orphan, 3);
    await insertEvents(pool, 'clicks', orphan, 1);
    await insertEvents(pool, 'impressions', null, 6);
    await insertEvents(pool, 'clicks', null, 2);
    await insertEvents(pool, 'impressions', deleted, 9);
    await insertEvents(pool, 'clicks', deleted, 9);
    await syncAll(db);
    await pool.query('DELETE FROM clicks WHERE campaign_id = $1', [deleted]);
    await pool.query('DELETE FROM impressions WHERE campaign_id = $1', [deleted]);
    await pool.query('DELETE FROM campaign WHERE id = $1', [deleted]);
    await syncAll(db);
    // Act
    const [original, fast] = [await figures(originalCheck), await figures(fastCheck)];
    // Assess
    expect(original).toEqual(['1', '1', '7', '2']);
    expect(fast).toEqual(original);
  });

  it('gives the same figures with no campaign at all', async () => {
    await syncAll(db);
    expect(await figures(fastCheck)).toEqual(await figures(originalCheck));
    expect(await figures(fastCheck)).toEqual(['0', '0', '0', '0']);
  });
});
