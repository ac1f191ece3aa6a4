// One result for an invocation that copied several incremental windows (lib/sync/drain.ts). Pure: no I/O.
import type { IncrementalResult } from './incremental.ts';

/**
 * The result of an invocation's windows, as one: totals of rows, re-read ids and ranges; the first window's start and
 * the last one's end; the last window's safe mark, writers, backlog, schema notes and hasMore. Pure.
 * @throws Error for an empty list.
 */
function combineWindows(windows: readonly IncrementalResult[], durationMs: number): IncrementalResult {
  const [first] = windows;
  const last = windows.at(-1);
  if (!first || !last) throw new Error('no window to combine');
  const sum = (pick: (window: IncrementalResult) => number) => windows.reduce((total, w) => total + pick(w), 0);
  return {
    ...last,
    rowsInserted: sum((w) => w.rowsInserted),
    rowsRejected: sum((w) => w.rowsRejected),
    watermark: { from: first.watermark.from, to: last.watermark.to },
    rereadIds: sum((w) => w.rereadIds),
    rangesRead: sum((w) => w.rangesRead),
    insertMs: sum((w) => w.insertMs),
    windows: sum((w) => w.windows),
    newestRowAt: [...windows].reverse().find((w) => w.newestRowAt !== null)?.newestRowAt ?? null,
    durationMs,
  };
}

export { combineWindows };
