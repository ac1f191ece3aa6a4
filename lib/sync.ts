import type { ClickHouseClient } from '@clickhouse/client';
import { withStep } from './errors.ts';
import { syncFull } from './sync/full.ts';
import { syncIncremental } from './sync/incremental.ts';
import { explainFailure } from './sync/reachability.ts';
import { closeSourceSession, openSourceSession, tryLockTable } from './sync/source.ts';
import type { TableSpec } from './tables.ts';

interface SyncDeps {
  readonly clickhouse: ClickHouseClient;
  /** ClickHouse database the client works in; part of the INSERT's fixed query_id. */
  readonly database: string;
  readonly pgUrl: string;
  /** Cap on new ids read by one incremental run (MAX_ROWS). */
  readonly maxRows: number;
  /** Widest (safe mark, high mark] re-read whole; wider windows re-read only the ids ClickHouse lacks (MAX_REREAD_IDS). */
  readonly maxRereadIds: number;
  /** Identifies this run in logs and, as log_comment, in ClickHouse's query log. */
  readonly runId: string;
  readonly signal?: AbortSignal;
  /** Test seam: runs after the window was planned and counted, before the first INSERT (incremental mode). */
  readonly beforeInsert?: () => Promise<void>;
  /** Test seam: runs after the INSERT succeeded and before the watermark is written. */
  readonly afterInsert?: () => Promise<void>;
}

interface SyncResult {
  readonly table: string;
  readonly mode: 'full' | 'incremental';
  readonly rowsInserted: number;
  /** Incremental: the id window (from, to] read by this run; full: nulls. */
  readonly watermark: { readonly from: number | null; readonly to: number | null };
  /** Incremental only: the safe mark recorded by this run, and how many ids of the window were re-read. */
  readonly safeMark?: number;
  readonly rereadIds?: number;
  /** Incremental only: id ranges copied (one INSERT each; 1 when the window is read whole). */
  readonly rangesRead?: number;
  /** Incremental only: open transactions that may still add ids (they hold the safe mark back until they end). */
  readonly openWriters?: number;
  readonly durationMs: number;
  readonly hasMore: boolean;
}

interface SkippedSync {
  readonly table: string;
  readonly skipped: 'locked';
}

type SyncOutcome = SyncResult | SkippedSync;

/**
 * Runs one sync of `spec` under the table's run lock (a PostgreSQL advisory lock held for the run).
 * The watermark is written last, only after the INSERT succeeded.
 * @returns the result, or `{ skipped: 'locked' }` at once when another run of the table holds the lock.
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
  const session = await withStep(spec.key, 'connect to PostgreSQL', () => openSourceSession(deps.pgUrl));
  try {
    const locked = await withStep(spec.key, 'take run lock', () => tryLockTable(session, spec.key));
    if (!locked) return { table: spec.key, skipped: 'locked' };
    return spec.mode === 'full'
      ? await syncFull(spec, deps, startedAt)
      : await syncIncremental(spec, deps, session, startedAt);
  } finally {
    await closeSourceSession(session);
  }
}

function isSkipped(outcome: SyncOutcome): outcome is SkippedSync {
  return 'skipped' in outcome;
}

export type { SkippedSync, SyncDeps, SyncOutcome, SyncResult };
export { isSkipped, runSync };
