import type { ClickHouseClient } from '@clickhouse/client';
import type { Config } from '../config.ts';
import { failureOf, recordFailure } from '../status/failures.ts';
import type { RunBudget } from '../sync/budget.ts';
import { syncDepsFrom } from '../sync/deps.ts';
import { isSkipped, runSync, type SyncOutcome } from '../sync.ts';
import { findTable } from '../tables/registry.ts';
import { elapsedMs } from '../timing.ts';

/** One line per run in the original job's format, e.g. `[CLICKS] Data sync completed successfully | …`. */
function formatOutcome(outcome: SyncOutcome): string {
  const label = `[${outcome.table.toUpperCase()}]`;
  if (isSkipped(outcome))
    return outcome.skipped === 'backfill'
      ? `${label} Skipped: a backfill of this table is under way (the sync takes over when it hands over)`
      : `${label} Skipped: another run of this table holds the lock`;
  const more = outcome.hasMore ? ' | more rows remain' : '';
  const windows = outcome.mode === 'incremental' && outcome.windows > 1 ? ` | ${outcome.windows} windows` : '';
  const rejected =
    outcome.rowsRejected > 0
      ? ` | ${outcome.rowsRejected} rows quarantined (see ${outcome.table} in npm run status)`
      : '';
  const { pending, missing } = outcome.schema;
  const columns = [
    ...(pending.length > 0 ? [` | new source columns not copied until npm run migrate: ${pending.join(', ')}`] : []),
    ...(missing.length > 0 ? [` | columns gone from the source, kept in ClickHouse: ${missing.join(', ')}`] : []),
  ].join('');
  const seconds = (outcome.durationMs / 1000).toFixed(2);
  return `${label} Data sync completed successfully | ${outcome.rowsInserted} rows inserted | Time taken: ${seconds} seconds${windows}${more}${rejected}${columns}`;
}

function formatFailure(table: string, error: unknown): string {
  const step = (error as { step?: string }).step;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const message = error instanceof Error ? error.message : String(error);
  return `[${table.toUpperCase()}] Data sync failed${step ? ` (${step})` : ''} | ${message}${cause}`;
}

/**
 * Runs the given tables' syncs at once and prints one line per table. With `budget`, an incremental table copies
 * windows while the source has more and the budget allows (lib/sync/budget.ts), still printing one line. A failed run
 * is also appended to sync_failures (best-effort; `npm run status` shows it).
 * @returns the outcomes; a failed table yields its error instead (the others still run).
 */
async function syncTables(
  keys: readonly string[],
  clickhouse: ClickHouseClient,
  config: Config,
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  budget?: RunBudget,
): Promise<(SyncOutcome | Error)[]> {
  return Promise.all(
    keys.map(async (key) => {
      const runId = `cli-${process.pid}-${Date.now()}`;
      const startedAt = performance.now();
      try {
        const outcome = await runSync(findTable(key), syncDepsFrom(config, clickhouse, runId, undefined, budget));
        print(formatOutcome(outcome));
        return outcome;
      } catch (error) {
        await recordFailure(clickhouse, failureOf(key, error, runId, elapsedMs(startedAt)));
        print(formatFailure(key, error));
        return error instanceof Error ? error : new Error(String(error));
      }
    }),
  );
}

export { formatOutcome, syncTables };
