import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { createClickhouse } from '../clickhouse.ts';
import type { Config } from '../config.ts';
import { withStep } from '../errors.ts';
import { clickhouseMigrations, splitStatements, sql } from '../sql.ts';
import { renderSourceCollection } from './namedCollection.ts';

interface MigrateResult {
  readonly applied: string[];
  readonly alreadyApplied: string[];
}

/**
 * Brings a ClickHouse database to the current schema: creates it if missing, applies the versioned
 * files of sql/clickhouse/ not yet recorded in schema_migrations (each statement is idempotent, so a
 * migration interrupted half-way is safe to re-apply), and points the pg2ch_source collection at
 * `pgUrlForClickhouse`. `admin` must be a client without a database (to create it); `clickhouse` works in it.
 * @throws SyncError naming the failing migration.
 */
async function migrateClickhouse(
  admin: ClickHouseClient,
  clickhouse: ClickHouseClient,
  database: string,
  pgUrlForClickhouse: string,
): Promise<MigrateResult> {
  await withStep('clickhouse', 'create database', () =>
    admin.command({ query: 'CREATE DATABASE IF NOT EXISTS {database:Identifier}', query_params: { database } }),
  );
  for (const statement of renderSourceCollection(pgUrlForClickhouse)) {
    await withStep('clickhouse', 'create source collection', () => clickhouse.command({ query: statement }));
  }
  await withStep('clickhouse', 'create schema_migrations', () =>
    clickhouse.command({ query: sql.clickhouseMigrationsTable }),
  );
  const done = await withStep('clickhouse', 'read schema_migrations', async () => {
    const result = await clickhouse.query({ query: sql.clickhouseAppliedMigrations, format: 'JSONEachRow' });
    return new Set((await result.json<{ version: string }>()).map((row) => row.version));
  });
  const applied: string[] = [];
  for (const { version, text } of clickhouseMigrations) {
    if (done.has(version)) continue;
    await withStep('clickhouse', `apply migration ${version}`, async () => {
      for (const statement of splitStatements(text)) await clickhouse.command({ query: statement });
      await clickhouse.command({ query: sql.clickhouseRecordMigration, query_params: { version } });
    });
    applied.push(version);
  }
  return { applied, alreadyApplied: [...done] };
}

/** migrateClickhouse with its own short-lived clients for the configured server and database. */
async function migrateClickhouseDatabase(
  config: Pick<Config, 'clickhouseUrl' | 'clickhouseDatabase' | 'pgUrlForClickhouse'>,
): Promise<MigrateResult> {
  const admin = createClient({ url: config.clickhouseUrl });
  const clickhouse = createClickhouse(config);
  try {
    return await migrateClickhouse(admin, clickhouse, config.clickhouseDatabase, config.pgUrlForClickhouse);
  } finally {
    await Promise.all([admin.close(), clickhouse.close()]);
  }
}

export type { MigrateResult };
export { migrateClickhouse, migrateClickhouseDatabase };
