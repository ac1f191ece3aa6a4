// Which gaps of a wide re-read are worth reading this run. Pure: no I/O.
//
// A gap (ids ClickHouse lacks below the high mark) that a run read and found still empty can only be filled by a
// transaction that run saw open: one that committed before the run's read would have been copied, one that rolled
// back left a hole for good. So a gap read by two runs can only be filled by a writer both saw open. When none of
// those is still open the gap is a permanent hole (rolled back); when all of them still are, nothing can have filled
// it since, and reading it again is wasted (it is parked). Only the others spend this run's re-read budget, so holes
// left by rollbacks never starve later rows.
import type { IdRange } from './reread.ts';

/** What one earlier run read, and the names of the writers it saw open. */
interface PastRead {
  readonly ranges: readonly IdRange[];
  readonly writers: readonly string[];
}

interface GapTriage {
  /** Gaps to read this run (something may have filled them). */
  readonly read: IdRange[];
  /** Gaps only a writer that is still open can fill: not read, and the safe mark stays below them. */
  readonly parked: IdRange[];
  /** Gaps no open transaction can fill any more (left by rollbacks): never read again. */
  readonly permanent: IdRange[];
}

/** For each gap (sorted), the writer sets of the (at most two) most recent reads that covered it whole. */
function coveringWriters(gaps: readonly IdRange[], reads: readonly PastRead[]): (readonly string[])[][] {
  const found: (readonly string[])[][] = gaps.map(() => []);
  for (const read of reads) {
    const ranges = [...read.ranges].sort((a, b) => a.from - b.from);
    let r = 0;
    for (const [index, gap] of gaps.entries()) {
      while (r < ranges.length && (ranges[r]?.to ?? 0) < gap.to) r += 1;
      const range = ranges[r];
      const list = found[index];
      if (range && list && list.length < 2 && range.from <= gap.from && gap.to <= range.to) list.push(read.writers);
    }
  }
  return found;
}

/**
 * Sorts gaps into read / parked / permanent (see the module comment).
 * `reads`: earlier runs, newest first. `openTokens`: every name of every writer open now.
 */
function triageGaps(gaps: readonly IdRange[], reads: readonly PastRead[], openTokens: readonly string[]): GapTriage {
  const open = new Set(openTokens);
  const sorted = [...gaps].sort((a, b) => a.from - b.from);
  const covering = coveringWriters(sorted, reads);
  const triage: GapTriage = { read: [], parked: [], permanent: [] };
  for (const [index, gap] of sorted.entries()) {
    const [latest, before] = covering[index] ?? [];
    if (!latest || !before) {
      triage.read.push(gap);
      continue;
    }
    const earlier = new Set(before);
    const couldFill = latest.filter((name) => earlier.has(name));
    if (couldFill.length === 0) triage.permanent.push(gap);
    else if (couldFill.every((name) => open.has(name))) triage.parked.push(gap);
    else triage.read.push(gap);
  }
  return triage;
}

export type { GapTriage, PastRead };
export { triageGaps };
