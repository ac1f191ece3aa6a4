import type { ClickHouseClient } from '@clickhouse/client';
import type pg from 'pg';
import { pullSettings } from '../clickhouse.ts';
import { withStep } from '../errors.ts';
import type { SyncDeps, SyncResult } from '../sync.ts';
import { type IncrementalTableSpec, insertQueryId } from '../tables.ts';
import { elapsedMs } from '../timing.ts';
import { type IdRange, planGapReread, planWholeWindow, type ReadPlan, readPlanDefaults } from './reread.ts';
import { readSourceSnapshot } from './source.ts';
import { readWatermark, writeWatermark } from './state.ts';
import { type Marks, planWindow, type SyncWindow } from './window.ts';

async function countWindow(
  clickhouse: ClickHouseClient,
  spec: IncrementalTableSpec,
  window: SyncWindow,
  signal?: AbortSignal,
) {
  const result = await clickhouse.query({
    query: spec.windowCount,
    query_params: { watermark_from: window.watermarkFrom, watermark_to: window.watermarkTo },
    format: 'JSONEachRow',
    abort_signal: signal,
  });
  const [row] = await result.json<{ rows: string }>();
  return Number(row?.rows ?? 0);
}

/** Asks ClickHouse which ids of (window start, min(high mark, window end)] it lacks, as ranges. */
async function findGaps(
  clickhouse: ClickHouseClient,
  spec: IncrementalTableSpec,
  window: SyncWindow,
  marks: Marks,
  signal?: AbortSignal,
): Promise<IdRange[]> {
  const result = await clickhouse.query({
    query: spec.gaps,
    query_params: {
      watermark_from: window.watermarkFrom,
      watermark_to: Math.min(marks.highMark, window.watermarkTo),
      max_gaps: readPlanDefaults.maxGaps + 1,
    },
    format: 'JSONEachRow',
    abort_signal: signal,
  });
  const rows = await result.json<{ gap_from: string; gap_to: string }>();
  return rows.map((row) => ({ from: Number(row.gap_from), to: Number(row.gap_to) }));
}

/** Chooses the ranges to read: the whole window while it is narrow, else only what ClickHouse lacks. */
async function planRead(
  spec: IncrementalTableSpec,
  deps: SyncDeps,
  window: SyncWindow,
  marks: Marks,
): Promise<ReadPlan> {
  if (window.rereadIds <= deps.maxRereadIds) return planWholeWindow(window);
  const gaps = await withStep(spec.key, 'find gaps', () => findGaps(deps.clickhouse, spec, window, marks, deps.signal));
  return planGapReread(window, marks.highMark, gaps);
}

/** Copies each range with the table's windowed INSERT (ids already present are skipped), one after another. */
async function insertRanges(spec: IncrementalTableSpec, deps: SyncDeps, ranges: readonly IdRange[]): Promise<void> {
  for (const range of ranges) {
    await withStep(spec.key, 'insert window', () =>
      deps.clickhouse.command({
        query: spec.insert,
        query_params: { watermark_from: range.from, watermark_to: range.to },
        query_id: insertQueryId(deps.database, spec.key),
        clickhouse_settings: { ...pullSettings, log_comment: deps.runId },
        abort_signal: deps.signal,
      }),
    );
  }
}

/**
 * Incremental mode: copies ids in (safe mark, upper] that ClickHouse does not hold yet, then records the
 * run. See window.ts for how the window and the next safe mark are chosen (late commits), reread.ts for how
 * a wide window is narrowed to the ids ClickHouse lacks, and README, "Guarantees", for why a crash at any point
 * neither loses nor doubles a row.
 * @throws SyncError naming the failing step.
 */
async function syncIncremental(
  spec: IncrementalTableSpec,
  deps: SyncDeps,
  session: pg.Client,
  startedAt: number,
): Promise<SyncResult> {
  const { clickhouse, signal } = deps;
  const snapshot = await withStep(spec.key, 'read source snapshot', () => readSourceSnapshot(session, spec.snapshot));
  const marks = await withStep(spec.key, 'read watermark', () =>
    readWatermark(clickhouse, spec.key, snapshot, { signal }),
  );
  const window = planWindow(marks, snapshot.maxId, deps.maxRows, snapshot.writers.length === 0);
  const base = { table: spec.key, mode: 'incremental', openWriters: snapshot.writers.length } as const;
  if (window === null) {
    const idle = { rowsInserted: 0, safeMark: marks.safeMark, rereadIds: 0, rangesRead: 0, hasMore: false };
    const record = { watermarkFrom: marks.safeMark, watermarkTo: marks.safeMark, safeMark: marks.safeMark };
    await withStep(spec.key, 'write watermark', () =>
      writeWatermark(
        clickhouse,
        {
          ...record,
          ...{ sourceMaxId: snapshot.maxId, complete: true, snapshotXmax: '0', openWriters: snapshot.writers },
          ...{ tableName: spec.key, mode: 'incremental', rows: 0, rowsRejected: 0 },
          ...{ durationMs: elapsedMs(startedAt), queryId: deps.runId },
        },
        { signal },
      ),
    );
    return {
      ...base,
      ...idle,
      watermark: { from: marks.safeMark, to: marks.safeMark },
      durationMs: elapsedMs(startedAt),
    };
  }
  const plan = await planRead(spec, deps, window, marks);
  const before = await withStep(spec.key, 'count window', () => countWindow(clickhouse, spec, window, signal));
  await deps.beforeInsert?.();
  await insertRanges(spec, deps, plan.ranges);
  const after = await withStep(spec.key, 'count window', () => countWindow(clickhouse, spec, window, signal));
  await deps.afterInsert?.();
  const rows = after - before;
  const { watermarkFrom, watermarkTo } = window;
  const run = {
    watermarkFrom,
    watermarkTo,
    safeMark: plan.nextSafeMark,
    sourceMaxId: snapshot.maxId,
    complete: plan.complete && !window.hasMore,
    snapshotXmax: '0',
    openWriters: snapshot.writers,
    rowsRejected: 0,
  };
  await withStep(spec.key, 'write watermark', () =>
    writeWatermark(
      clickhouse,
      { ...run, tableName: spec.key, mode: 'incremental', rows, durationMs: elapsedMs(startedAt), queryId: deps.runId },
      { signal },
    ),
  );
  return {
    ...base,
    rowsInserted: rows,
    watermark: { from: watermarkFrom, to: watermarkTo },
    safeMark: plan.nextSafeMark,
    rereadIds: plan.rereadIds,
    rangesRead: plan.ranges.length,
    durationMs: elapsedMs(startedAt),
    hasMore: window.hasMore,
  };
}

export { syncIncremental };
