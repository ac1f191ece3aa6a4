// The end of a backfill: under the table's run lock, once every range of the plan is recorded as done, one sync_state
// record hands the table to the scheduled sync (the safe mark moves to the plan's end, lib/backfill/plan.ts), then
// the handover event closes the backfill (the sync stops skipping the table). Idempotent: a crash between the two
// writes leaves the backfill open, and handing over again writes the same record once more (marks are maxima).
import type pg from 'pg';
import { writeSettings } from '../cluster.ts';
import { readSourceSnapshot, unlockTable, waitLockTable } from '../sync/source.ts';
import { writeWatermark } from '../sync/state.ts';
import type { TableSpec } from '../tables/registry.ts';
import { type Handover, planHandover, remainingRanges } from './plan.ts';
import type { PlanningDeps } from './planning.ts';
import { readOpenBackfill, readSyncMarks, writeBackfillEvent } from './state.ts';

/**
 * Hands backfill `backfillId` over to the scheduled sync when all its ranges are done.
 * @returns the handover, or null when the backfill still has ranges to copy or is no longer open (handed over or
 * abandoned by another invocation).
 */
async function handOver(
  deps: PlanningDeps,
  session: pg.Client,
  spec: TableSpec,
  backfillId: string,
): Promise<Handover | null> {
  const options = { cluster: deps.cluster, signal: deps.signal };
  const startedAt = performance.now();
  await waitLockTable(session, spec.key);
  try {
    const open = await readOpenBackfill(deps.clickhouse, spec.key, options);
    if (!open || open.plan.backfillId !== backfillId) return null;
    if (remainingRanges(open.plan, open.done).length > 0) return null;
    const snapshot = await readSourceSnapshot(session, spec);
    const start = snapshot.minId !== null && snapshot.minId <= 0 ? snapshot.minId - 1 : 0;
    const marks = await readSyncMarks(deps.clickhouse, spec.key, options);
    const handover = planHandover(open.plan, marks.safeMark, start);
    const record = {
      ...{ tableName: spec.key, mode: 'backfill' as const, watermarkFrom: handover.watermarkFrom },
      ...{ watermarkTo: handover.watermarkTo, safeMark: handover.safeMark, sourceMaxId: open.plan.to },
      ...{ complete: false, newestAt: null, snapshotXmax: '0', openWriters: [], rangesRead: [] },
      ...{ rows: open.rows, rowsRejected: 0, durationMs: Math.round(performance.now() - startedAt) },
      queryId: deps.runId,
    };
    await writeWatermark(deps.clickhouse, record, { signal: deps.signal, settings: writeSettings(deps.cluster, true) });
    const event = { event: 'handover', range: open.plan, safeMark: handover.safeMark, rows: open.rows } as const;
    await writeBackfillEvent(deps.clickhouse, spec.key, backfillId, event, deps.runId, options);
    return handover;
  } finally {
    await unlockTable(session, spec.key);
  }
}

export { handOver };
