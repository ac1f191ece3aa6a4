import type { ClickHouseClient, CommandResult } from '@clickhouse/client';
import type pg from 'pg';
import { pullSettings } from '../clickhouse.ts';
import { readSettings, renderForCluster, singleServer, writeSettings } from '../cluster.ts';
import { withStep } from '../errors.ts';
import { readClickhouseColumns, readSourceColumns } from '../tables/catalog.ts';
import { mapSelected } from '../tables/columnPlan.ts';
import type { ColumnMapping, SourceColumn } from '../tables/columnTypes.ts';
import { sourceCollectionName } from '../tables/identifiers.ts';
import type { TableSpec } from '../tables/registry.ts';
import { createReader, fullReload, tableNames } from '../tables/statements.ts';
import { elapsedMs } from '../timing.ts';
import { isDataError } from './copy.ts';
import { insertQueryId, type SchemaNotes, type SyncDeps } from './deps.ts';
import { writeWatermark } from './state.ts';

/** The outcome of one full reload. */
interface FullResult {
  readonly table: string;
  readonly mode: 'full';
  /** Rows in the new copy. */
  readonly rowsInserted: number;
  /** Source rows left out of the new copy and quarantined in <target>_rejected (values ClickHouse cannot store). */
  readonly rowsRejected: number;
  readonly watermark: { readonly from: null; readonly to: null };
  readonly schema: SchemaNotes;
  readonly durationMs: number;
  readonly hasMore: false;
}

/** A ClickHouse column the source no longer has, kept in each new copy as Nullable (NULL from then on). */
function keptColumn(name: string, type: string): ColumnMapping {
  const nullableType =
    type.startsWith('Nullable(') || type.startsWith('Array(') || type.startsWith('LowCardinality(Nullable(')
      ? type
      : `Nullable(${type})`;
  return { name, pgType: '', clickhouseType: nullableType, readType: nullableType, value: 'NULL', invalid: null };
}

/** Reads both sides' columns and plans the new copy's: the source's (as the registry selects them) plus kept ones. */
async function planCopy(spec: TableSpec, clickhouse: ClickHouseClient, session: pg.Client, signal?: AbortSignal) {
  const source = await readSourceColumns(session, spec.source);
  if (source.length === 0) throw new Error(`source table ${spec.source.schema}.${spec.source.table} not found`);
  const target = await readClickhouseColumns(clickhouse, tableNames(spec).target, signal);
  const { mapped, unsupported } = mapSelected(spec, source);
  const sourceNames = new Set(source.map((column) => column.name));
  const kept = target.filter((column) => !sourceNames.has(column.name)).map((c) => keptColumn(c.name, c.type));
  const targetNames = new Set(target.map((column) => column.name));
  const schema: SchemaNotes = {
    pending: mapped.filter((column) => !targetNames.has(column.name)).map((column) => column.name),
    missing: kept.map((column) => column.name),
    unsupported: unsupported.map((column) => column.name),
  };
  return { mapped, kept, schema, signature: columnSignature(source) };
}

type RunStatement = (
  step: string,
  query: string,
  queryId?: string,
  params?: Record<string, unknown>,
) => Promise<CommandResult>;

/**
 * Loads the staging copy from the source's current columns (`attempt.columns` records which), quarantining the rows
 * whose values do not fit and leaving them out.
 */
async function loadStaging(
  spec: TableSpec,
  deps: SyncDeps,
  session: pg.Client,
  run: RunStatement,
  attempt: { columns: string },
) {
  const { mapped, kept, schema, signature } = await withStep(spec.key, 'read columns', () =>
    planCopy(spec, deps.clickhouse, session, deps.signal),
  );
  attempt.columns = signature;
  await run('prepare reader', createReader(spec, mapped, sourceCollectionName(deps.database)));
  const plain = fullReload(spec, mapped, kept, false);
  await run('prepare staging table', plain.prepare);
  try {
    await run('load staging table', plain.load, insertQueryId(deps.database, spec.key));
    return { statements: plain, rowsRejected: 0, schema };
  } catch (error) {
    if (!isDataError((error as Error).cause)) throw error;
  }
  const statements = fullReload(spec, mapped, kept, true);
  const quarantined = await run('quarantine rows', statements.quarantine, undefined, { run_id: deps.runId });
  await run('prepare staging table', statements.prepare);
  await run('load staging table', statements.load, insertQueryId(deps.database, spec.key));
  return { statements, rowsRejected: Number(quarantined.summary?.written_rows ?? 0), schema };
}

/** loadStaging, once more when it fails and the source's columns changed meanwhile (a schema change racing the run). */
async function loadFollowingColumns(spec: TableSpec, deps: SyncDeps, session: pg.Client, run: RunStatement) {
  const attempt = { columns: '' };
  try {
    return await loadStaging(spec, deps, session, run, attempt);
  } catch (error) {
    const now = await readSourceColumns(session, spec.source).catch(() => null);
    if (now === null || attempt.columns === '' || columnSignature(now) === attempt.columns) throw error;
    return loadStaging(spec, deps, session, run, attempt);
  }
}

/** Names and types of the source's columns, to notice a change between two reads. */
function columnSignature(columns: readonly SourceColumn[]): string {
  return columns.map((column) => `${column.name} ${column.type}`).join(',');
}

/**
 * Full mode: loads the whole source into a staging table created from the source's current columns, and swaps it in
 * with EXCHANGE TABLES, so readers see the old copy or the new one, never an empty or partial table. Rows holding a
 * value ClickHouse cannot store are quarantined and left out of the new copy.
 * @throws SyncError naming the failing step (the live copy is then unchanged).
 */
async function syncFull(spec: TableSpec, deps: SyncDeps, session: pg.Client, startedAt: number): Promise<FullResult> {
  const { clickhouse, signal } = deps;
  const cluster = deps.cluster ?? singleServer;
  const settings = { ...pullSettings, ...writeSettings(cluster, false), log_comment: deps.runId };
  const run = (step: string, query: string, query_id?: string, params: Record<string, unknown> = {}) =>
    withStep(spec.key, step, () =>
      clickhouse.command({
        query: renderForCluster(query, cluster),
        query_id,
        query_params: params,
        clickhouse_settings: settings,
        abort_signal: signal,
      }),
    );
  const { statements, rowsRejected, schema } = await loadFollowingColumns(spec, deps, session, run);
  await run('swap in new copy', statements.swap);
  await run('drop old copy', statements.drop);
  const rows = await withStep(spec.key, 'count new copy', async () => {
    const result = await clickhouse.query({
      query: statements.count,
      format: 'JSONEachRow',
      clickhouse_settings: readSettings(cluster),
      abort_signal: signal,
    });
    const [row] = await result.json<{ rows: string }>();
    return Number(row?.rows ?? 0);
  });
  await deps.afterInsert?.();
  const record = {
    ...{ watermarkFrom: 0, watermarkTo: 0, safeMark: 0, sourceMaxId: null, complete: true, newestAt: null },
    snapshotXmax: '0',
    ...{ openWriters: [], rangesRead: [], rows, rowsRejected, tableName: spec.key, mode: 'full' as const },
    ...{ durationMs: elapsedMs(startedAt), queryId: deps.runId },
  };
  await withStep(spec.key, 'write watermark', () =>
    writeWatermark(clickhouse, record, { signal, settings: writeSettings(cluster, true) }),
  );
  const result = { table: spec.key, mode: 'full', rowsInserted: rows, rowsRejected, schema } as const;
  return { ...result, watermark: { from: null, to: null }, durationMs: elapsedMs(startedAt), hasMore: false };
}

export type { FullResult };
export { syncFull };
