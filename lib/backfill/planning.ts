// Opening a backfill: resume the table's open one, or plan a new one under the table's run lock once every
// transaction that could still commit an id at or below its end has ended (the safe-mark rule, lib/backfill/plan.ts).
import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseError } from '@clickhouse/client';
import type pg from 'pg';
import type { ClusterMode } from '../cluster.ts';
import { UsageError } from '../errors.ts';
import { insertQueryId } from '../sync/deps.ts';
import { readSourceSnapshot, unlockTable, waitLockTable } from '../sync/source.ts';
import type { TableSpec } from '../tables/registry.ts';
import { type BackfillPlan, type BoundsRequest, backfillDefaults, planBounds } from './plan.ts';
import { type OpenBackfill, readOpenBackfill, readSyncMarks, writeBackfillEvent } from './state.ts';

/** What planning needs from outside. */
interface PlanningDeps {
  readonly clickhouse: ClickHouseClient;
  readonly database: string;
  readonly runId: string;
  readonly cluster: ClusterMode;
  readonly signal?: AbortSignal;
}

interface PlanRequest extends BoundsRequest {
  readonly rangeIds?: number;
  /** How long to wait for the transactions writing the table when the plan is made (default 60 s). */
  readonly waitWritersMs?: number;
}

/** Transactions writing the table stayed open longer than the backfill may wait; nothing was planned. */
class WritersOpenError extends Error {
  constructor(table: string, writers: number, waitedMs: number) {
    super(
      `${writers} transaction(s) writing ${table} were still open after ${Math.round(waitedMs / 1000)} s: they may ` +
        'still commit ids the backfill would cover, so it did not start (end them, or set ' +
        'idle_in_transaction_session_timeout, then run it again)',
    );
    this.name = 'WritersOpenError';
  }
}

const defaults = { waitWritersMs: 60_000, pollMs: 200, orphanWaitMs: 240_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until none of the writers open at `names` is open any more. @throws WritersOpenError after `waitMs`. */
async function waitForWriters(session: pg.Client, spec: TableSpec, names: readonly string[], waitMs: number) {
  const startedAt = Date.now();
  for (let open = names; open.length > 0; ) {
    if (Date.now() - startedAt > waitMs) throw new WritersOpenError(spec.key, open.length, Date.now() - startedAt);
    await sleep(defaults.pollMs);
    const tokens = new Set((await readSourceSnapshot(session, spec)).openTokens);
    open = open.filter((name) => tokens.has(name));
  }
}

/**
 * Waits while an INSERT of the table's scheduled sync is still running on the server (orphaned by a killed run: it
 * keeps the table's fixed query_id), by running a no-op under that query_id until ClickHouse accepts it.
 */
async function waitOutSyncInsert(deps: PlanningDeps, spec: TableSpec): Promise<void> {
  const startedAt = Date.now();
  for (;;) {
    try {
      await deps.clickhouse.command({ query: 'SELECT 1', query_id: insertQueryId(deps.database, spec.key) });
      return;
    } catch (error) {
      const running = error instanceof ClickHouseError && error.type === 'QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING';
      if (!running || Date.now() - startedAt > defaults.orphanWaitMs) throw error;
      await sleep(defaults.pollMs);
    }
  }
}

function checkResume(open: OpenBackfill, request: PlanRequest): void {
  const differs =
    (request.fromId !== undefined && request.fromId !== open.plan.from) ||
    (request.toId !== undefined && request.toId !== open.plan.to) ||
    (request.rangeIds !== undefined && request.rangeIds !== open.plan.rangeIds);
  if (differs) {
    const { from, to, rangeIds } = open.plan;
    throw new UsageError(
      request.fromId !== undefined ? '--from-id' : request.toId !== undefined ? '--to-id' : '--range-ids',
      `an unfinished backfill covers (${from}, ${to}] in ranges of ${rangeIds} ids: run it again without ` +
        '--from-id/--to-id/--range-ids (or with the same values) to resume it, or --abandon it first',
    );
  }
}

/**
 * The table's open backfill, resumed, or a new plan: under the run lock (waiting for a running sync), reads the
 * sync's marks and the source's highest id and open writers, waits for those writers to end, and records the plan
 * (from then on the scheduled sync skips the table until the handover). Null when there is nothing to copy.
 * @throws UsageError when the request's bounds differ from the open backfill's; WritersOpenError.
 */
async function openBackfill(
  deps: PlanningDeps,
  session: pg.Client,
  spec: TableSpec,
  request: PlanRequest,
): Promise<{ open: OpenBackfill; resumed: boolean } | null> {
  const options = { cluster: deps.cluster, signal: deps.signal };
  const resume = (open: OpenBackfill) => {
    checkResume(open, request);
    return { open, resumed: true };
  };
  const existing = await readOpenBackfill(deps.clickhouse, spec.key, options);
  if (existing) return resume(existing);
  await waitLockTable(session, spec.key);
  try {
    // Another invocation may have planned while this one waited for the lock.
    const planned = await readOpenBackfill(deps.clickhouse, spec.key, options);
    if (planned) return resume(planned);
    const snapshot = await readSourceSnapshot(session, spec);
    const marks = await readSyncMarks(deps.clickhouse, spec.key, options);
    const start = snapshot.minId !== null && snapshot.minId <= 0 ? snapshot.minId - 1 : 0;
    const bounds = planBounds(request, { syncSafeMark: marks.safeMark, start, maxId: snapshot.maxId });
    if (!bounds) return null;
    await waitForWriters(session, spec, snapshot.writers, request.waitWritersMs ?? defaults.waitWritersMs);
    const rangeIds = request.rangeIds ?? backfillDefaults.rangeIds;
    const plan: BackfillPlan = { backfillId: randomUUID(), ...bounds, rangeIds };
    await writeBackfillEvent(deps.clickhouse, spec.key, plan.backfillId, { event: 'plan', plan }, deps.runId, options);
    return { open: { plan, done: [], rows: 0 }, resumed: false };
  } finally {
    await unlockTable(session, spec.key);
  }
}

export type { PlanningDeps, PlanRequest };
export { openBackfill, WritersOpenError, waitOutSyncInsert };
