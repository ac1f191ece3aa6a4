// Copies id ranges of an incremental table so that no row can halt the table: ranges ClickHouse refuses for a reason
// retrying cannot fix (a value that does not fit) have their offending rows quarantined and the rest copied.
// Transient failures (outages, timeouts) are rethrown unchanged: the run fails, state stays, the next run retries.
import type { ClickHouseClient } from '@clickhouse/client';
import { pullSettings } from '../clickhouse.ts';
import { type ClusterMode, renderForCluster, singleServer } from '../cluster.ts';
import { withStep } from '../errors.ts';
import { mapSelected } from '../tables/columnPlan.ts';
import type { ColumnMapping, SourceColumn } from '../tables/columnTypes.ts';
import type { TableSpec } from '../tables/registry.ts';
import { createReader, insertWindow, quarantineWindow, rangeParams, rejectRow } from '../tables/statements.ts';
import { dedupToken, retryKey } from './dedupToken.ts';
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
  /** The named collection of the database the copy writes to (lib/tables/identifiers.ts, sourceCollectionName). */
  readonly collection: string;
  readonly runId: string;
  readonly signal?: AbortSignal;
  /**
   * The run-level part of each INSERT's insert_deduplication_token (lib/sync/dedupToken.ts); without it the INSERTs
   * carry no token (repair, whose re-copies start from a state no earlier INSERT saw).
   */
  readonly dedupKey?: string;
  /** ClickHouse settings added to every statement (a cluster's consistency settings, lib/cluster.ts). */
  readonly settings?: Readonly<Record<string, string | number>>;
  /** Where DDL runs (the all-text reader a refused row is quarantined through): ON CLUSTER on a cluster. */
  readonly cluster?: ClusterMode;
  /** Test seam: runs before each INSERT of a range. */
  readonly beforeEachInsert?: (range: IdRange) => Promise<void>;
}

const defaults = {
  /** Rows quarantined one by one (after splitting) per batch before the run gives up: more looks like a bug, not data. */
  maxSplitRejects: 100,
  /** Id ranges OR-ed into one INSERT (PostgreSQL reads each by an index range scan; the statement stays small). */
  rangesPerInsert: 500,
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

function settingsOf(context: CopyContext) {
  return { ...pullSettings, ...context.settings, log_comment: context.runId };
}

async function insertRanges(context: CopyContext, ranges: readonly IdRange[]): Promise<void> {
  for (const range of ranges) await context.beforeEachInsert?.(range);
  const token =
    context.dedupKey === undefined ? {} : { insert_deduplication_token: dedupToken(context.dedupKey, ranges) };
  await context.clickhouse.command({
    query: insertWindow(context.spec, context.columns, ranges.length),
    query_params: rangeParams(ranges),
    query_id: context.insertQueryId,
    clickhouse_settings: { ...settingsOf(context), ...token },
    abort_signal: context.signal,
  });
}

async function quarantineRanges(context: CopyContext, ranges: readonly IdRange[]): Promise<void> {
  await context.clickhouse.command({
    query: quarantineWindow(context.spec, context.columns, ranges.length),
    query_params: { ...rangeParams(ranges), run_id: context.runId },
    query_id: `${context.insertQueryId}-quarantine`,
    clickhouse_settings: settingsOf(context),
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
      clickhouse_settings: settingsOf(context),
      abort_signal: context.signal,
    });
  await command(
    renderForCluster(createReader(context.spec, mapped, context.collection, true), context.cluster ?? singleServer),
  );
  const reason = error instanceof Error ? error.message.slice(0, 1_000) : String(error);
  await command(rejectRow(context.spec, context.sourceColumns), { id, reason, run_id: context.runId });
}

/** Halves a list of ranges (or a single range by id), for splitting a refused copy. */
function halve(ranges: readonly IdRange[]): [IdRange[], IdRange[]] {
  if (ranges.length > 1) {
    const middle = Math.ceil(ranges.length / 2);
    return [ranges.slice(0, middle), ranges.slice(middle)];
  }
  const [range] = ranges;
  if (!range) return [[], []];
  const middle = range.from + Math.floor((range.to - range.from) / 2);
  return [[{ from: range.from, to: middle }], [{ from: middle, to: range.to }]];
}

/** Copies `ranges`, splitting them on refusal until the refused rows are single ids, which are quarantined. */
async function copySplitting(
  context: CopyContext,
  ranges: readonly IdRange[],
  budget: { left: number },
): Promise<void> {
  if (ranges.length === 0) return;
  try {
    await insertRanges(context, ranges);
    return;
  } catch (error) {
    if (!isDataError(error)) throw error;
    const [only] = ranges;
    if (ranges.length === 1 && only && only.to - only.from === 1) {
      if (budget.left <= 0) throw error;
      budget.left -= 1;
      await rejectOne(context, only.to, error);
      return;
    }
  }
  const [left, right] = halve(ranges);
  await copySplitting(context, left, budget);
  await copySplitting(context, right, budget);
}

/** Copies one batch of ranges, quarantining what ClickHouse refuses (see copyRanges); true when it refused rows. */
async function copyBatch(context: CopyContext, ranges: readonly IdRange[], maxSplitRejects: number): Promise<boolean> {
  const step = (name: string, work: () => Promise<void>) => withStep(context.spec.key, name, work);
  try {
    await step('insert window', () => insertRanges(context, ranges));
    return false;
  } catch (error) {
    if (!isDataError((error as Error).cause)) throw error;
  }
  // The checks name most refused rows at once; a value they do not foresee fails this read too, and splitting finds it.
  await step('quarantine rows', () =>
    quarantineRanges(context, ranges).catch((error: unknown) => {
      if (!isDataError(error)) throw error;
    }),
  );
  // Sent again under a key of its own: the refused INSERT may have written blocks before the refusal (dedupToken.ts).
  const again = { ...context, dedupKey: retryKey(context.dedupKey, 'after quarantine') };
  await step('insert window', () => copySplitting(again, ranges, { left: maxSplitRejects }));
  return true;
}

/**
 * Copies the ids of `ranges` ClickHouse lacks, up to `rangesPerInsert` ranges per INSERT (OR-ed in one read). When
 * ClickHouse refuses the data, first quarantines the rows the value checks name (sql/sync/quarantine_window.sql) and
 * copies the rest; if it still refuses, splits down to the refused ids and quarantines them one by one (at most
 * `maxSplitRejects` per batch).
 * @returns `refused`: ClickHouse refused rows of some batch (rows may have been quarantined).
 * @throws SyncError("insert window") for a transient failure, or when too many rows fail one by one.
 */
async function copyRanges(
  context: CopyContext,
  ranges: readonly IdRange[],
  options: Partial<typeof defaults> = {},
): Promise<{ refused: boolean }> {
  const { maxSplitRejects, rangesPerInsert } = { ...defaults, ...options };
  let refused = false;
  for (let start = 0; start < ranges.length; start += rangesPerInsert) {
    refused = (await copyBatch(context, ranges.slice(start, start + rangesPerInsert), maxSplitRejects)) || refused;
  }
  return { refused };
}

/** Copies one id range (copyRanges of one range). */
async function copyRange(context: CopyContext, range: IdRange, options: Partial<typeof defaults> = {}): Promise<void> {
  await copyRanges(context, [range], options);
}

export type { CopyContext };
export { copyRange, copyRanges, isDataError };
