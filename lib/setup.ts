import { createClient } from '@clickhouse/client';
import { createClickhouse } from './clickhouse.ts';
import type { Config } from './config.ts';
import { type MigrateResult, migrateClickhouse } from './migrate.ts';
import { migratePostgres } from './postgres/migrate.ts';

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
  const postgres = options.postgres === false ? { applied: [] } : await migratePostgres(config.pgUrl, { log: options.log });
  const admin = createClient({ url: config.clickhouseUrl });
  const clickhouse = createClickhouse(config);
  try {
    const result = await migrateClickhouse(admin, clickhouse, config.clickhouseDatabase, config.pgUrlForClickhouse);
    return { postgres, clickhouse: result };
  } finally {
    await Promise.all([admin.close(), clickhouse.close()]);
  }
}

export { setUpDatabases };
export type { SetUpResult };
