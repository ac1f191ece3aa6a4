import type { ClickHouseClient } from '@clickhouse/client';
import type { Config } from '../config.ts';
import { isSkipped, runSync, type SyncOutcome } from '../sync.ts';
import { type TableKey, tables } from '../tables.ts';

/** One line per run in the original job's format, e.g. `[CLICKS] Data sync completed successfully | …`. */
function formatOutcome(outcome: SyncOutcome): string {
  const label = `[${outcome.table.toUpperCase()}]`;
  if (isSkipped(outcome)) return `${label} Skipped: another run of this table holds the lock`;
  const more = outcome.hasMore ? ' | more rows remain' : '';
  const seconds = (outcome.durationMs / 1000).toFixed(2);
  return `${label} Data sync completed successfully | ${outcome.rowsInserted} rows inserted | Time taken: ${seconds} seconds${more}`;
}

function formatFailure(table: TableKey, error: unknown): string {
  const step = (error as { step?: string }).step;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const message = error instanceof Error ? error.message : String(error);
  return `[${table.toUpperCase()}] Data sync failed${step ? ` (${step})` : ''} | ${message}${cause}`;
}

/**
 * Runs the given tables' syncs at once and prints one line per table.
 * @returns the outcomes; a failed table yields its error instead (the others still run).
 */
async function syncTables(
  keys: readonly TableKey[],
  clickhouse: ClickHouseClient,
  config: Config,
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<(SyncOutcome | Error)[]> {
  return Promise.all(
    keys.map(async (key) => {
      try {
        const outcome = await runSync(tables[key], {
          clickhouse,
          database: config.clickhouseDatabase,
          pgUrl: config.pgUrl,
          maxRows: config.maxRows,
          maxRereadIds: config.maxRereadIds,
          runId: `cli-${process.pid}-${Date.now()}`,
        });
        print(formatOutcome(outcome));
        return outcome;
      } catch (error) {
        print(formatFailure(key, error));
        return error instanceof Error ? error : new Error(String(error));
      }
    }),
  );
}

export { formatOutcome, syncTables };
