import { pullSettings } from '../clickhouse.ts';
import { withStep } from '../errors.ts';
import type { SyncDeps, SyncResult } from '../sync.ts';
import { type FullTableSpec, insertQueryId } from '../tables.ts';
import { elapsedMs } from '../timing.ts';
import { writeWatermark } from './state.ts';

const stepNames = ['prepare staging table', 'load staging table', 'swap in new copy', 'drop old copy'];

/**
 * Full mode: loads the whole source table into a staging table and swaps it in with EXCHANGE TABLES,
 * so readers see the old copy or the new one, never an empty or partial table.
 * @throws SyncError naming the failing step.
 */
async function syncFull(spec: FullTableSpec, deps: SyncDeps, startedAt: number): Promise<SyncResult> {
  const { clickhouse, signal } = deps;
  for (const [index, statement] of spec.statements.entries()) {
    const isLoad = index === 1;
    await withStep(spec.key, stepNames[index] ?? `statement ${index + 1}`, () =>
      clickhouse.command({
        query: statement,
        query_id: isLoad ? insertQueryId(deps.database, spec.key) : undefined,
        clickhouse_settings: { ...pullSettings, log_comment: deps.runId },
        abort_signal: signal,
      }),
    );
  }
  const rows = await withStep(spec.key, 'count new copy', async () => {
    const result = await clickhouse.query({ query: spec.count, format: 'JSONEachRow', abort_signal: signal });
    const [row] = await result.json<{ rows: string }>();
    return Number(row?.rows ?? 0);
  });
  await deps.afterInsert?.();
  const record = {
    ...{ watermarkFrom: 0, watermarkTo: 0, safeMark: 0, sourceMaxId: null, complete: true, snapshotXmax: '0' },
    ...{ openWriters: [], rows, rowsRejected: 0 },
  };
  await withStep(spec.key, 'write watermark', () =>
    writeWatermark(
      clickhouse,
      { ...record, tableName: spec.key, mode: 'full', durationMs: elapsedMs(startedAt), queryId: deps.runId },
      { signal },
    ),
  );
  return {
    table: spec.key,
    mode: 'full',
    rowsInserted: rows,
    watermark: { from: null, to: null },
    durationMs: elapsedMs(startedAt),
    hasMore: false,
  };
}

export { syncFull };
