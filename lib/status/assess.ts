// What a status row means: ages, freshness lag, backlog, and whether the table is overdue for its schedule. Pure.
import type { TableSpec } from '../tables/registry.ts';
import { maxRunAgeMs } from '../tables/schedule.ts';
import { parseUtc } from '../timing.ts';
import type { StatusRow } from './read.ts';

/**
 * ok; failing (a run failed after the last success); overdue (no success for too long, or a backfill that recorded no
 * progress for as long); never (no success yet); backfill (a backfill holds the table and recorded progress lately).
 */
type TableState = 'ok' | 'failing' | 'overdue' | 'never' | 'backfill';

/** A backfill under way: the scheduled sync skips the table until it hands over (README, "Backfill"). */
interface BackfillProgress {
  readonly rangesDone: number;
  readonly rangesTotal: number;
  /** Seconds since it last recorded its plan or a range. */
  readonly progressAgeS: number;
}

interface LastError {
  readonly at: string;
  readonly ageS: number;
  readonly step: string;
  readonly message: string;
}

/** One table as `npm run status` shows it. Times are ISO 8601 UTC; durations whole seconds; null when unknown. */
interface TableStatus {
  readonly table: string;
  readonly mode: TableSpec['mode'];
  readonly schedule: string;
  readonly lastSuccessAt: string | null;
  readonly ageS: number | null;
  /** The age above which the table is overdue (max-age periods of its schedule). */
  readonly maxAgeS: number;
  /** Rows the last successful run copied (full mode: the size of the new copy). */
  readonly rows: number | null;
  /** Source ids above the last run's window end when it ran (incremental). */
  readonly backlogIds: number | null;
  /** Now − the newest copied freshness value, or − the start of the last run that read everything. */
  readonly freshnessLagS: number | null;
  /** Rows held in quarantine: all quarantined by incremental runs, or those the last full load left out. */
  readonly rowsRejected: number | null;
  readonly lastError: LastError | null;
  readonly failuresSinceSuccess: number;
  readonly backfill: BackfillProgress | null;
  readonly state: TableState;
}

const defaults = {
  /** A table is overdue after this many schedule periods without a successful run (as the alarm). */
  maxAgePeriods: 3,
};

function iso(text: string | null): string | null {
  if (text === null) return null;
  const ms = parseUtc(text);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function secondsBetween(fromText: string | null, nowMs: number): number | null {
  if (fromText === null) return null;
  const from = parseUtc(fromText);
  return Number.isFinite(from) ? Math.max(0, Math.round((nowMs - from) / 1000)) : null;
}

function count(text: string | null): number | null {
  return text === null ? null : Number(text);
}

function stateOf(
  ageS: number | null,
  maxAgeS: number,
  failuresSinceSuccess: number,
  backfill: BackfillProgress | null,
): TableState {
  if (backfill) return backfill.progressAgeS > maxAgeS ? 'overdue' : 'backfill';
  if (ageS === null) return 'never';
  if (ageS > maxAgeS) return 'overdue';
  return failuresSinceSuccess > 0 ? 'failing' : 'ok';
}

/** Reads one table's status row against its registry entry. */
function assessTable(spec: TableSpec, row: StatusRow, options: Partial<typeof defaults> = {}): TableStatus {
  const { maxAgePeriods } = { ...defaults, ...options };
  const nowMs = parseUtc(row.now);
  const ageS = secondsBetween(row.last_success_at, nowMs);
  const maxAgeS = Math.round(maxRunAgeMs(spec.schedule, maxAgePeriods) / 1000);
  const sourceMaxId = count(row.source_max_id);
  const watermarkTo = count(row.watermark_to);
  const failuresSinceSuccess = Number(row.failures_since_success);
  const lastError =
    row.last_failed_at === null
      ? null
      : {
          at: iso(row.last_failed_at) ?? row.last_failed_at,
          ageS: secondsBetween(row.last_failed_at, nowMs) ?? 0,
          step: row.last_failed_step ?? '',
          message: row.last_error ?? '',
        };
  const backfill =
    row.backfill_progress_at === null
      ? null
      : {
          rangesDone: Number(row.backfill_ranges_done),
          rangesTotal: Number(row.backfill_ranges_total),
          progressAgeS: secondsBetween(row.backfill_progress_at, nowMs) ?? 0,
        };
  return {
    table: spec.key,
    mode: spec.mode,
    schedule: spec.schedule,
    lastSuccessAt: iso(row.last_success_at),
    ageS,
    maxAgeS,
    rows: count(row.rows),
    backlogIds:
      spec.mode === 'incremental' && sourceMaxId !== null && watermarkTo !== null
        ? Math.max(0, sourceMaxId - watermarkTo)
        : null,
    freshnessLagS: secondsBetween(row.newest_at, nowMs) ?? secondsBetween(row.complete_through, nowMs),
    rowsRejected: count(spec.mode === 'full' ? row.last_rows_rejected : row.total_rows_rejected),
    lastError,
    failuresSinceSuccess,
    backfill,
    state: stateOf(ageS, maxAgeS, failuresSinceSuccess, backfill),
  };
}

/** True when a table has no successful run within its allowed age (overdue, or never synced). */
function isOverdue(status: TableStatus): boolean {
  return status.state === 'overdue' || status.state === 'never';
}

export type { BackfillProgress, LastError, TableState, TableStatus };
export { assessTable, isOverdue };
