import { ClickHouseError } from '@clickhouse/client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SyncError } from '../../lib/errors.ts';
import { insertQueryId } from '../../lib/sync/deps.ts';
import { spawnCli, waitForExit } from '../helpers/childProcess.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { checkExactlyOnceAfterEachRun, stopCheckingEachRun, syncOnce, syncResult } from '../helpers/runSyncFor.ts';
import { insertEvents, insertOneCampaign, resetSource, sourcePool } from '../helpers/seedPostgres.ts';
import { statementLogNeeded, statementLogSize, waitForStatement } from '../helpers/statementLog.ts';
import { embeddedEnginesOnly } from '../helpers/testEngines.ts';

const pool = sourcePool();
beforeAll(() => checkExactlyOnceAfterEachRun(pool));
afterAll(() => stopCheckingEachRun());
let db: TestDatabase;
let campaignId: number;

beforeEach(async () => {
  await resetSource(pool);
  db = await createTestDatabase();
  campaignId = await insertOneCampaign(pool);
});
afterEach(async () => db.drop());
afterAll(async () => pool.end());

async function impressionCounts(): Promise<{ rows: string; ids: string; state_rows: string }> {
  const [row] = await db.rows<{ rows: string; ids: string; state_rows: string }>(
    `SELECT count() AS rows, uniqExact(id) AS ids,
            (SELECT count() FROM sync_state WHERE table_name = 'impressions') AS state_rows
     FROM impressions_raw`,
  );
  if (!row) throw new Error('no row');
  return row;
}

describe('crash safety', () => {
  it('leaves the watermark unchanged when the run fails after its INSERT, and the next run ends exact', async () => {
    // Prepare
    await insertEvents(pool, 'impressions', campaignId, 1000);
    const crash = async () => {
      throw new Error('simulated crash after the INSERT');
    };
    // Act
    await expect(syncOnce(db, 'impressions', { afterInsert: crash })).rejects.toThrow('simulated crash');
    const afterCrash = await impressionCounts();
    const retry = await syncResult(db, 'impressions');
    // Assess
    expect(afterCrash).toEqual({ rows: '1000', ids: '1000', state_rows: '0' });
    expect(retry.rowsInserted).toBe(0);
    expect(retry.watermark).toEqual({ from: 0, to: 1000 });
    expect(await impressionCounts()).toEqual({ rows: '1000', ids: '1000', state_rows: '1' });
  });

  it('fills in the rest of a window that a crashed INSERT wrote only in part', async () => {
    // Prepare: ids 1..400 of 1000 already written, as by an INSERT that died after its first blocks
    await insertEvents(pool, 'impressions', campaignId, 1000);
    await db.clickhouse.command({
      query: `INSERT INTO impressions_raw (id, campaign_id, created_at)
              SELECT id, campaign_id, created_at FROM postgresql(pg2ch_source_${db.database}, table = 'impressions') WHERE id <= 400`,
    });
    // Act
    const result = await syncResult(db, 'impressions');
    // Assess
    expect(result.rowsInserted).toBe(600);
    expect(await impressionCounts()).toEqual({ rows: '1000', ids: '1000', state_rows: '1' });
  });

  it('ends exact after the sync process is killed in the middle of its INSERT', async (context) => {
    embeddedEnginesOnly(context, statementLogNeeded);
    // Prepare
    await insertEvents(pool, 'impressions', campaignId, 300_000);
    const logSize = statementLogSize();
    const child = spawnCli('sync', ['impressions'], { CLICKHOUSE_DATABASE: db.config.clickhouseDatabase });
    const exited = waitForExit(child);
    // Act: kill the process once PostgreSQL has received the INSERT's COPY (the INSERT is then running)
    await waitForStatement(
      /COPY \(SELECT "id", "campaign_id", "created_at" FROM "public"."impressions" WHERE/,
      logSize,
    );
    child.kill('SIGKILL');
    const { code } = await exited;
    let result = await syncOnce(db, 'impressions').catch((error: unknown) => error);
    for (let attempt = 0; attempt < 50 && result instanceof Error; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      result = await syncOnce(db, 'impressions').catch((error: unknown) => error);
    }
    // Assess
    expect(code).toBeNull();
    expect(result).not.toBeInstanceOf(Error);
    const counts = await impressionCounts();
    expect({ rows: counts.rows, ids: counts.ids }).toEqual({ rows: '300000', ids: '300000' });
  });
});

describe('concurrent runs', () => {
  it('skips a second run of the same table while the first holds the lock', async () => {
    // Prepare
    await insertEvents(pool, 'impressions', campaignId, 500);
    const concurrent: unknown[] = [];
    const duringFirstRun = async () => {
      concurrent.push(...(await Promise.all([1, 2, 3, 4].map(() => syncOnce(db, 'impressions')))));
    };
    // Act
    const first = await syncResult(db, 'impressions', { afterInsert: duringFirstRun });
    // Assess
    expect(first.rowsInserted).toBe(500);
    expect(concurrent).toEqual(Array(4).fill({ table: 'impressions', skipped: 'locked' }));
    expect(await impressionCounts()).toEqual({ rows: '500', ids: '500', state_rows: '1' });
  });

  it('fails the run without writing state while an earlier INSERT of the table is still running', async () => {
    // Prepare: a query holding the table's INSERT query_id, as an INSERT orphaned by a killed run would
    await insertEvents(pool, 'impressions', campaignId, 10);
    const orphan = db.clickhouse.query({
      query: 'SELECT sleep(2)',
      query_id: insertQueryId(db.config.clickhouseDatabase, 'impressions'),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Act
    const error = await syncOnce(db, 'impressions').catch((caught: unknown) => caught);
    await orphan;
    // Assess
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).step).toBe('insert window');
    expect((error as SyncError).cause).toBeInstanceOf(ClickHouseError);
    expect(((error as SyncError).cause as ClickHouseError).type).toBe('QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING');
    expect(await impressionCounts()).toEqual({ rows: '0', ids: '0', state_rows: '0' });
  });
});
