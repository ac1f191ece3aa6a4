import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findTable } from '../../lib/tables/registry.ts';
import { spawnCli, waitForExit } from '../helpers/childProcess.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { expectExactlyOnce } from '../helpers/exactlyOnce.ts';
import { syncIncrementalResult } from '../helpers/runSyncFor.ts';
import { insertEvents, insertOneCampaign, resetSource, sourcePool } from '../helpers/seedPostgres.ts';
import { statementLogNeeded, statementLogSize, waitForStatement } from '../helpers/statementLog.ts';
import { embeddedEnginesOnly } from '../helpers/testEngines.ts';
import { random } from '../helpers/writers.ts';

const pool = sourcePool();
const spec = findTable('impressions');
let db: TestDatabase;
let campaignId: number;

beforeEach(async () => {
  await resetSource(pool);
  db = await createTestDatabase();
  campaignId = await insertOneCampaign(pool);
});
afterEach(async () => db.drop());
afterAll(async () => pool.end());

const killPoints = ['after the plan', 'during a COPY', 'after rows landed', 'after a random delay'] as const;
type KillPoint = (typeof killPoints)[number];

async function count(query: string): Promise<number> {
  const [row] = await db.rows<{ n: string }>(query);
  return Number(row?.n ?? 0);
}

const rowsCopied = () => count('SELECT toString(count()) AS n FROM impressions_raw');
const plans = () => count("SELECT toString(count()) AS n FROM backfill_state WHERE event = 'plan'");

/** Waits until the backfill reaches `point` (or the child exits first); true when the child is still running. */
async function reach(point: KillPoint, child: ChildProcess, logFrom: number, rowsBefore: number, delayMs: number) {
  const exited = new Promise<false>((resolve) => child.once('exit', () => resolve(false)));
  const poll = async (done: () => Promise<boolean>) => {
    while (child.exitCode === null && !(await done())) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  const reached = (async () => {
    if (point === 'after the plan') await poll(async () => (await plans()) > 0);
    if (point === 'during a COPY')
      await waitForStatement(
        /COPY \(SELECT "id", "campaign_id", "created_at" FROM "public"\."impressions" WHERE/,
        logFrom,
      );
    if (point === 'after rows landed') await poll(async () => (await rowsCopied()) > rowsBefore);
    if (point === 'after a random delay') await new Promise((resolve) => setTimeout(resolve, delayMs));
    return true;
  })().catch(() => false);
  return Promise.race([exited, reached]);
}

/** Inserts a few committed impressions every few milliseconds until stopped (ids above the plan's end). */
function startWriter(): { stop: () => Promise<void> } {
  let running = true;
  const done = (async () => {
    while (running) {
      await insertEvents(pool, 'impressions', campaignId, 5);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
    },
  };
}

describe('killed backfill processes', () => {
  it('ends exact after backfill processes are SIGKILLed at random points and resumed, and hands over cleanly', async (context) => {
    embeddedEnginesOnly(context, `${statementLogNeeded}, to kill the backfill during its COPY`);
    // Prepare: 20 ranges of 500 ids, copied 2 at a time, while a writer keeps adding rows
    await insertEvents(pool, 'impressions', campaignId, 10_000);
    const env = { CLICKHOUSE_DATABASE: db.config.clickhouseDatabase };
    const args = ['impressions', '--parallel', '2', '--range-ids', '500'];
    const next = random(13);
    const writer = startWriter();
    const killed: KillPoint[] = [];
    // Act
    for (let attempt = 0; attempt < 12; attempt++) {
      const point = killPoints[next(killPoints.length)] ?? 'after a random delay';
      const logFrom = statementLogSize();
      const rowsBefore = await rowsCopied();
      const child = spawnCli('backfill', args, env);
      const exit = waitForExit(child);
      if (await reach(point, child, logFrom, rowsBefore, 300 + next(1_500))) {
        child.kill('SIGKILL');
        if ((await exit).code === null) killed.push(point);
      }
      await exit;
      await expectExactlyOnce(db, pool, spec);
    }
    const finished = await waitForExit(spawnCli('backfill', args, env));
    await writer.stop();
    const synced = await syncIncrementalResult(db, 'impressions');
    // Assess
    const ranges = await db.rows<{ range: string; n: string }>(
      "SELECT concat(toString(id_from), '-', toString(id_to)) AS range, toString(count()) AS n FROM backfill_state WHERE event = 'range' GROUP BY range",
    );
    expect(killed.length, killed.join(', ')).toBeGreaterThanOrEqual(8);
    expect(new Set(killed).size).toBeGreaterThanOrEqual(3);
    expect(finished.code, finished.stderr).toBe(0);
    const planEnd = await count("SELECT toString(id_to) AS n FROM backfill_state WHERE event = 'plan'");
    expect(planEnd).toBeGreaterThanOrEqual(10_000);
    expect(finished.stdout).toContain(`handed over to the scheduled sync, safe mark ${planEnd}`);
    expect(ranges).toHaveLength(Math.ceil(planEnd / 500));
    expect(ranges.every((range) => range.n === '1')).toBe(true);
    expect(await plans()).toBe(1);
    expect(synced.hasMore).toBe(false);
    const source = (await pool.query<{ id: number }>('SELECT id FROM impressions ORDER BY id')).rows.map((r) => r.id);
    const copied = (await db.rows<{ id: number }>('SELECT id FROM impressions_raw ORDER BY id')).map((r) => r.id);
    expect(copied).toEqual(source);
    expect(await count('SELECT toString(sum(impressions)) AS n FROM events_hourly')).toBe(source.length);
  });
});
