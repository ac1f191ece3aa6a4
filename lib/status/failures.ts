// The record of failed sync runs (sync_failures, migration 0030): what `npm run status` shows as "last error".
import type { ClickHouseClient } from '@clickhouse/client';
import { errorChainText } from '../log.ts';
import { sql } from '../sql.ts';

const defaults = {
  /** A best-effort write gives up after this long: ClickHouse being slow or away is often why the run failed. */
  timeoutMs: 2_000,
  /** Longest error text kept. */
  maxErrorLength: 2_000,
};

/** One failed run, as appended to sync_failures. */
interface RunFailure {
  readonly table: string;
  /** The failing step ("connect to PostgreSQL", "insert window", …), or "" when the error names none. */
  readonly step: string;
  /** The error and its causes as one line (no credentials: pg2ch's errors never carry them). */
  readonly error: string;
  readonly unreachable: readonly string[];
  readonly runId: string;
  readonly durationMs: number;
}

/** True when the failed run found ClickHouse unreachable: nothing more should be asked of it. */
function clickhouseUnreachable(failure: Pick<RunFailure, 'unreachable'>): boolean {
  return failure.unreachable.includes('ClickHouse');
}

/** The failure record of a run that threw `error`. Pure. */
function failureOf(table: string, error: unknown, runId: string, durationMs: number): RunFailure {
  const { step, unreachable } = error as { step?: unknown; unreachable?: unknown };
  return {
    table,
    step: typeof step === 'string' ? step : '',
    error: errorChainText(error).slice(0, defaults.maxErrorLength),
    unreachable: Array.isArray(unreachable) ? unreachable.map(String) : [],
    runId,
    durationMs,
  };
}

/**
 * Appends `failure` to sync_failures, giving up after `timeoutMs`; skipped when the run found ClickHouse unreachable.
 * Never rejects: the caller is already reporting a failure, and ClickHouse may be the side that is down.
 * @returns whether the row was written.
 */
async function recordFailure(
  clickhouse: ClickHouseClient,
  failure: RunFailure,
  options: Partial<typeof defaults> = {},
): Promise<boolean> {
  const { timeoutMs } = { ...defaults, ...options };
  if (clickhouseUnreachable(failure)) return false;
  try {
    await clickhouse.command({
      query: sql.recordFailure,
      query_params: {
        table_name: failure.table,
        step: failure.step,
        error: failure.error,
        unreachable: failure.unreachable,
        run_id: failure.runId,
        duration_ms: failure.durationMs,
      },
      abort_signal: AbortSignal.timeout(timeoutMs),
    });
    return true;
  } catch {
    return false;
  }
}

export type { RunFailure };
export { clickhouseUnreachable, failureOf, recordFailure };
