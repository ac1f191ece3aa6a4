// The backfill's front door (`npm run backfill`, the backfill function): open or resume the table's backfill
// (lib/backfill/planning.ts), copy its remaining ranges N at a time (ranges.ts), hand over to the scheduled sync once
// every range is done (handover.ts). See README, "Backfill", for the safe-mark rule and why nothing is lost or doubled.
import type { ClickHouseClient } from '@clickhouse/client';
import { handOver } from './backfill/handover.ts';
import { type BackfillPlan, type Handover, planRanges, remainingRanges } from './backfill/plan.ts';
import { openBackfill, type PlanRequest, waitOutSyncInsert } from './backfill/planning.ts';
import { backfillCopySettings, copyBackfillRanges, type RangeDone } from './backfill/ranges.ts';
import { readOpenBackfill, writeBackfillEvent } from './backfill/state.ts';
import { type ClusterMode, singleServer } from './cluster.ts';
import { SyncError, withStep } from './errors.ts';
import type { RunBudget } from './sync/budget.ts';
import { readCopyContext } from './sync/copyContext.ts';
import type { IdRange } from './sync/reread.ts';
import { closeSourceSession, openSourceSession, unlockTable, waitLockTable } from './sync/source.ts';
import type { TableSpec } from './tables/registry.ts';
import { elapsedMs } from './timing.ts';

interface BackfillDeps {
  readonly clickhouse: ClickHouseClient;
  readonly database: string;
  readonly pgUrl: string;
  readonly runId: string;
  readonly cluster?: ClusterMode;
  readonly signal?: AbortSignal;
}

interface BackfillRequest extends PlanRequest {
  /** Ranges copied at once (default 1). */
  readonly parallel?: number;
  /** The Lambda form stops taking ranges when its time runs low; without it every remaining range is copied. */
  readonly budget?: RunBudget;
  readonly onProgress?: (progress: BackfillProgress) => void;
  /** Test seam: runs before each range's INSERT. */
  readonly beforeRange?: (range: IdRange) => Promise<void>;
}

/** Where a backfill stands, after each range this invocation copied. */
interface BackfillProgress {
  readonly plan: BackfillPlan;
  readonly rangesTotal: number;
  /** Ranges recorded as done, by this invocation or earlier ones. */
  readonly rangesDone: number;
  readonly idsTotal: number;
  readonly idsDone: number;
  /** Ids already done when this invocation started (a resumed backfill's earlier ranges). */
  readonly idsAtStart: number;
  /** Rows this invocation copied so far, and how long it has been copying. */
  readonly rowsCopied: number;
  readonly copyingSinceMs: number;
}

interface BackfillResult {
  readonly table: string;
  readonly backfillId: string;
  readonly from: number;
  readonly to: number;
  /** True when this invocation resumed a backfill planned earlier. */
  readonly resumed: boolean;
  readonly rangesTotal: number;
  readonly rangesDone: number;
  /** Ranges and rows this invocation copied. */
  readonly rangesCopied: number;
  readonly rowsCopied: number;
  /** The handover to the scheduled sync, once every range is done; null while ranges remain. */
  readonly handover: Handover | null;
  readonly durationMs: number;
}

const span = (ranges: readonly IdRange[]) => ranges.reduce((total, range) => total + (range.to - range.from), 0);

/**
 * Backfills `spec` (an incremental table): resumes its open backfill or plans one of (fromId, toId] (default: from the
 * sync's safe mark to the source's highest id), copies the remaining ranges `parallel` at a time, and hands over to the
 * scheduled sync when none is left. Safe to run again after any crash, and from several invocations at once.
 * @returns null when there is nothing to copy, else what was done.
 * @throws UsageError when the bounds differ from the open backfill's; WritersOpenError; SyncError naming the step.
 */
async function runBackfill(
  spec: TableSpec,
  deps: BackfillDeps,
  request: BackfillRequest = {},
): Promise<BackfillResult | null> {
  if (spec.mode !== 'incremental') throw new SyncError(spec.key, 'backfill (only incremental tables are backfilled)');
  const startedAt = performance.now();
  const planning = { ...deps, cluster: deps.cluster ?? singleServer };
  const session = await withStep(spec.key, 'connect to PostgreSQL', () => openSourceSession(deps.pgUrl));
  try {
    const opened = await withStep(spec.key, 'plan backfill', () => openBackfill(planning, session, spec, request));
    if (!opened) return null;
    const { plan } = opened.open;
    await withStep(spec.key, 'wait for a running sync INSERT', () => waitOutSyncInsert(planning, spec));
    const context = await readCopyContext(spec, planning, session);
    const copyContext = { ...context, settings: backfillCopySettings(planning) };
    const remaining = remainingRanges(plan, opened.open.done);
    const total = planRanges(plan);
    const idsAtStart = span(total) - span(remaining);
    let idsDone = idsAtStart;
    let rangesDone = total.length - remaining.length;
    let rowsCopied = 0;
    const copyingSince = performance.now();
    const report = (done: RangeDone) => {
      idsDone += done.range.to - done.range.from;
      rangesDone += 1;
      rowsCopied += done.rows;
      request.onProgress?.({
        ...{ plan, rangesTotal: total.length, rangesDone, idsTotal: span(total), idsDone, idsAtStart, rowsCopied },
        copyingSinceMs: elapsedMs(copyingSince),
      });
    };
    const copied = await copyBackfillRanges(planning, session, copyContext, plan, remaining, {
      parallel: request.parallel ?? 1,
      ...(request.budget ? { budget: request.budget } : {}),
      ...(request.beforeRange ? { beforeRange: request.beforeRange } : {}),
      onRange: report,
    });
    // Other invocations may have copied the last ranges meanwhile: handOver reads what is recorded, and does nothing
    // while ranges remain.
    const handover = await withStep(spec.key, 'hand over to the sync', () =>
      handOver(planning, session, spec, plan.backfillId),
    );
    if (handover) rangesDone = total.length;
    return {
      ...{ table: spec.key, backfillId: plan.backfillId, from: plan.from, to: plan.to, resumed: opened.resumed },
      ...{ rangesTotal: total.length, rangesDone, rangesCopied: copied.length, rowsCopied, handover },
      durationMs: elapsedMs(startedAt),
    };
  } finally {
    await closeSourceSession(session);
  }
}

/**
 * Gives up the table's open backfill under its run lock (the scheduled sync takes the table again from its own safe
 * mark; rows the backfill copied stay and are skipped). @returns the abandoned backfill's id, or null when none was open.
 */
async function abandonBackfill(spec: TableSpec, deps: BackfillDeps): Promise<string | null> {
  const options = { cluster: deps.cluster ?? singleServer, signal: deps.signal };
  const session = await withStep(spec.key, 'connect to PostgreSQL', () => openSourceSession(deps.pgUrl));
  try {
    await waitLockTable(session, spec.key);
    const open = await readOpenBackfill(deps.clickhouse, spec.key, options);
    if (!open) return null;
    const event = { event: 'abandon' } as const;
    await writeBackfillEvent(deps.clickhouse, spec.key, open.plan.backfillId, event, deps.runId, options);
    await unlockTable(session, spec.key);
    return open.plan.backfillId;
  } finally {
    await closeSourceSession(session);
  }
}

export type { BackfillDeps, BackfillProgress, BackfillRequest, BackfillResult };
export { abandonBackfill, runBackfill };
