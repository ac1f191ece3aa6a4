import type { ClickHouseClient } from '@clickhouse/client';
import { type Side, SyncError } from '../errors.ts';
import { isSourceReachable } from './source.ts';

interface ReachabilityDeps {
  readonly clickhouse: ClickHouseClient;
  readonly pgUrl: string;
  /** The invocation's signal: once aborted (Lambda timeout near) there is no time left to check. */
  readonly signal?: AbortSignal;
}

const defaults = {
  /** Each side gets this long to answer; both are checked at once. */
  timeoutMs: 2_000,
};

/** Which sides do not answer now: a new PostgreSQL connection running a query, and ClickHouse's /ping. Never throws. */
async function findUnreachable(deps: ReachabilityDeps, options: Partial<typeof defaults> = {}): Promise<Side[]> {
  const { timeoutMs } = { ...defaults, ...options };
  const [postgres, clickhouse] = await Promise.all([
    isSourceReachable(deps.pgUrl, timeoutMs),
    deps.clickhouse.ping({ select: false, abort_signal: AbortSignal.timeout(timeoutMs) }).then(
      (result) => result.success,
      () => false,
    ),
  ]);
  return [...(postgres ? [] : (['PostgreSQL'] as const)), ...(clickhouse ? [] : (['ClickHouse'] as const))];
}

/**
 * Adds the unreachable sides to a failed step's error, so the message says which side is down (a step such
 * as "insert window" involves both: ClickHouse reads from PostgreSQL). Other errors pass through unchanged,
 * as does everything once `signal` has aborted.
 */
async function explainFailure(error: unknown, deps: ReachabilityDeps): Promise<unknown> {
  if (!(error instanceof SyncError) || deps.signal?.aborted) return error;
  const unreachable = await findUnreachable(deps);
  if (unreachable.length === 0) return error;
  return new SyncError(error.table, error.step, { cause: error.cause, unreachable });
}

export { explainFailure, findUnreachable };
