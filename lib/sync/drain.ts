// Several incremental windows in one invocation: while the source has more and the time budget allows (budget.ts).
// Each window is a whole run (snapshot, state, plan, copy, count, sync_state record) under the same run lock, so a
// backlog of several windows drains in one invocation and an invocation killed in the middle loses nothing.
import type pg from 'pg';
import { elapsedMs } from '../timing.ts';
import { shouldStartWindow } from './budget.ts';
import { combineWindows } from './combine.ts';
import type { SyncDeps } from './deps.ts';
import { type IncrementalResult, syncIncremental } from './incremental.ts';
import type { SkippedSync } from './skipped.ts';

/**
 * Copies windows of an incremental table, the first at once and each further one while the last was capped by
 * MAX_ROWS and `deps.budget` leaves room (one window without a budget). A failure in a later window throws as the
 * first would: the windows before it are recorded and stay.
 * @returns the windows' combined result, or `{ skipped: 'backfill' }` while a backfill of the table is open.
 * @throws SyncError naming the failing step.
 */
async function drainIncremental(
  spec: Parameters<typeof syncIncremental>[0],
  deps: SyncDeps,
  session: pg.Client,
  startedAt: number,
): Promise<IncrementalResult | SkippedSync> {
  const first = await syncIncremental(spec, deps, session, startedAt);
  if ('skipped' in first) return first;
  const windows = [first];
  let longestWindowMs = first.durationMs;
  while (deps.budget) {
    const hasMore = windows.at(-1)?.hasMore ?? false;
    if (!shouldStartWindow(deps.budget, { hasMore, longestWindowMs }, deps.signal?.aborted)) break;
    const window = await syncIncremental(spec, deps, session, performance.now());
    if ('skipped' in window) break;
    longestWindowMs = Math.max(longestWindowMs, window.durationMs);
    windows.push(window);
  }
  return combineWindows(windows, elapsedMs(startedAt));
}

export { drainIncremental };
