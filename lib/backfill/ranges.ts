// Copies a backfill's remaining ranges, `parallel` at a time: each range is one INSERT … SELECT through the table's
// reader with the sync's own copy (lib/sync/copy.ts: ids present skipped, refused rows quarantined), claimed in
// PostgreSQL so two invocations never copy it at once, and recorded as done once its INSERT returned.
import { ClickHouseError } from '@clickhouse/client';
import type pg from 'pg';
import { readSettings, writeSettings } from '../cluster.ts';
import { withStep } from '../errors.ts';
import { sql } from '../sql.ts';
import { type RunBudget, shouldStartWindow } from '../sync/budget.ts';
import { type CopyContext, copyRanges } from '../sync/copy.ts';
import { dedupKey } from '../sync/dedupToken.ts';
import type { IdRange } from '../sync/reread.ts';
import { rangeHeldStatement } from '../tables/statements.ts';
import type { BackfillPlan } from './plan.ts';
import type { PlanningDeps } from './planning.ts';
import { isRangeRecorded, writeBackfillEvent } from './state.ts';

/** One range copied by this invocation. */
interface RangeDone {
  readonly range: IdRange;
  readonly rows: number;
  readonly durationMs: number;
}

interface RangeOptions {
  readonly parallel: number;
  /** Without it, ranges follow one another until none is left. */
  readonly budget?: RunBudget;
  readonly onRange?: (done: RangeDone) => void;
  /** Test seam: runs before each range's INSERT. */
  readonly beforeRange?: (range: IdRange) => Promise<void>;
}

const defaults = { retryMs: 200, runningWaitMs: 240_000 };

/** What the copy holds in a range: counted before (part of the INSERT's token) and after (the rows it added). */
async function readHeld(context: CopyContext, deps: PlanningDeps, range: IdRange) {
  const result = await context.clickhouse.query({
    query: rangeHeldStatement(context.spec),
    query_params: { id_from: range.from, id_to: range.to },
    format: 'JSONEachRow',
    clickhouse_settings: readSettings(deps.cluster),
    abort_signal: deps.signal,
  });
  const [row] = await result.json<{ rows: string; ids_hash: string; rejected: string }>();
  return { rows: Number(row?.rows ?? 0), idsHash: row?.ids_hash ?? '0', rejected: Number(row?.rejected ?? 0) };
}

/**
 * Copies one range, waiting while an earlier INSERT of the same range (a killed invocation's) still runs. Each attempt's
 * token is built from what the range holds when it starts: after the earlier INSERT ended, having written some blocks
 * or all, the next attempt's rows differ from its and so must its token (lib/sync/dedupToken.ts).
 */
async function copyOne(context: CopyContext, deps: PlanningDeps, plan: BackfillPlan, range: IdRange) {
  const before = await readHeld(context, deps, range);
  const insertQueryId = `${context.insertQueryId}-backfill-${range.from}`;
  const startedAt = Date.now();
  for (let held = before; ; held = await readHeld(context, deps, range)) {
    const key = dedupKey({
      ...{ scope: `${deps.database}.${context.spec.key} backfill ${plan.backfillId}`, writers: [] },
      ...{ above: { ...held, epoch: plan.backfillId }, nonce: '' },
    });
    try {
      await copyRanges({ ...context, insertQueryId, dedupKey: key }, [range]);
      break;
    } catch (error) {
      const cause = (error as Error).cause;
      const running = cause instanceof ClickHouseError && cause.type === 'QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING';
      if (!running || Date.now() - startedAt > defaults.runningWaitMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, defaults.retryMs));
    }
  }
  return (await readHeld(context, deps, range)).rows - before.rows;
}

/**
 * Copies `ranges` (a plan's remaining ones), `parallel` at a time, each claimed first (a range another invocation
 * holds, or has recorded since, is left alone) and recorded as done after its INSERT. Stops taking ranges when the budget runs low or the
 * invocation is aborted; a failing range stops the others after their current range and is rethrown.
 * @returns the ranges this invocation copied.
 * @throws SyncError("copy backfill range").
 */
async function copyBackfillRanges(
  deps: PlanningDeps,
  session: pg.Client,
  context: CopyContext,
  plan: BackfillPlan,
  ranges: readonly IdRange[],
  options: RangeOptions,
): Promise<RangeDone[]> {
  const queue = ranges.map((range) => ({ range, index: Math.floor((range.from - plan.from) / plan.rangeIds) }));
  const done: RangeDone[] = [];
  const claimName = `pg2ch:backfill:${context.spec.key}:${plan.backfillId}`;
  let longestMs = 0;
  let failed = false;
  const mayStart = () =>
    !failed &&
    !deps.signal?.aborted &&
    (!options.budget || shouldStartWindow(options.budget, { hasMore: true, longestWindowMs: longestMs }));
  const worker = async () => {
    for (let next = queue.shift(); next && mayStart(); next = queue.shift()) {
      const { range, index } = next;
      const claimed = await session.query<{ claimed: boolean }>(sql.tryClaim, [claimName, index % 2_147_483_647]);
      if (claimed.rows[0]?.claimed !== true) continue;
      try {
        const state = { cluster: deps.cluster, signal: deps.signal };
        if (await isRangeRecorded(deps.clickhouse, context.spec.key, plan.backfillId, range, state)) continue;
        const startedAt = Date.now();
        await options.beforeRange?.(range);
        const rows = await withStep(context.spec.key, 'copy backfill range', () => copyOne(context, deps, plan, range));
        const event = { event: 'range', range, rows } as const;
        await writeBackfillEvent(deps.clickhouse, context.spec.key, plan.backfillId, event, deps.runId, state);
        const finished = { range, rows, durationMs: Date.now() - startedAt };
        longestMs = Math.max(longestMs, finished.durationMs);
        done.push(finished);
        options.onRange?.(finished);
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        await session.query(sql.releaseClaim, [claimName, index % 2_147_483_647]).catch(() => {});
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.max(1, options.parallel) }, worker));
  const rejected = results.find((result) => result.status === 'rejected');
  if (rejected) throw rejected.reason;
  return done;
}

/** The copy settings of a backfill: other ranges of the table are written at the same time (parallel quorum). */
function backfillCopySettings(deps: PlanningDeps) {
  return writeSettings(deps.cluster, true);
}

export type { RangeDone, RangeOptions };
export { backfillCopySettings, copyBackfillRanges };
