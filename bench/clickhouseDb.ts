import { randomUUID } from 'node:crypto';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { createClickhouse } from '../lib/clickhouse.ts';
import { type Config, readConfig } from '../lib/config.ts';
import { setUpDatabases } from '../lib/migrate/setup.ts';
import { quoteClickhouse, sourceCollectionName } from '../lib/tables/identifiers.ts';
import { benchSql } from './sql.ts';

/** A throw-away ClickHouse database `bench_<uuid>` holding pg2ch's schema. */
interface BenchDatabase {
  readonly name: string;
  readonly config: Config;
  readonly clickhouse: ClickHouseClient;
  drop(): Promise<void>;
}

/** A client outside any database, for statements that may run long (DROP … SYNC, pulls of millions of rows). */
function createAdminClient(clickhouseUrl: string): ClickHouseClient {
  return createClient({
    url: clickhouseUrl,
    request_timeout: 600_000,
    clickhouse_settings: {
      wait_end_of_query: 1,
      send_progress_in_http_headers: 1,
      http_headers_progress_interval_ms: '30000',
    },
  });
}

/** Names of databases created and not dropped yet, so a failed run can still clean up. */
const live = new Set<string>();

async function dropByName(clickhouseUrl: string, database: string): Promise<void> {
  const admin = createAdminClient(clickhouseUrl);
  try {
    await admin.command({ query: benchSql.dropDatabase, query_params: { database } });
    await admin.command({
      query: `DROP NAMED COLLECTION IF EXISTS ${quoteClickhouse(sourceCollectionName(database))}`,
    });
    live.delete(database);
  } finally {
    await admin.close();
  }
}

/**
 * Creates `bench_<uuid>` with pg2ch's ClickHouse schema (as `npm run migrate` does; the source schema is
 * assumed in place). `env` holds the connection keys.
 */
async function createBenchDatabase(env: Record<string, string>): Promise<BenchDatabase> {
  const name = `bench_${randomUUID().replace(/-/g, '')}`;
  const config = readConfig({ ...env, CLICKHOUSE_DATABASE: name });
  live.add(name);
  await setUpDatabases(config, { postgres: false });
  const clickhouse = createClickhouse(config);
  return {
    name,
    config,
    clickhouse,
    async drop() {
      await clickhouse.close();
      await dropByName(config.clickhouseUrl, name);
    },
  };
}

/** Drops every bench database this process created and has not dropped; never throws. */
async function dropLeftoverDatabases(clickhouseUrl: string): Promise<void> {
  for (const name of [...live]) await dropByName(clickhouseUrl, name).catch(() => {});
}

export type { BenchDatabase };
export { createAdminClient, createBenchDatabase, dropLeftoverDatabases };
