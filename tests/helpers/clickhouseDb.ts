import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { createClient } from '@clickhouse/client';
import { createClickhouse } from '../../lib/clickhouse.ts';
import { type Config, readConfig } from '../../lib/config.ts';
import { setUpDatabases } from '../../lib/migrate/setup.ts';
import { quoteClickhouse, sourceCollectionName } from '../../lib/tables/identifiers.ts';

interface TestDatabase {
  readonly database: string;
  readonly config: Config;
  readonly clickhouse: ClickHouseClient;
  /** Runs a query and returns its rows (64-bit integers as strings). */
  rows<T>(query: string, params?: Record<string, unknown>): Promise<T[]>;
  drop(): Promise<void>;
}

/**
 * Creates an isolated ClickHouse database `test_<uuid>` with the pg2ch schema, on the test stack.
 * `env` overrides configuration keys (e.g. MAX_ROWS).
 */
async function createTestDatabase(env: Record<string, string> = {}): Promise<TestDatabase> {
  const database = `test_${randomUUID().replace(/-/g, '')}`;
  const config = readConfig({ ...process.env, CLICKHOUSE_DATABASE: database, ...env });
  await setUpDatabases(config, { postgres: false });
  const clickhouse = createClickhouse(config);
  return {
    database,
    config,
    clickhouse,
    async rows<T>(query: string, params: Record<string, unknown> = {}) {
      const result = await clickhouse.query({ query, query_params: params, format: 'JSONEachRow' });
      return result.json<T>();
    },
    async drop() {
      await clickhouse.close();
      const admin = createClient({ url: config.clickhouseUrl });
      await admin.command({ query: 'DROP DATABASE IF EXISTS {database:Identifier}', query_params: { database } });
      await admin.command({
        query: `DROP NAMED COLLECTION IF EXISTS ${quoteClickhouse(sourceCollectionName(database))}`,
      });
      await admin.close();
    },
  };
}

export type { TestDatabase };
export { createTestDatabase };
