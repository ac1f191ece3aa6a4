import type { Config } from '../config.ts';
import { type MigrateResult, migrateClickhouseDatabase } from './clickhouse.ts';
import { migratePostgres } from './postgres.ts';

interface SetUpResult {
  readonly postgres: { applied: string[] };
  readonly clickhouse: MigrateResult;
}

/**
 * Brings ClickHouse to the current schema (database, its named collection, the registry tables, sql/clickhouse),
 * and, only when `postgres` is true, PostgreSQL first: the demo source schema and the read-only role of sql/postgres,
 * for the embedded engines and docker setups where pg2ch owns the source database. A user's own PostgreSQL is never
 * altered unless asked for (README, "Use your own servers"). Idempotent. @throws the first failing migration's error.
 */
async function setUpDatabases(
  config: Config,
  options: { log?: (line: string) => void; postgres?: boolean } = {},
): Promise<SetUpResult> {
  const postgres =
    options.postgres === true
      ? await migratePostgres(config.pgUrl, options.log ? { log: options.log } : {})
      : { applied: [] };
  return { postgres, clickhouse: await migrateClickhouseDatabase(config) };
}

export type { SetUpResult };
export { setUpDatabases };
