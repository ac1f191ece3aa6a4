import type { ClickHouseClient } from '@clickhouse/client';
import type pg from 'pg';
import { withStep } from '../errors.ts';
import { explainFailure } from '../sync/reachability.ts';
import { closeSourceSession, openSourceSession } from '../sync/source.ts';
import { readClickhouseColumns, readSourceColumns } from '../tables/catalog.ts';
import { mapSelected } from '../tables/columnPlan.ts';
import { findTable, type TableSpec } from '../tables/registry.ts';
import { tableNames } from '../tables/statements.ts';
import { bucketStatements, clickhouseBounds, liveIdStatements, postgresMinId } from '../tables/verifyStatements.ts';
import { type CompareContext, compareLevel, type DrillSettings, readBuckets, type VerifyContext } from './buckets.ts';
import { type DriftRange, driftRows, joinTouchingRanges } from './drift.ts';

interface VerifyDeps {
  readonly clickhouse: ClickHouseClient;
  readonly pgUrl: string;
  readonly signal?: AbortSignal;
}

/** How one table compares over ids (idFrom, idTo]. */
interface TableDrift {
  readonly table: string;
  readonly idFrom: number;
  readonly idTo: number;
  /** Where idTo comes from: rows above it may legitimately still be in flight. */
  readonly bound: 'safe mark' | 'last full load' | 'not synced yet' | 'no id column';
  readonly postgresRows: number;
  readonly clickhouseRows: number;
  readonly driftRows: number;
  /** Rows quarantined in ClickHouse (<target>_rejected): known, counted, and left out of the comparison. */
  readonly rejectedRows: number;
  /** Rows count only through a live parent on both sides (e.g. impressions of campaigns that exist). */
  readonly liveThrough: string | null;
  readonly ranges: readonly DriftRange[];
}

interface VerifyReport {
  readonly driftRows: number;
  readonly tables: readonly TableDrift[];
}

const defaults = {
  /** First pass: about this many buckets per table. */
  topBuckets: 1_000,
  fanout: 100,
  leafWidth: 1_000,
  /** Differing buckets drilled into per table; the rest are reported as inexact ranges. */
  maxDrills: 30,
  /** The PostgreSQL aggregates scan every id up to the bound once. */
  statementTimeoutMs: 120_000,
};

type VerifyOptions = typeof defaults;

async function queryRow<T>(
  deps: VerifyDeps,
  query: string,
  params: Record<string, unknown> = {},
): Promise<T | undefined> {
  const result = await deps.clickhouse.query({
    query,
    query_params: params,
    format: 'JSONEachRow',
    abort_signal: deps.signal,
  });
  return (await result.json<T>())[0];
}

/** The ids of the live parent present on both sides, or null when `spec` has no live filter. */
async function readLiveIds(spec: TableSpec, deps: VerifyDeps, session: pg.Client): Promise<string[] | null> {
  if (!spec.liveThrough) return null;
  const statements = liveIdStatements(findTable(spec.liveThrough.table));
  const postgres = (await session.query<{ ids: string[] }>(statements.postgres)).rows[0]?.ids ?? [];
  const clickhouse = new Set((await queryRow<{ ids: string[] }>(deps, statements.clickhouse))?.ids ?? []);
  return postgres.filter((id) => clickhouse.has(id));
}

/** The comparable ids of a table: (idFrom, idTo], the bound's origin, and the quarantined ids. */
async function readBounds(spec: TableSpec, deps: VerifyDeps, session: pg.Client) {
  type Row = { safe_mark: string; runs: string; min_id: string; max_id: string; rejected_ids: string[] };
  const row = await queryRow<Row>(deps, clickhouseBounds(spec), { table_name: spec.key });
  const pgMin = (await session.query<{ min_id: string | null }>(postgresMinId(spec))).rows[0]?.min_id ?? null;
  const mins = [0, Number(row?.min_id ?? 1) - 1, pgMin === null ? 0 : Number(pgMin) - 1];
  const idFrom = Math.min(...mins.filter(Number.isFinite));
  const synced = Number(row?.runs ?? 0) > 0;
  const bound = !synced ? 'not synced yet' : spec.mode === 'incremental' ? 'safe mark' : 'last full load';
  const top = spec.mode === 'incremental' ? Number(row?.safe_mark ?? 0) : Number(row?.max_id ?? 0);
  return {
    idFrom,
    idTo: synced ? Math.max(idFrom, top) : idFrom,
    bound,
    rejectedIds: row?.rejected_ids ?? [],
  } as const;
}

async function verifyTable(
  spec: TableSpec,
  deps: VerifyDeps,
  session: pg.Client,
  settings: VerifyOptions,
): Promise<TableDrift> {
  const base = { table: spec.key, liveThrough: spec.liveThrough ? spec.liveThrough.table : null };
  if (spec.idColumn === null) {
    const none = { idFrom: 0, idTo: 0, postgresRows: 0, clickhouseRows: 0, driftRows: 0, rejectedRows: 0, ranges: [] };
    return { ...base, ...none, bound: 'no id column' };
  }
  const { idFrom, idTo, bound, rejectedIds } = await withStep(spec.key, 'read bounds', () =>
    readBounds(spec, deps, session),
  );
  const source = await withStep(spec.key, 'read columns', () => readSourceColumns(session, spec.source));
  const target = new Set(
    (await readClickhouseColumns(deps.clickhouse, tableNames(spec).target, deps.signal)).map((c) => c.name),
  );
  const columns = mapSelected(spec, source).mapped.filter((column) => target.has(column.name));
  const liveIds = await withStep(spec.key, 'read live parents', () => readLiveIds(spec, deps, session));
  const drill: DrillSettings = { fanout: settings.fanout, leafWidth: settings.leafWidth };
  const bucketSource: VerifyContext = {
    ...{ table: spec.key, statements: bucketStatements(spec, columns), session, clickhouse: deps.clickhouse },
    ...{ signal: deps.signal, excludedIds: rejectedIds, liveIds },
  };
  const context: CompareContext = {
    ...drill,
    readBuckets: (from, to, width) => readBuckets(bucketSource, from, to, width),
    drills: settings.maxDrills,
  };
  const width = Math.max(1, Math.ceil((idTo - idFrom) / settings.topBuckets));
  const buckets = await context.readBuckets(idFrom, idTo, width);
  const [postgresRows, clickhouseRows] = buckets.map((side) => side.reduce((sum, bucket) => sum + bucket.rows, 0));
  const ranges = joinTouchingRanges(await compareLevel(context, idFrom, idTo, width, buckets));
  return {
    ...base,
    ...{ idFrom, idTo, bound, postgresRows: postgresRows ?? 0, clickhouseRows: clickhouseRows ?? 0 },
    ...{ driftRows: driftRows(ranges), rejectedRows: rejectedIds.length, ranges },
  };
}

/**
 * Compares PostgreSQL and ClickHouse for each table over the ids at or below its bound (the safe mark, or the highest
 * id of the last full load), with aggregates on each side (count and content-hash sum per id bucket; differing buckets
 * are split until single ids name the exact ranges). No row is transferred. Quarantined rows and rows whose live
 * parent is gone on either side are left out (README, "Guarantees"). Tables are registry keys, or specs (tests).
 * @throws SyncError naming the failing step and, when found, the unreachable side.
 */
async function verifyTables(
  tables: readonly (string | TableSpec)[],
  deps: VerifyDeps,
  options: Partial<VerifyOptions> = {},
): Promise<VerifyReport> {
  const settings = { ...defaults, ...options };
  try {
    const session = await withStep('verify', 'connect to PostgreSQL', () =>
      openSourceSession(deps.pgUrl, { statementTimeoutMs: settings.statementTimeoutMs }),
    );
    try {
      const results: TableDrift[] = [];
      for (const table of tables) {
        results.push(await verifyTable(typeof table === 'string' ? findTable(table) : table, deps, session, settings));
      }
      return { driftRows: results.reduce((sum, table) => sum + table.driftRows, 0), tables: results };
    } finally {
      await closeSourceSession(session);
    }
  } catch (error) {
    throw await explainFailure(error, deps);
  }
}

export type { TableDrift, VerifyDeps, VerifyOptions, VerifyReport };
export { verifyTables };
