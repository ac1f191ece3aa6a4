import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { readSettings, singleServer, writeSettings } from '../cluster.ts';
import { withStep } from '../errors.ts';
import { readSourceColumns } from '../tables/catalog.ts';
import { type ColumnPlan, planColumns } from '../tables/columnPlan.ts';
import type { SourceColumn } from '../tables/columnTypes.ts';
import { sourceCollectionName } from '../tables/identifiers.ts';
import type { TableSpec } from '../tables/registry.ts';
import { windowCount, windowGaps } from '../tables/statements.ts';
import { elapsedMs } from '../timing.ts';
import { checkColumns, notesOf } from './columns.ts';
import { type CopyContext, copyRanges } from './copy.ts';
import { dedupKey, retryKey } from './dedupToken.ts';
import { insertQueryId, type SchemaNotes, type SyncDeps } from './deps.ts';
import { triageGaps } from './holes.ts';
import { type IdRange, planGapReread, planWholeWindow, type ReadPlan, readPlanDefaults } from './reread.ts';
import type { SkippedSync } from './skipped.ts';
import { readNextId, readSourceSnapshot, type SourceSnapshot } from './source.ts';
import { readRecentReads, readTableState, type TableState, writeWatermark } from './state.ts';
import { type Marks, planWindow, type SyncWindow } from './window.ts';

/** The outcome of one incremental run. */
interface IncrementalResult {
  readonly table: string;
  readonly mode: 'incremental';
  readonly rowsInserted: number;
  /** Rows quarantined in <target>_rejected by this run. */
  readonly rowsRejected: number;
  /** The id window (from, to] read by this run. */
  readonly watermark: { readonly from: number; readonly to: number };
  /** The safe mark recorded by this run, and how many ids of the window were re-read. */
  readonly safeMark: number;
  readonly rereadIds: number;
  /** Id ranges copied (one INSERT each; 1 when the window is read whole). */
  readonly rangesRead: number;
  /** Open transactions that may still add ids (they hold the safe mark back until they end). */
  readonly openWriters: number;
  /** Source ids above this run's window end (0 when it read up to the source's highest id). */
  readonly backlogIds: number;
  /** The newest value of the table's freshness column copied so far (DateTime64 text, UTC), or null. */
  readonly newestRowAt: string | null;
  readonly schema: SchemaNotes;
  readonly durationMs: number;
  /** Time spent in the copy INSERTs (durationMs less this is the run's fixed cost). */
  readonly insertMs: number;
  /** Windows copied by the invocation, each recorded in sync_state as a run of its own (lib/sync/drain.ts). */
  readonly windows: number;
  readonly hasMore: boolean;
}

/**
 * After the copy: rows present above the window's start, and quarantined ones when the copy refused rows (else
 * `rejectedBefore`, the count of the state read), see sql/sync/window_count.sql.
 */
async function countAfter(
  spec: TableSpec,
  deps: SyncDeps,
  window: SyncWindow,
  refused: boolean,
  rejectedBefore: number,
) {
  return withStep(spec.key, 'count window', async () => {
    const result = await deps.clickhouse.query({
      query: windowCount(spec, refused),
      query_params: { watermark_from: window.watermarkFrom, watermark_to: window.watermarkTo },
      format: 'JSONEachRow',
      clickhouse_settings: readSettings(deps.cluster ?? singleServer),
      abort_signal: deps.signal,
    });
    const [row] = await result.json<{ rows: string; rejected: string; newest_at: string | null }>();
    const rejected = refused ? Number(row?.rejected ?? 0) : rejectedBefore;
    return { rows: Number(row?.rows ?? 0), rejected, newestAt: row?.newest_at ?? null };
  });
}

/** Asks ClickHouse which ids of (window start, min(high mark, window end)] it lacks, as ranges. */
async function findGaps(spec: TableSpec, deps: SyncDeps, window: SyncWindow, marks: Marks): Promise<IdRange[]> {
  const result = await deps.clickhouse.query({
    query: windowGaps(spec),
    query_params: {
      watermark_from: window.watermarkFrom,
      watermark_to: Math.min(marks.highMark, window.watermarkTo),
      max_gaps: readPlanDefaults.maxGaps + 1,
    },
    format: 'JSONEachRow',
    clickhouse_settings: readSettings(deps.cluster ?? singleServer),
    abort_signal: deps.signal,
  });
  const rows = await result.json<{ gap_from: string; gap_to: string }>();
  return rows.map((row) => ({ from: Number(row.gap_from), to: Number(row.gap_to) }));
}

/**
 * Chooses the ranges to read: the whole window while it is narrow, else only the gaps something may have filled
 * since they were last read (lib/sync/holes.ts): holes left by rollbacks never use up the re-read budget.
 */
async function planRead(
  spec: TableSpec,
  deps: SyncDeps,
  window: SyncWindow,
  marks: Marks,
  snapshot: SourceSnapshot,
): Promise<ReadPlan> {
  if (window.rereadIds <= deps.maxRereadIds) return planWholeWindow(window);
  return withStep(spec.key, 'find gaps', async () => {
    const gaps = await findGaps(spec, deps, window, marks);
    const listed = gaps.slice(0, readPlanDefaults.maxGaps);
    const unlisted = gaps[readPlanDefaults.maxGaps]?.from ?? Number.POSITIVE_INFINITY;
    const settings = readSettings(deps.cluster ?? singleServer);
    const reads = await readRecentReads(deps.clickhouse, spec, marks.safeMark, { signal: deps.signal, settings });
    const triage = triageGaps(listed, reads, snapshot.openTokens);
    const holdAt = Math.min(unlisted, triage.parked[0]?.from ?? Number.POSITIVE_INFINITY);
    return planGapReread(window, marks.highMark, triage.read, {}, holdAt);
  });
}

/**
 * copyRanges, once more with the columns planned again when the copy fails and the source's columns are no longer the
 * ones the run's snapshot saw (a column dropped or renamed in between): a schema change racing a run never fails it.
 * The copy again carries a key of its own (the failed attempt may have written blocks: dedupToken.ts) and counts as
 * refused (the failed attempt may have quarantined rows before it failed, so the run counts them).
 * @returns whether ClickHouse refused rows, and the new column plan when it had to copy again (else null).
 * @throws the copy's error otherwise.
 */
async function copyFollowingColumns(
  spec: TableSpec,
  session: pg.Client,
  run: { state: TableState; snapshot: SourceSnapshot },
  context: CopyContext,
  ranges: readonly IdRange[],
): Promise<{ refused: boolean; columns: ColumnPlan | null }> {
  try {
    return { ...(await copyRanges(context, ranges)), columns: null };
  } catch (error) {
    const now = await readSourceColumns(session, spec.source).catch(() => null);
    const signature = (columns: readonly SourceColumn[]) => columns.map((c) => `${c.name} ${c.type}`).join(',');
    if (now === null || signature(now) === signature(run.snapshot.columns)) throw error;
    const columns = planColumns(spec, now, run.state.targetColumns, run.state.readerColumns);
    checkColumns(spec, columns);
    const again = { ...context, dedupKey: retryKey(context.dedupKey, 'columns changed') };
    await copyRanges({ ...again, columns: columns.copy, sourceColumns: now }, ranges);
    return { refused: true, columns };
  }
}

/** Plans the window; a capped run first looks up the next existing id, so an id jump is crossed at once. */
async function planRunWindow(
  session: pg.Client,
  spec: TableSpec,
  deps: SyncDeps,
  state: TableState,
  snapshot: SourceSnapshot,
) {
  if (snapshot.maxId === null) return null;
  const maxRows = spec.maxRows ?? deps.maxRows;
  const settled = snapshot.writers.length === 0;
  const window = planWindow(state.marks, snapshot.maxId, maxRows, settled);
  if (!window?.hasMore) return window;
  const from = Math.max(state.marks.highMark, state.marks.safeMark);
  const nextId = await withStep(spec.key, 'read next id', () => readNextId(session, spec, from));
  return planWindow(state.marks, snapshot.maxId, maxRows, settled, nextId);
}

/** What one window read and copied: the planned window and ranges, and whether ClickHouse refused rows. */
interface Copied {
  readonly window: SyncWindow | null;
  readonly plan: ReadPlan | undefined;
  readonly refused: boolean;
}

/** Copies the window's ranges (`columns` as the run planned them) with a token built from the state it started from. */
async function copyWindow(
  spec: TableSpec,
  deps: SyncDeps,
  session: pg.Client,
  run: { state: TableState; snapshot: SourceSnapshot; columns: ColumnPlan },
  plan: ReadPlan | undefined,
) {
  const { state, snapshot, columns } = run;
  const cluster = deps.cluster ?? singleServer;
  const context = {
    ...{ clickhouse: deps.clickhouse, spec, columns: columns.copy, sourceColumns: snapshot.columns },
    ...{ insertQueryId: insertQueryId(deps.database, spec.key), collection: sourceCollectionName(deps.database) },
    ...{ runId: deps.runId, signal: deps.signal },
    dedupKey: dedupKey({
      ...{ scope: `${deps.database}.${spec.key}`, writers: snapshot.writers },
      ...{ above: state.above, nonce: randomUUID() },
    }),
    ...{ settings: writeSettings(cluster, false), cluster },
    beforeEachInsert: deps.beforeEachInsert,
  };
  return copyFollowingColumns(spec, session, run, context, plan?.ranges ?? []);
}

/**
 * Records the window in sync_state and counts what it copied. Usually both at once: the record counts the rows itself
 * (sql/state/write_watermark.sql) while the run counts them for its result; when ClickHouse refused rows (quarantine)
 * the run counts first and records the counts.
 * @returns the count after the copy (undefined for a run that had no window).
 */
async function recordWindow(
  spec: TableSpec,
  deps: SyncDeps,
  run: { state: TableState; snapshot: SourceSnapshot; copied: Copied; startedAt: number },
) {
  const { window, plan, refused } = run.copied;
  const { marks, above } = run.state;
  const cluster = deps.cluster ?? singleServer;
  const first = window && refused ? await countAfter(spec, deps, window, true, above.rejected) : undefined;
  await deps.afterInsert?.();
  const record = {
    ...{ watermarkFrom: window?.watermarkFrom ?? marks.safeMark, watermarkTo: window?.watermarkTo ?? marks.safeMark },
    ...{ safeMark: plan?.nextSafeMark ?? marks.safeMark, sourceMaxId: run.snapshot.maxId, snapshotXmax: '0' },
    ...{ rows: first ? first.rows - above.rows : 0, rowsRejected: first ? first.rejected - above.rejected : 0 },
    complete: (plan?.complete ?? true) && !window?.hasMore,
    newestAt: first && first.rows > above.rows ? first.newestAt : null,
    ...{ openWriters: run.snapshot.openTokens, rangesRead: plan?.ranges ?? [], tableName: spec.key },
    ...{ mode: 'incremental' as const, durationMs: elapsedMs(run.startedAt), queryId: deps.runId },
  };
  const counted = window !== null && !refused ? { counted: { spec, rowsBefore: above.rows } } : {};
  const options = { signal: deps.signal, settings: writeSettings(cluster, true), ...counted };
  const [after] = await Promise.all([
    window && !refused ? countAfter(spec, deps, window, false, above.rejected) : Promise.resolve(first),
    withStep(spec.key, 'write watermark', () => writeWatermark(deps.clickhouse, record, options)),
  ]);
  return { record, after };
}

/**
 * Incremental mode, one window: copies ids in (safe mark, upper] that ClickHouse does not hold yet, quarantining rows
 * whose values it cannot store, then records the run. See window.ts for how the window and the next safe mark are
 * chosen (late commits), reread.ts and holes.ts for how a wide window is narrowed, copy.ts for refused rows,
 * dedupToken.ts for what makes a re-applied INSERT harmless, and the README, "Guarantees", for why a crash at any
 * point neither loses nor doubles a row. lib/sync/drain.ts runs several windows in one invocation.
 * @returns the run's result, or `{ skipped: 'backfill' }` (nothing done) while a backfill of the table is open.
 * @throws SyncError naming the failing step.
 */
async function syncIncremental(
  spec: TableSpec,
  deps: SyncDeps,
  session: pg.Client,
  startedAt: number,
): Promise<IncrementalResult | SkippedSync> {
  const settings = readSettings(deps.cluster ?? singleServer);
  const snapshot = await withStep(spec.key, 'read source snapshot', () => readSourceSnapshot(session, spec));
  const state = await withStep(spec.key, 'read watermark', () =>
    readTableState(deps.clickhouse, spec, snapshot, { signal: deps.signal, settings }),
  );
  if (state.backfillOpen) return { table: spec.key, skipped: 'backfill' };
  const columns = planColumns(spec, snapshot.columns, state.targetColumns, state.readerColumns);
  checkColumns(spec, columns);
  const window = await planRunWindow(session, spec, deps, state, snapshot);
  const plan = window ? await planRead(spec, deps, window, state.marks, snapshot) : undefined;
  await deps.beforeInsert?.();
  const insertStartedAt = performance.now();
  const { refused, columns: replanned } = await copyWindow(spec, deps, session, { state, snapshot, columns }, plan);
  const insertMs = plan && plan.ranges.length > 0 ? elapsedMs(insertStartedAt) : 0;
  const copied = { window, plan, refused };
  const { record, after } = await recordWindow(spec, deps, { state, snapshot, copied, startedAt });
  const rows = after ? after.rows - state.above.rows : 0;
  return {
    ...{ table: spec.key, mode: 'incremental', rowsInserted: rows },
    rowsRejected: after ? after.rejected - state.above.rejected : 0,
    ...{ watermark: { from: record.watermarkFrom, to: record.watermarkTo }, safeMark: record.safeMark },
    ...{ rereadIds: plan?.rereadIds ?? 0, rangesRead: plan?.ranges.length ?? 0, openWriters: snapshot.writers.length },
    ...{ backlogIds: Math.max(0, (snapshot.maxId ?? 0) - record.watermarkTo), schema: notesOf(replanned ?? columns) },
    newestRowAt: (after && rows > 0 ? after.newestAt : null) ?? state.newestAt,
    ...{ durationMs: elapsedMs(startedAt), insertMs, windows: 1, hasMore: window?.hasMore ?? false },
  };
}

export type { IncrementalResult };
export { syncIncremental };
