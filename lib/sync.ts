// The sync core's front door: one run of one registry table (lock → plan → copy → record). The modes live in
// lib/sync/full.ts and lib/sync/incremental.ts; each declares its own result, combined here.
import { withStep } from './errors.ts';
import type { SyncDeps } from './sync/deps.ts';
import { drainIncremental } from './sync/drain.ts';
import { type FullResult, syncFull } from './sync/full.ts';
import type { IncrementalResult } from './sync/incremental.ts';
import { explainFailure } from './sync/reachability.ts';
import { freshSessions } from './sync/sessions.ts';
import type { SkippedSync } from './sync/skipped.ts';
import { tryLockTable, unlockTable } from './sync/source.ts';
import type { TableSpec } from './tables/registry.ts';

/** The outcome of a run that did its work: a full reload or an incremental copy (discriminated by `mode`). */
type SyncResult = FullResult | IncrementalResult;

type SyncOutcome = SyncResult | SkippedSync;

/**
 * Runs one sync of `spec` under the table's run lock (a PostgreSQL advisory lock held for the run): a full reload, or
 * incremental windows (several while the source has more and `deps.budget` allows, each recorded on its own).
 * The watermark is written last, only after the INSERT succeeded.
 * @returns the result, or `{ skipped: 'locked' }` at once when another run of the table holds the lock, or
 * `{ skipped: 'backfill' }` while a backfill of the table is open (it hands over to the sync when done).
 * @throws SyncError naming the failing step and, when a check after the failure finds one, the unreachable
 * side; sync state is then unchanged.
 */
async function runSync(spec: TableSpec, deps: SyncDeps): Promise<SyncOutcome> {
  try {
    return await runLocked(spec, deps);
  } catch (error) {
    throw await explainFailure(error, deps);
  }
}

async function runLocked(spec: TableSpec, deps: SyncDeps): Promise<SyncOutcome> {
  const startedAt = performance.now();
  const sessions = deps.sessions ?? freshSessions;
  const connect = () => withStep(spec.key, 'connect to PostgreSQL', () => sessions.acquire(deps.pgUrl));
  let { session, reused } = await connect();
  let healthy = false;
  try {
    const lock = () => withStep(spec.key, 'take run lock', () => tryLockTable(session, spec.key));
    let locked: boolean;
    try {
      locked = await lock();
    } catch (error) {
      if (!reused) throw error;
      // A session kept from an earlier run died meanwhile (server restart, idle timeout): connect afresh once.
      await sessions.release(deps.pgUrl, session, false);
      ({ session, reused } = await connect());
      locked = await lock();
    }
    if (!locked) {
      healthy = true;
      return { table: spec.key, skipped: 'locked' };
    }
    const outcome =
      spec.mode === 'full'
        ? await syncFull(spec, deps, session, startedAt)
        : await drainIncremental(spec, deps, session, startedAt);
    await unlockTable(session, spec.key);
    healthy = !deps.signal?.aborted;
    return outcome;
  } finally {
    // A session goes back for the next run only after a clean run with its lock released; closing it releases all.
    await sessions.release(deps.pgUrl, session, healthy);
  }
}

function isSkipped(outcome: SyncOutcome): outcome is SkippedSync {
  return 'skipped' in outcome;
}

export type { SyncDeps } from './sync/deps.ts';
export type { SkippedSync, SyncOutcome, SyncResult };
export { isSkipped, runSync };
