import { type ClickHouseClient, TupleParam } from '@clickhouse/client';
import readRecentReadsSql from '../../sql/state/recent_reads.sql';
import type { ClickhouseColumn } from '../tables/columnPlan.ts';
import type { TableSpec } from '../tables/registry.ts';
import { readStateStatement, tableNames, writeWatermarkStatement } from '../tables/statements.ts';
import type { PastRead } from './holes.ts';
import type { IdRange } from './reread.ts';
import type { SourceSnapshot } from './source.ts';
import type { Marks } from './window.ts';

/** One committed run, as appended to sync_state. */
interface RunRecord {
  readonly tableName: string;
  /** 'backfill': the record a finished backfill hands the table to the scheduled sync with (lib/backfill/handover.ts). */
  readonly mode: 'full' | 'incremental' | 'backfill';
  readonly watermarkFrom: number;
  readonly watermarkTo: number;
  readonly safeMark: number;
  /** Incremental: the highest id PostgreSQL showed at the run's snapshot; full: null. */
  readonly sourceMaxId: number | null;
  /** The run read everything committed before it started (not capped by MAX_ROWS, no gap left for later). */
  readonly complete: boolean;
  /** The newest freshness value among the last ids copied (ClickHouse DateTime64 text), or null. */
  readonly newestAt: string | null;
  /** 0 for runs that record open writers instead (every run since migration 0010). */
  readonly snapshotXmax: string;
  /** Every name of the writers open when the run started: its watermark_to is released once none of them is open. */
  readonly openWriters: readonly string[];
  /** The id ranges the run copied (incremental). */
  readonly rangesRead: readonly IdRange[];
  readonly rows: number;
  /** Rows quarantined in <table>_rejected instead of copied. */
  readonly rowsRejected: number;
  readonly durationMs: number;
  readonly queryId: string;
}

/** What the ClickHouse copy holds above the safe mark: counted again after a copy, so their difference is what it copied. */
interface HeldAbove {
  /** Ids copied above the safe mark. */
  readonly rows: number;
  /** An order-independent fingerprint of those ids (sum of their hashes, as text): part of the deduplication token. */
  readonly idsHash: string;
  /** Ids quarantined above the safe mark. */
  readonly rejected: number;
  /** When the table's oldest recorded run finished; null before its first run (or after a resync cleared them). */
  readonly epoch: string | null;
}

/** Where an incremental table stands in ClickHouse: its marks, the columns of its copy and reader, what it holds. */
interface TableState {
  readonly marks: Marks;
  /** Runs recorded so far (0: never synced). */
  readonly runs: number;
  /** The newest freshness value any run recorded (DateTime64 text), or null. */
  readonly newestAt: string | null;
  readonly targetColumns: readonly ClickhouseColumn[];
  readonly readerColumns: readonly ClickhouseColumn[];
  readonly above: HeldAbove;
  /** A backfill of the table is open (planned, not handed over): a sync run must not copy. */
  readonly backfillOpen: boolean;
}

interface QueryOptions {
  readonly signal?: AbortSignal;
  /** Extra ClickHouse settings (a cluster's consistency settings, lib/cluster.ts). */
  readonly settings?: Readonly<Record<string, string | number>>;
}

/** The columns of `table` among rows of (table, [name, type, comment]) in table order. */
function columnsOf(rows: readonly [string, readonly [string, string, string]][], table: string): ClickhouseColumn[] {
  return rows.filter(([owner]) => owner === table).map(([, [name, type, comment]]) => ({ name, type, comment }));
}

/**
 * Reads an incremental table's marks, ClickHouse columns and what its copy holds above the safe mark in one query
 * (sql/state/read_state.sql). A table never synced starts below its lowest source id when that is 0 or less (ids at or
 * below 0 are copied too), else at 0.
 */
async function readTableState(
  clickhouse: ClickHouseClient,
  spec: TableSpec,
  source: Pick<SourceSnapshot, 'xmin' | 'openTokens' | 'minId'>,
  options: QueryOptions = {},
): Promise<TableState> {
  const names = tableNames(spec);
  const start = source.minId !== null && source.minId <= 0 ? source.minId - 1 : 0;
  const result = await clickhouse.query({
    query: readStateStatement(spec),
    query_params: {
      table_name: spec.key,
      xmin: source.xmin,
      open_tokens: source.openTokens,
      target: names.target,
      reader: names.reader,
      start,
    },
    format: 'JSONEachRow',
    clickhouse_settings: options.settings,
    abort_signal: options.signal,
  });
  type Row = {
    safe_mark: string;
    high_mark: string;
    releasable: string;
    runs: string;
    newest_at: string | null;
    columns: [string, [string, string, string]][];
    above: [string, string];
    rejected_above: string;
    epoch: string | null;
    backfill_open: boolean | number;
  };
  const [row] = await result.json<Row>();
  const runs = Number(row?.runs ?? 0);
  const marks =
    runs === 0
      ? { safeMark: start, highMark: start, releasable: start }
      : {
          safeMark: Number(row?.safe_mark ?? 0),
          highMark: Number(row?.high_mark ?? 0),
          releasable: Number(row?.releasable ?? 0),
        };
  return {
    marks,
    runs,
    newestAt: row?.newest_at ?? null,
    targetColumns: columnsOf(row?.columns ?? [], names.target),
    readerColumns: columnsOf(row?.columns ?? [], names.reader),
    above: {
      rows: Number(row?.above?.[0] ?? 0),
      idsHash: row?.above?.[1] ?? '0',
      rejected: Number(row?.rejected_above ?? 0),
      epoch: row?.epoch ?? null,
    },
    backfillOpen: Boolean(row?.backfill_open),
  };
}

/** Earlier runs' reads above the safe mark, newest first (for gap triage, lib/sync/holes.ts). */
async function readRecentReads(
  clickhouse: ClickHouseClient,
  spec: TableSpec,
  safeMark: number,
  options: QueryOptions & { maxRuns?: number } = {},
): Promise<PastRead[]> {
  const result = await clickhouse.query({
    query: readRecentReadsSql,
    query_params: { table_name: spec.key, safe_mark: safeMark, max_runs: options.maxRuns ?? 500 },
    format: 'JSONEachRow',
    clickhouse_settings: options.settings,
    abort_signal: options.signal,
  });
  const rows = await result.json<{ ranges_read: [string, string][]; open_writers: string[] }>();
  return rows.map((row) => ({
    ranges: row.ranges_read.map(([from, to]) => ({ from: Number(from), to: Number(to) })),
    writers: row.open_writers,
  }));
}

/**
 * Appends the record of a committed run. Call only after the run's INSERTs succeeded. With `counted`, the statement
 * counts the rows the run copied itself (rows above the window's start less `rowsBefore`) and reads their newest
 * freshness value; `record.rows` and `record.newestAt` are then ignored.
 */
async function writeWatermark(
  clickhouse: ClickHouseClient,
  record: RunRecord,
  options: QueryOptions & { counted?: { spec: TableSpec; rowsBefore: number } } = {},
): Promise<void> {
  const { counted } = options;
  await clickhouse.command({
    query: writeWatermarkStatement(counted?.spec),
    query_params: {
      table_name: record.tableName,
      mode: record.mode,
      watermark_from: record.watermarkFrom,
      watermark_to: record.watermarkTo,
      safe_mark: record.safeMark,
      source_max_id: record.sourceMaxId,
      complete: record.complete ? 1 : 0,
      ...(counted ? { rows_before: counted.rowsBefore } : { newest_at: record.newestAt, rows: record.rows }),
      snapshot_xmax: record.snapshotXmax,
      open_writers: record.openWriters,
      ranges_read: record.rangesRead.map((range) => new TupleParam([range.from, range.to])),
      rows_rejected: record.rowsRejected,
      duration_ms: record.durationMs,
      query_id: record.queryId,
    },
    clickhouse_settings: options.settings,
    abort_signal: options.signal,
  });
}

export type { HeldAbove, RunRecord, TableState };
export { readRecentReads, readTableState, writeWatermark };
