import type { Config } from '../config.ts';
import { type MigrateResult, migrateClickhouseDatabase } from './clickhouse.ts';
import { migratePostgres } from './postgres.ts';

interface SetUpResult {
  readonly postgres: { applied: string[] };
  readonly clickhouse: MigrateResult;
}

/**
 * Brings both sides to the current schema: PostgreSQL (sql/postgres, for local and docker setups where
 * pg2ch owns the source schema) then ClickHouse (database, pg2ch_source collection, sql/clickhouse).
 * Idempotent. @throws the first failing migration's error.
 */
async function setUpDatabases(
  config: Config,
  options: { log?: (line: string) => void; postgres?: boolean } = {},
): Promise<SetUpResult> {
  const postgres =
    options.postgres === false
      ? { applied: [] }
      : await migratePostgres(config.pgUrl, options.log ? { log: options.log } : {});
  return { postgres, clickhouse: await migrateClickhouseDatabase(config) };
}

export type { SetUpResult };
export { setUpDatabases };
