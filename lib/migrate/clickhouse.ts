import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { createClickhouse } from '../clickhouse.ts';
import {
  type ClusterMode,
  clusterModeOf,
  readSettings,
  renderForCluster,
  singleServer,
  writeSettings,
} from '../cluster.ts';
import type { Config } from '../config.ts';
import { withStep } from '../errors.ts';
import { clickhouseMigrations, splitStatements, sql } from '../sql.ts';
import { registry, type TableSpec } from '../tables/registry.ts';
import {
  applySourceCollection,
  type CollectionOutcome,
  type LegacyCollection,
  readLegacyCollection,
} from './sourceCollection.ts';
import { migrateTables, type TableMigration } from './tables.ts';

interface MigrateResult {
  readonly applied: string[];
  readonly alreadyApplied: string[];
  /** What each registry table's migration did (created, columns added, widened, missing, unsupported). */
  readonly tables: TableMigration[];
  /** What happened to the database's named collection, pg2ch_source_<database> (lib/migrate/sourceCollection.ts). */
  readonly collection: CollectionOutcome;
  /** Whether the server-wide pg2ch_source of earlier versions is still there (left alone; the CLI says what to do). */
  readonly legacyCollection: LegacyCollection;
}

/** Where the migration reads the registry tables' columns from, which tables, and on what kind of ClickHouse. */
interface TableSources {
  readonly pgUrl: string;
  readonly specs: readonly TableSpec[];
  /** Single server (default), self-managed cluster or ClickHouse Cloud (lib/cluster.ts). */
  readonly cluster?: ClusterMode;
}

/**
 * Brings a ClickHouse database to the current schema: creates it if missing, points its named collection at
 * `pgUrlForClickhouse` (only when missing or changed), brings every registry table's copy, reader and quarantine
 * table to its source's columns (lib/migrate/tables.ts, reading PostgreSQL's catalog through `tables.pgUrl`), then
 * applies the versioned files of sql/clickhouse/ not yet recorded in schema_migrations (each statement is idempotent,
 * so a migration interrupted half-way is safe to re-apply). On a cluster every DDL statement runs ON CLUSTER with
 * Replicated engines (lib/cluster.ts). `admin` must be a client without a database (to create it); `clickhouse` works in it.
 * @throws SyncError naming the failing migration; SchemaChangeError for a source change it cannot follow.
 */
async function migrateClickhouse(
  admin: ClickHouseClient,
  clickhouse: ClickHouseClient,
  database: string,
  pgUrlForClickhouse: string,
  tables: TableSources,
): Promise<MigrateResult> {
  const cluster = tables.cluster ?? singleServer;
  const ddl = (client: ClickHouseClient, statement: string, query_params?: Record<string, unknown>) =>
    client.command({
      query: renderForCluster(statement, cluster),
      query_params,
      clickhouse_settings: writeSettings(cluster, true),
    });
  await withStep('clickhouse', 'create database', () =>
    ddl(admin, 'CREATE DATABASE IF NOT EXISTS {database:Identifier}', { database }),
  );
  const collection = await withStep('clickhouse', 'create source collection', () =>
    applySourceCollection(clickhouse, database, pgUrlForClickhouse, cluster),
  );
  await withStep('clickhouse', 'create schema_migrations', () => ddl(clickhouse, sql.clickhouseMigrationsTable));
  const migrated = await migrateTables({ clickhouse, database }, tables.pgUrl, tables.specs, cluster);
  const done = await withStep('clickhouse', 'read schema_migrations', async () => {
    const result = await clickhouse.query({
      query: sql.clickhouseAppliedMigrations,
      format: 'JSONEachRow',
      clickhouse_settings: readSettings(cluster),
    });
    return new Set((await result.json<{ version: string }>()).map((row) => row.version));
  });
  const applied: string[] = [];
  for (const { version, text } of clickhouseMigrations) {
    if (done.has(version)) continue;
    await withStep('clickhouse', `apply migration ${version}`, async () => {
      for (const statement of splitStatements(text)) await ddl(clickhouse, statement);
      await ddl(clickhouse, sql.clickhouseRecordMigration, { version });
    });
    applied.push(version);
  }
  const legacyCollection = await withStep('clickhouse', 'read named collections', () =>
    readLegacyCollection(clickhouse),
  );
  return { applied, alreadyApplied: [...done], tables: migrated, collection, legacyCollection };
}

/** migrateClickhouse with its own short-lived clients for the configured server and database, every registry table. */
async function migrateClickhouseDatabase(
  config: Pick<
    Config,
    'clickhouseUrl' | 'clickhouseDatabase' | 'pgUrlForClickhouse' | 'pgUrl' | 'clickhouseCluster' | 'clickhouseCloud'
  >,
  specs: readonly TableSpec[] = registry,
): Promise<MigrateResult> {
  const admin = createClient({ url: config.clickhouseUrl });
  const clickhouse = createClickhouse(config);
  try {
    const tables = { pgUrl: config.pgUrl, specs, cluster: clusterModeOf(config) };
    return await migrateClickhouse(admin, clickhouse, config.clickhouseDatabase, config.pgUrlForClickhouse, tables);
  } finally {
    await Promise.all([admin.close(), clickhouse.close()]);
  }
}

export type { MigrateResult };
export { migrateClickhouse, migrateClickhouseDatabase };
