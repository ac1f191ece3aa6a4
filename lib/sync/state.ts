import type { ClickHouseClient } from '@clickhouse/client';
import { sql } from '../sql.ts';
import type { SourceSnapshot } from './source.ts';
import type { Marks } from './window.ts';

/** One committed run, as appended to sync_state. */
interface RunRecord {
  readonly tableName: string;
  readonly mode: 'full' | 'incremental';
  readonly watermarkFrom: number;
  readonly watermarkTo: number;
  readonly safeMark: number;
  /** Incremental: the highest id PostgreSQL showed at the run's snapshot; full: null. */
  readonly sourceMaxId: number | null;
  /** The run read everything committed before it started (not capped by MAX_ROWS, no gap left for later). */
  readonly complete: boolean;
  /** 0 for runs that record open writers instead (every run since migration 0010). */
  readonly snapshotXmax: string;
  /** The writers open when the run started: its watermark_to is released once none of them is open. */
  readonly openWriters: readonly string[];
  readonly rows: number;
  /** Rows quarantined in <table>_rejected instead of copied. */
  readonly rowsRejected: number;
  readonly durationMs: number;
  readonly queryId: string;
}

interface QueryOptions {
  readonly signal?: AbortSignal;
}

/**
 * Reads the marks of one incremental table; the source's open writers now (and, for rows older than
 * migration 0010, its snapshot xmin) decide which earlier window ends are releasable. An empty history gives zeros.
 */
async function readWatermark(
  clickhouse: ClickHouseClient,
  tableName: string,
  source: Pick<SourceSnapshot, 'xmin' | 'writers'>,
  options: QueryOptions = {},
): Promise<Marks> {
  const result = await clickhouse.query({
    query: sql.readWatermark,
    query_params: { table_name: tableName, xmin: source.xmin, writers: source.writers },
    format: 'JSONEachRow',
    abort_signal: options.signal,
  });
  const [row] = await result.json<{ safe_mark: string; high_mark: string; releasable: string }>();
  return {
    safeMark: Number(row?.safe_mark ?? 0),
    highMark: Number(row?.high_mark ?? 0),
    releasable: Number(row?.releasable ?? 0),
  };
}

/** Appends the record of a committed run. Call only after the run's INSERT succeeded. */
async function writeWatermark(
  clickhouse: ClickHouseClient,
  record: RunRecord,
  options: QueryOptions = {},
): Promise<void> {
  await clickhouse.command({
    query: sql.writeWatermark,
    query_params: {
      table_name: record.tableName,
      mode: record.mode,
      watermark_from: record.watermarkFrom,
      watermark_to: record.watermarkTo,
      safe_mark: record.safeMark,
      source_max_id: record.sourceMaxId,
      complete: record.complete ? 1 : 0,
      rows_rejected: record.rowsRejected,
      snapshot_xmax: record.snapshotXmax,
      open_writers: record.openWriters,
      rows: record.rows,
      duration_ms: record.durationMs,
      query_id: record.queryId,
    },
    abort_signal: options.signal,
  });
}

export type { RunRecord };
export { readWatermark, writeWatermark };
