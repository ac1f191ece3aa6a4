import type { SyncWindow } from './window.ts';

/** Ids in (from, to]: `from` exclusive, `to` inclusive, like a window. */
interface IdRange {
  readonly from: number;
  readonly to: number;
}

/** What one run actually reads: the id ranges it copies, and the safe mark it may then record. */
interface ReadPlan {
  /** Ranges to copy, lowest first; each is one INSERT with the table's windowed statement. */
  readonly ranges: readonly IdRange[];
  readonly nextSafeMark: number;
  /** Ids below the previous high mark that the ranges cover (read again in case a late commit filled them). */
  readonly rereadIds: number;
  /** True when the ranges cover every id of the window ClickHouse lacks (no gap left for a later run). */
  readonly complete: boolean;
}

const defaults = {
  /** Gap rows asked of ClickHouse per run; the ids above the last one are left for a later run. */
  maxGaps: 100_000,
  /** Ranges re-read per run (copied a few hundred per INSERT, lib/sync/copy.ts); the rest are left for a later run. */
  maxRanges: 100_000,
  /** Gaps this close (ids present in between) are read as one range; the present ids are skipped by the INSERT. */
  mergeDistance: 1_000,
};

type ReadPlanOptions = typeof defaults;

/** The whole window as one range: what a run reads while (safe mark, high mark] is narrow. */
function planWholeWindow(window: SyncWindow): ReadPlan {
  const ranges =
    window.watermarkTo > window.watermarkFrom ? [{ from: window.watermarkFrom, to: window.watermarkTo }] : [];
  return { ranges, nextSafeMark: window.nextSafeMark, rereadIds: window.rereadIds, complete: true };
}

/**
 * Plans a wide run from the gaps ClickHouse reported (ids missing in (watermarkFrom, min(highMark,
 * watermarkTo)], lowest first, at most `maxGaps + 1` of them): reads only those gaps, merged when close,
 * plus the new ids above the high mark. Pure: no I/O.
 *
 * The safe mark may advance only over ids this run has covered: every missing id up to the "cut" (the
 * start of the first gap not read) is read after the writers that could add it were seen to end, so the
 * next safe mark is the planned one capped at the cut. Gaps above the cut are read by later runs.
 * `holdAt`: the start of the first gap left unread on purpose (parked: only a writer still open can fill it, see
 * holes.ts); the safe mark stays below it too, but it does not make the run incomplete.
 */
function planGapReread(
  window: SyncWindow,
  highMark: number,
  gaps: readonly IdRange[],
  options: Partial<ReadPlanOptions> = {},
  holdAt = Number.POSITIVE_INFINITY,
): ReadPlan {
  const { maxGaps, maxRanges, mergeDistance } = { ...defaults, ...options };
  const top = Math.min(highMark, window.watermarkTo);
  const merged: { from: number; to: number }[] = [];
  for (const gap of gaps.slice(0, maxGaps)) {
    const last = merged.at(-1);
    if (last !== undefined && gap.from - last.to <= mergeDistance) last.to = gap.to;
    else merged.push({ from: gap.from, to: gap.to });
  }
  let cut = gaps.length > maxGaps ? (gaps[maxGaps]?.from ?? top) : top;
  if (merged.length > maxRanges) cut = merged[maxRanges]?.from ?? cut;
  const ranges = merged.slice(0, maxRanges);
  const rereadIds = ranges.reduce((sum, range) => sum + (Math.min(range.to, top) - range.from), 0);
  if (window.watermarkTo > top) {
    const last = ranges.at(-1);
    if (last !== undefined && last.to === top) last.to = window.watermarkTo;
    else ranges.push({ from: top, to: window.watermarkTo });
  }
  return { ranges, nextSafeMark: Math.min(window.nextSafeMark, cut, holdAt), rereadIds, complete: cut >= top };
}

export type { IdRange, ReadPlan, ReadPlanOptions };
export { defaults as readPlanDefaults, planGapReread, planWholeWindow };
