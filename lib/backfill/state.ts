// backfill_state (sql/clickhouse/0040_backfill_state.sql): the open backfill of a table, and its events.
import type { ClickHouseClient } from '@clickhouse/client';
import { type ClusterMode, readSettings, writeSettings } from '../cluster.ts';
import { sql } from '../sql.ts';
import type { IdRange } from '../sync/reread.ts';
import type { BackfillPlan } from './plan.ts';

/** The open backfill of a table: its plan, the ranges recorded as copied, and the rows they added. */
interface OpenBackfill {
  readonly plan: BackfillPlan;
  readonly done: readonly IdRange[];
  readonly rows: number;
}

type BackfillEvent =
  | { readonly event: 'plan'; readonly plan: BackfillPlan }
  | { readonly event: 'range'; readonly range: IdRange; readonly rows: number }
  | { readonly event: 'handover'; readonly range: IdRange; readonly safeMark: number; readonly rows: number }
  | { readonly event: 'abandon' };

interface StateOptions {
  readonly cluster: ClusterMode;
  readonly signal?: AbortSignal;
}

/** The table's open backfill (planned, neither handed over nor abandoned), or null. */
async function readOpenBackfill(
  clickhouse: ClickHouseClient,
  table: string,
  options: StateOptions,
): Promise<OpenBackfill | null> {
  const result = await clickhouse.query({
    query: sql.readBackfill,
    query_params: { table_name: table },
    format: 'JSONEachRow',
    clickhouse_settings: readSettings(options.cluster),
    abort_signal: options.signal,
  });
  type Row = {
    backfill_id: string;
    plan_from: string;
    plan_to: string;
    plan_range_ids: string;
    done: [string, string][];
  };
  const [row] = await result.json<Row & { rows: string }>();
  if (!row) return null;
  const plan = {
    backfillId: row.backfill_id,
    from: Number(row.plan_from),
    to: Number(row.plan_to),
    rangeIds: Number(row.plan_range_ids),
  };
  const done = row.done.map(([from, to]) => ({ from: Number(from), to: Number(to) }));
  return { plan, done, rows: Number(row.rows) };
}

/** The sync's recorded safe mark and high mark (null before its first run). */
async function readSyncMarks(
  clickhouse: ClickHouseClient,
  table: string,
  options: StateOptions,
): Promise<{ safeMark: number | null; highMark: number | null }> {
  const result = await clickhouse.query({
    query: sql.syncMarks,
    query_params: { table_name: table },
    format: 'JSONEachRow',
    clickhouse_settings: readSettings(options.cluster),
    abort_signal: options.signal,
  });
  const [row] = await result.json<{ safe_mark: string | null; high_mark: string | null }>();
  const toMark = (value: string | null | undefined) => (value === null || value === undefined ? null : Number(value));
  return { safeMark: toMark(row?.safe_mark), highMark: toMark(row?.high_mark) };
}

/** True when `range` of backfill `backfillId` is recorded as copied. */
async function isRangeRecorded(
  clickhouse: ClickHouseClient,
  table: string,
  backfillId: string,
  range: IdRange,
  options: StateOptions,
): Promise<boolean> {
  const result = await clickhouse.query({
    query: sql.rangeRecorded,
    query_params: { table_name: table, backfill_id: backfillId, id_from: range.from, id_to: range.to },
    format: 'JSONEachRow',
    clickhouse_settings: readSettings(options.cluster),
    abort_signal: options.signal,
  });
  const [row] = await result.json<{ recorded: boolean | number }>();
  return Boolean(row?.recorded);
}

/** Appends one event of backfill `backfillId` of `table`. */
async function writeBackfillEvent(
  clickhouse: ClickHouseClient,
  table: string,
  backfillId: string,
  event: BackfillEvent,
  runId: string,
  options: StateOptions,
): Promise<void> {
  const bounds =
    event.event === 'plan'
      ? { id_from: event.plan.from, id_to: event.plan.to, range_ids: event.plan.rangeIds }
      : event.event === 'abandon'
        ? { id_from: 0, id_to: 0, range_ids: 0 }
        : { id_from: event.range.from, id_to: event.range.to, range_ids: 0 };
  await clickhouse.command({
    query: sql.writeBackfillEvent,
    query_params: {
      ...{ table_name: table, backfill_id: backfillId, event: event.event, ...bounds },
      safe_mark: event.event === 'handover' ? event.safeMark : 0,
      rows: event.event === 'range' || event.event === 'handover' ? event.rows : 0,
      run_id: runId,
    },
    clickhouse_settings: writeSettings(options.cluster, true),
    abort_signal: options.signal,
  });
}

export type { BackfillEvent, OpenBackfill };
export { isRangeRecorded, readOpenBackfill, readSyncMarks, writeBackfillEvent };
