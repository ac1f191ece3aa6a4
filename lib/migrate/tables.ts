// Brings each registry table's ClickHouse objects to the source's current columns: the copy (created, or given the
// columns PostgreSQL gained, widened, or made Nullable for columns it dropped), the reader and the quarantine table.
import type { ClickHouseClient } from '@clickhouse/client';
import type pg from 'pg';
import { type ClusterMode, renderForCluster, singleServer } from '../cluster.ts';
import { SchemaChangeError } from '../errors.ts';
import { closeSourceSession, openSourceSession, unlockTable, waitLockTable } from '../sync/source.ts';
import { readClickhouseColumns, readSourceColumns } from '../tables/catalog.ts';
import { type ClickhouseColumn, mapSelected } from '../tables/columnPlan.ts';
import type { ColumnMapping } from '../tables/columnTypes.ts';
import { sourceCollectionName } from '../tables/identifiers.ts';
import type { TableSpec } from '../tables/registry.ts';
import {
  addColumn,
  createReader,
  createRejected,
  createTarget,
  dedupWindow,
  modifyColumn,
  tableNames,
} from '../tables/statements.ts';

/** The ClickHouse side of a migration: a client and the database it works in (which names the readers' collection). */
interface ClickhouseTarget {
  readonly clickhouse: ClickHouseClient;
  readonly database: string;
}

/** Runs one DDL statement as `cluster` needs it (ON CLUSTER, Replicated engines; lib/cluster.ts). */
type Ddl = (statement: string) => Promise<unknown>;

function ddlRunner(clickhouse: ClickHouseClient, cluster: ClusterMode): Ddl {
  return (statement) => clickhouse.command({ query: renderForCluster(statement, cluster) });
}

/** What migrating one table did, and what an operator should know. */
interface TableMigration {
  readonly table: string;
  readonly created: boolean;
  readonly added: readonly string[];
  readonly widened: readonly string[];
  /** Columns the source no longer has: kept in ClickHouse (made Nullable so new rows hold NULL there). */
  readonly missing: readonly string[];
  readonly unsupported: readonly { readonly name: string; readonly type: string }[];
}

function unwrap(type: string): { inner: string; nullable: boolean } {
  const match = /^Nullable\((.*)\)$/.exec(type);
  return match?.[1] ? { inner: match[1], nullable: true } : { inner: type, nullable: false };
}

/** The Nullable form of a column type (arrays stay as they are: ClickHouse arrays cannot be NULL). */
function nullableType(type: string): string {
  if (type.startsWith('Nullable(') || type.startsWith('Array(') || type.startsWith('LowCardinality(Nullable('))
    return type;
  const low = /^LowCardinality\((.*)\)$/.exec(type);
  return low ? `LowCardinality(Nullable(${low[1]}))` : `Nullable(${type})`;
}

/** True when ClickHouse can change column type `from` to `to` in place without losing a value. */
function isWidening(from: string, to: string): boolean {
  const a = unwrap(from);
  const b = unwrap(to);
  if (a.nullable && !b.nullable) return false;
  if (a.inner === b.inner) return true;
  const ints = ['Int16', 'Int32', 'Int64'];
  if (ints.includes(a.inner) && ints.includes(b.inner)) return ints.indexOf(a.inner) < ints.indexOf(b.inner);
  const da = /^Decimal\((\d+), (\d+)\)$/.exec(a.inner);
  const db = /^Decimal\((\d+), (\d+)\)$/.exec(b.inner);
  return Boolean(da && db && da[2] === db[2] && Number(da[1]) <= Number(db[1]));
}

/** Alters an existing copy to the mapped columns; returns what changed. @throws SchemaChangeError on a type it cannot take. */
async function alterTarget(
  ddl: Ddl,
  spec: TableSpec,
  existing: readonly ClickhouseColumn[],
  mapped: readonly ColumnMapping[],
  sourceNames: ReadonlySet<string>,
) {
  const present = new Map(existing.map((column) => [column.name, column.type]));
  const added: string[] = [];
  const widened: string[] = [];
  for (const column of mapped) {
    const type = present.get(column.name);
    if (type === undefined) {
      await ddl(addColumn(spec, column));
      added.push(column.name);
    } else if (
      type !== column.clickhouseType &&
      !(unwrap(type).nullable && unwrap(type).inner === column.clickhouseType)
    ) {
      if (!isWidening(type, column.clickhouseType) || column.name === spec.idColumn) {
        const change = `column ${column.name} changed type in PostgreSQL to ${column.pgType} (ClickHouse holds ${type}, needs ${column.clickhouseType})`;
        const remedy = `ClickHouse cannot convert it in place; re-copy the table with \`npm run resync -- ${spec.key}\``;
        throw new SchemaChangeError(spec.key, column.name, `${change}: ${remedy}`);
      }
      await ddl(modifyColumn(spec, column.name, column.clickhouseType));
      widened.push(column.name);
    }
  }
  const missing = existing.filter((column) => !sourceNames.has(column.name));
  for (const column of missing) {
    if (column.name === spec.idColumn) {
      throw new SchemaChangeError(spec.key, column.name, `id column ${column.name} no longer exists in PostgreSQL`);
    }
    const type = nullableType(column.type);
    if (type !== column.type) await ddl(modifyColumn(spec, column.name, type));
  }
  return { added, widened, missing: missing.map((column) => column.name) };
}

/** Migrates one table while holding its run lock (no sync of it runs meanwhile). */
async function migrateTable(
  target: ClickhouseTarget,
  session: pg.Client,
  spec: TableSpec,
  cluster: ClusterMode,
): Promise<TableMigration> {
  const { clickhouse } = target;
  const ddl = ddlRunner(clickhouse, cluster);
  const source = await readSourceColumns(session, spec.source);
  if (source.length === 0) {
    const where = `${spec.source.schema}.${spec.source.table}`;
    throw new SchemaChangeError(spec.key, null, `source table ${where} not found (or not readable by PG_URL's role)`);
  }
  const { mapped, unsupported } = mapSelected(spec, source);
  if (spec.idColumn !== null && !mapped.some((column) => column.name === spec.idColumn))
    throw new SchemaChangeError(spec.key, spec.idColumn, `id column ${spec.idColumn} not found in the source`);
  await waitLockTable(session, spec.key);
  await ddl(createRejected(spec));
  const existing = await readClickhouseColumns(clickhouse, tableNames(spec).target);
  let change = { added: [] as string[], widened: [] as string[], missing: [] as string[] };
  if (existing.length === 0) await ddl(createTarget(spec, mapped));
  else change = await alterTarget(ddl, spec, existing, mapped, new Set(source.map((column) => column.name)));
  if (spec.mode === 'incremental' && cluster.kind === 'single') await ddl(dedupWindow(spec));
  await ddl(createReader(spec, mapped, sourceCollectionName(target.database)));
  return { table: spec.key, created: existing.length === 0, ...change, unsupported };
}

/**
 * Brings every given table's ClickHouse objects to its source's current columns (README, "Schema changes"), as
 * `cluster` needs them (ON CLUSTER and Replicated engines on a cluster; on a single server the incremental copies keep
 * a deduplication window for tokened INSERTs). Each table is altered under its run lock. Idempotent.
 * @throws SchemaChangeError naming the table and column when a change cannot be taken in place, with the remedy.
 */
async function migrateTables(
  target: ClickhouseTarget,
  pgUrl: string,
  specs: readonly TableSpec[],
  cluster: ClusterMode = singleServer,
): Promise<TableMigration[]> {
  const session = await openSourceSession(pgUrl);
  try {
    return await migrateTablesIn(target, session, specs, cluster);
  } finally {
    await closeSourceSession(session);
  }
}

/**
 * migrateTables in a coordination session of the caller's, which may already hold a table's run lock (locks are
 * re-entrant: each table's lock is taken and released once more here, so a lock the caller holds stays held).
 */
async function migrateTablesIn(
  target: ClickhouseTarget,
  session: pg.Client,
  specs: readonly TableSpec[],
  cluster: ClusterMode = singleServer,
): Promise<TableMigration[]> {
  const results: TableMigration[] = [];
  for (const spec of specs) {
    try {
      results.push(await migrateTable(target, session, spec, cluster));
    } finally {
      await unlockTable(session, spec.key);
    }
  }
  return results;
}

export type { ClickhouseTarget, TableMigration };
export { isWidening, migrateTables, migrateTablesIn };
