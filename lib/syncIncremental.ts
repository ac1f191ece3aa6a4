import type { ClickHouseClient } from '@clickhouse/client';
import type pg from 'pg';
import { withStep } from './errors.ts';
import { readSnapshotXmax, readSourceSnapshot } from './source.ts';
import { readWatermark, writeWatermark } from './state.ts';
import type { SyncDeps, SyncResult } from './sync.ts';
import { type IncrementalTableSpec, insertQueryId } from './tables.ts';
import { elapsedMs } from './timing.ts';
import { planWindow, type SyncWindow } from './window.ts';

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

/**
 * Incremental mode: copies ids in (safe mark, upper] that ClickHouse does not hold yet, then records the
 * run. See window.ts for how the window and the next safe mark are chosen (late commits) and README,
 * "Sync design", for why a crash at any point neither loses nor doubles a row.
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
    readWatermark(clickhouse, spec.key, snapshot.xmin, { signal }),
  );
  const window = planWindow(marks, snapshot.maxId, deps.maxRows);
  if (window === null) {
    const watermark = { from: marks.safeMark, to: marks.safeMark };
    return {
      table: spec.key,
      mode: 'incremental',
      rowsInserted: 0,
      watermark,
      safeMark: marks.safeMark,
      rereadIds: 0,
      durationMs: elapsedMs(startedAt),
      hasMore: false,
    };
  }
  const before = await withStep(spec.key, 'count window', () => countWindow(clickhouse, spec, window, signal));
  await withStep(spec.key, 'insert window', () =>
    clickhouse.command({
      query: spec.insert,
      query_params: { watermark_from: window.watermarkFrom, watermark_to: window.watermarkTo },
      query_id: insertQueryId(deps.database, spec.key),
      clickhouse_settings: { session_timezone: 'UTC', log_comment: deps.runId },
      abort_signal: signal,
    }),
  );
  const after = await withStep(spec.key, 'count window', () => countWindow(clickhouse, spec, window, signal));
  await deps.afterInsert?.();
  const snapshotXmax = await withStep(spec.key, 'read snapshot xmax', () => readSnapshotXmax(session));
  const rows = after - before;
  await withStep(spec.key, 'write watermark', () =>
    writeWatermark(
      clickhouse,
      {
        tableName: spec.key,
        mode: 'incremental',
        watermarkFrom: window.watermarkFrom,
        watermarkTo: window.watermarkTo,
        safeMark: window.nextSafeMark,
        snapshotXmax,
        rows,
        durationMs: elapsedMs(startedAt),
        queryId: deps.runId,
      },
      { signal },
    ),
  );
  return {
    table: spec.key,
    mode: 'incremental',
    rowsInserted: rows,
    watermark: { from: window.watermarkFrom, to: window.watermarkTo },
    safeMark: window.nextSafeMark,
    rereadIds: window.rereadIds,
    durationMs: elapsedMs(startedAt),
    hasMore: window.hasMore,
  };
}

export { syncIncremental };
