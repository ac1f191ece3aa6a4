import type { ChildProcess } from 'node:child_process';
import { ClickHouseError } from '@clickhouse/client';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncError } from '../../lib/errors.ts';
import { isSkipped, type SyncOutcome } from '../../lib/sync.ts';
import { spawnCli, waitForExit } from '../helpers/childProcess.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { syncOnce } from '../helpers/runSyncFor.ts';
import { insertOneCampaign, resetSource, sourcePool } from '../helpers/seedPostgres.ts';
import { statementLogNeeded, statementLogSize, waitForStatement } from '../helpers/statementLog.ts';
import { embeddedEnginesOnly } from '../helpers/testEngines.ts';
import { RunCounter, random, startWriters } from '../helpers/writers.ts';

const pool = sourcePool();
let db: TestDatabase;
let campaignId: number;

beforeEach(async () => {
  await resetSource(pool);
  db = await createTestDatabase();
  campaignId = await insertOneCampaign(pool);
});
afterEach(async () => db.drop());
afterAll(async () => pool.end());

const killPoints = ['after snapshot', 'during COPY', 'after rows landed', 'after a random delay'] as const;
type KillPoint = (typeof killPoints)[number];

async function rowsInClickhouse(): Promise<number> {
  const [row] = await db.rows<{ n: string }>('SELECT toString(count()) AS n FROM impressions_raw');
  return Number(row?.n);
}

/** Waits until the run reaches `point` (or the child exits first); true when the child is still running. */
async function reach(point: KillPoint, child: ChildProcess, logFrom: number, rowsBefore: number, delayMs: number) {
  const exited = new Promise<false>((resolve) => child.once('exit', () => resolve(false)));
  const reached = (async () => {
    // The log shows a statement's first line: the snapshot statement's opening comment.
    if (point === 'after snapshot') await waitForStatement(/statement: -- Where the source stands/, logFrom);
    if (point === 'during COPY')
      await waitForStatement(/COPY \(SELECT "id", "campaign_id", "created_at" FROM "public"."impressions"/, logFrom);
    if (point === 'after a random delay') await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (point === 'after rows landed') {
      while (child.exitCode === null && (await rowsInClickhouse()) <= rowsBefore) await new Promise(setImmediate);
    }
    return true;
  })().catch(() => false);
  return Promise.race([exited, reached]);
}

/** Syncs in this process until the safe mark reaches PostgreSQL's max id; waits out a killed run's orphaned INSERT. */
async function catchUp(): Promise<void> {
  const maxId = Number(
    (await pool.query<{ m: string }>('SELECT coalesce(max(id), 0)::text AS m FROM impressions')).rows[0]?.m,
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    const outcome = await syncOnce(db, 'impressions').catch((error: unknown) => error);
    if (outcome instanceof SyncError && outcome.cause instanceof ClickHouseError) {
      expect(outcome.cause.type).toBe('QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING');
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    if (outcome instanceof Error) throw outcome;
    const result = outcome as SyncOutcome;
    if (!isSkipped(result) && result.mode === 'incremental' && result.safeMark === maxId && !result.hasMore) return;
  }
  throw new Error('the sync did not catch up');
}

describe('killed sync processes', () => {
  it('ends exact after 20 sync processes are SIGKILLed at random points while writers insert', async (context) => {
    embeddedEnginesOnly(context, `${statementLogNeeded}, to kill runs after their snapshot and during their COPY`);
    // Prepare
    const next = random(20);
    const counter = new RunCounter();
    const writers = startWriters(counter, campaignId, 4, 20);
    const env = { CLICKHOUSE_DATABASE: db.config.clickhouseDatabase, MAX_REREAD_IDS: '200', MAX_ROWS: '5000' };
    const killed: KillPoint[] = [];
    // Act
    for (let run = 0; run < 20; run++) {
      const point = killPoints[next(killPoints.length)] ?? 'after a random delay';
      const logFrom = statementLogSize();
      const rowsBefore = await rowsInClickhouse();
      const child = spawnCli('sync', ['impressions'], env);
      const exit = waitForExit(child);
      if (await reach(point, child, logFrom, rowsBefore, 150 + next(500))) {
        child.kill('SIGKILL');
        if ((await exit).code === null) killed.push(point);
      }
      await exit;
      counter.finished();
    }
    counter.stop();
    await writers;
    await catchUp();
    // Assess
    const source = (await pool.query<{ id: number }>('SELECT id FROM impressions ORDER BY id')).rows.map(
      (row) => row.id,
    );
    const synced = (await db.rows<{ id: number }>('SELECT id FROM impressions_raw ORDER BY id')).map((row) => row.id);
    expect(killed.length, killed.join(', ')).toBeGreaterThanOrEqual(12);
    expect(new Set(killed).size).toBeGreaterThanOrEqual(3);
    expect(synced).toEqual(source);
  });
});
