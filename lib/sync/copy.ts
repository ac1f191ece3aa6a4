// Copies one id range of an incremental table so that no row can halt the table: a range ClickHouse refuses for a
// reason retrying cannot fix (a value that does not fit) has its offending rows quarantined and the rest copied.
// Transient failures (outages, timeouts) are rethrown unchanged: the run fails, state stays, the next run retries.
import type { ClickHouseClient } from '@clickhouse/client';
import { pullSettings } from '../clickhouse.ts';
import { withStep } from '../errors.ts';
import { mapSelected } from '../tables/columnPlan.ts';
import type { ColumnMapping, SourceColumn } from '../tables/columnTypes.ts';
import type { TableSpec } from '../tables/registry.ts';
import { createReader, insertWindow, quarantineWindow, rejectRow } from '../tables/statements.ts';
import type { IdRange } from './reread.ts';

/** What a copy needs: the table, the columns of this run, and the run's identity. */
interface CopyContext {
  readonly clickhouse: ClickHouseClient;
  readonly spec: TableSpec;
  /** Columns copied by this run (lib/tables/columnPlan.ts). */
  readonly columns: readonly ColumnMapping[];
  /** The source's columns now (for the all-text reader a row is quarantined through). */
  readonly sourceColumns: readonly SourceColumn[];
  /** Fixed per database and table: ClickHouse runs at most one INSERT of a table at a time. */
  readonly insertQueryId: string;
  readonly runId: string;
  readonly signal?: AbortSignal;
  /** Test seam: runs before each INSERT of a range. */
  readonly beforeEachInsert?: (range: IdRange) => Promise<void>;
}

const defaults = {
  /** Rows quarantined one by one (after splitting) per run before the run gives up: more looks like a bug, not data. */
  maxSplitRejects: 100,
};

/**
 * ClickHouse error codes that retrying cannot fix: the data itself is refused (a value that does not parse or fit,
 * a throwIf of the value checks). Branching on codes, never on message text.
 */
const dataErrorCodes = new Set([
  '6',
  '27',
  '32',
  '33',
  '36',
  '38',
  '41',
  '53',
  '69',
  '70',
  '72',
  '131',
  '190',
  '252',
  '321',
  '349',
  '395',
  '407',
]);

function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && dataErrorCodes.has(code);
}

function windowParams(range: IdRange) {
  return { watermark_from: range.from, watermark_to: range.to };
}

async function insertRange(context: CopyContext, range: IdRange): Promise<void> {
  await context.beforeEachInsert?.(range);
  await context.clickhouse.command({
    query: insertWindow(context.spec, context.columns),
    query_params: windowParams(range),
    query_id: context.insertQueryId,
    clickhouse_settings: { ...pullSettings, log_comment: context.runId },
    abort_signal: context.signal,
  });
}

async function quarantineRange(context: CopyContext, range: IdRange): Promise<void> {
  await context.clickhouse.command({
    query: quarantineWindow(context.spec, context.columns),
    query_params: { ...windowParams(range), run_id: context.runId },
    query_id: `${context.insertQueryId}-quarantine`,
    clickhouse_settings: { ...pullSettings, log_comment: context.runId },
    abort_signal: context.signal,
  });
}

/** Quarantines a single id whose copy fails for a reason the value checks do not foresee, with the error as reason. */
async function rejectOne(context: CopyContext, id: number, error: unknown): Promise<void> {
  const { mapped } = mapSelected(context.spec, context.sourceColumns);
  const command = (query: string, query_params: Record<string, unknown> = {}) =>
    context.clickhouse.command({
      query,
      query_params,
      clickhouse_settings: { ...pullSettings, log_comment: context.runId },
      abort_signal: context.signal,
    });
  await command(createReader(context.spec, mapped, true));
  const reason = error instanceof Error ? error.message.slice(0, 1_000) : String(error);
  await command(rejectRow(context.spec, context.sourceColumns), { id, reason, run_id: context.runId });
}

/** Copies `range`, splitting it on refusal until the refused rows are single ids, which are quarantined. */
async function copySplitting(context: CopyContext, range: IdRange, budget: { left: number }): Promise<void> {
  try {
    await insertRange(context, range);
    return;
  } catch (error) {
    if (!isDataError(error)) throw error;
    if (range.to - range.from === 1) {
      if (budget.left <= 0) throw error;
      budget.left -= 1;
      await rejectOne(context, range.to, error);
      return;
    }
  }
  const middle = range.from + Math.floor((range.to - range.from) / 2);
  await copySplitting(context, { from: range.from, to: middle }, budget);
  await copySplitting(context, { from: middle, to: range.to }, budget);
}

/**
 * Copies the ids of `range` ClickHouse lacks. When ClickHouse refuses the data, first quarantines the rows the value
 * checks name (sql/sync/quarantine_window.sql) and copies the rest; if it still refuses, splits the range down to the
 * refused ids and quarantines them one by one (at most `maxSplitRejects` per run).
 * @throws SyncError("insert window") for a transient failure, or when too many rows fail one by one.
 */
async function copyRange(context: CopyContext, range: IdRange, options: Partial<typeof defaults> = {}): Promise<void> {
  const { maxSplitRejects } = { ...defaults, ...options };
  const step = (name: string, work: () => Promise<void>) => withStep(context.spec.key, name, work);
  try {
    await step('insert window', () => insertRange(context, range));
    return;
  } catch (error) {
    if (!isDataError((error as Error).cause)) throw error;
  }
  await step('quarantine rows', () => quarantineRange(context, range));
  await step('insert window', () => copySplitting(context, range, { left: maxSplitRejects }));
}

export type { CopyContext };
export { copyRange, isDataError };
