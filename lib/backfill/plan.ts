// How a backfill splits its ids and where it hands over to the scheduled sync. Pure: no I/O.
//
// The safe-mark rule (README, "Backfill"): a backfill of (from, to] copies nothing before every transaction that was
// writing the table when `to` was read has ended, so every id at or below `to` is final before any range is read.
// When its last range is copied, every committed id of (from, to] is in ClickHouse and none can still appear: the
// handover may record `to` as the safe mark, provided everything at or below `from` was already there (from at or
// below the sync's safe mark). It never records a safe mark past an id an open transaction could still commit.
import type { IdRange } from '../sync/reread.ts';

/** One backfill: ids (from, to], copied in ranges of `rangeIds` ids. */
interface BackfillPlan {
  readonly backfillId: string;
  readonly from: number;
  readonly to: number;
  readonly rangeIds: number;
}

/** What the command line (or the function's event) asked for. */
interface BoundsRequest {
  readonly fromId?: number;
  readonly toId?: number;
}

/** What the sync and the source show when a backfill is planned. */
interface PlanningFacts {
  /** The sync's recorded safe mark, or null before its first run. */
  readonly syncSafeMark: number | null;
  /** Where a table never synced starts (below its lowest id when that is 0 or less, else 0). */
  readonly start: number;
  /** The source's highest committed id (null: empty table). */
  readonly maxId: number | null;
}

/** What the handover writes to sync_state: a run record that hands the table to the scheduled sync. */
interface Handover {
  readonly watermarkFrom: number;
  readonly watermarkTo: number;
  readonly safeMark: number;
  /** False when ids between the sync's safe mark and the backfill's start were not loaded: the sync reads them. */
  readonly movesSafeMark: boolean;
}

const defaults = {
  /** Ids per range: one INSERT … SELECT each, recorded when done (what a crash can cost). */
  rangeIds: 1_000_000,
};

/**
 * The ids a backfill covers: from `fromId` (default: the sync's safe mark, or the table's start) to `toId` (default,
 * and at most: the source's highest id; ids above it do not exist yet and may still be handed out). Null when there
 * is nothing to copy.
 */
function planBounds(request: BoundsRequest, facts: PlanningFacts): { from: number; to: number } | null {
  if (facts.maxId === null) return null;
  const from = request.fromId ?? facts.syncSafeMark ?? facts.start;
  const to = Math.min(request.toId ?? facts.maxId, facts.maxId);
  return to > from ? { from, to } : null;
}

/** The plan's ranges, lowest first: (from, from + rangeIds], …, the last one ending at `to`. */
function planRanges(plan: Pick<BackfillPlan, 'from' | 'to' | 'rangeIds'>): IdRange[] {
  const ranges: IdRange[] = [];
  for (let from = plan.from; from < plan.to; from += plan.rangeIds) {
    ranges.push({ from, to: Math.min(plan.to, from + plan.rangeIds) });
  }
  return ranges;
}

/** The plan's ranges not recorded as done. */
function remainingRanges(plan: BackfillPlan, done: readonly IdRange[]): IdRange[] {
  const finished = new Set(done.map((range) => `${range.from}:${range.to}`));
  return planRanges(plan).filter((range) => !finished.has(`${range.from}:${range.to}`));
}

/**
 * The record that hands a finished backfill to the sync: the safe mark moves to the plan's end when the plan starts at
 * or below the sync's safe mark (or the table's start, before its first run), else it stays (the sync then reads the
 * ids below the plan's start itself, and releases the plan's end once it has).
 */
function planHandover(plan: BackfillPlan, syncSafeMark: number | null, start: number): Handover {
  const safe = syncSafeMark ?? start;
  const movesSafeMark = plan.from <= safe;
  return {
    watermarkFrom: plan.from,
    watermarkTo: plan.to,
    safeMark: movesSafeMark ? Math.max(safe, plan.to) : safe,
    movesSafeMark,
  };
}

export type { BackfillPlan, BoundsRequest, Handover, PlanningFacts };
export { defaults as backfillDefaults, planBounds, planHandover, planRanges, remainingRanges };
