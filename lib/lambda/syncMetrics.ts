// The metrics of one sync run (published by lib/lambda/sync.ts through Powertools Metrics). Pure.
import type { SyncOutcome, SyncResult } from '../sync.ts';
import { parseUtc } from '../timing.ts';
import type { MetricValues } from './powertools.ts';

/**
 * How old the data in ClickHouse is after a successful run, in seconds: now − the newest copied value of the
 * table's freshness column (tables.json freshnessColumn); for full loads and tables without that column, the run's
 * own duration (now − the start of a run that read everything committed before it started). Null when unknown
 * (nothing copied yet, or an incremental run that left rows for later).
 */
function freshnessLagSeconds(result: SyncResult, nowMs: number): number | null {
  if (result.mode === 'incremental' && result.newestRowAt !== null) {
    const newest = parseUtc(result.newestRowAt);
    return Number.isFinite(newest) ? Math.max(0, Math.round((nowMs - newest) / 1000)) : null;
  }
  if (result.mode === 'full' || !result.hasMore) return Math.round(result.durationMs / 1000);
  return null;
}

/**
 * The metrics of a finished or skipped run. A run skipped because another held the lock publishes skipped_locked = 1
 * only; one skipped because a backfill holds the table, skipped_locked = 0 only (the backfill is doing the work).
 */
function syncMetricValues(outcome: SyncOutcome, nowMs: number): MetricValues {
  if ('skipped' in outcome) return { skipped_locked: outcome.skipped === 'locked' ? 1 : 0 };
  const lag = freshnessLagSeconds(outcome, nowMs);
  return {
    rows_synced: outcome.rowsInserted,
    rows_rejected: outcome.rowsRejected,
    duration_ms: outcome.durationMs,
    skipped_locked: 0,
    ...(outcome.mode === 'incremental' ? { backlog_ids: outcome.backlogIds } : {}),
    ...(lag === null ? {} : { freshness_lag_s: lag }),
  };
}

/**
 * The metrics of a failed run: what it knows. Never rows_synced (the no-successful-run alarm counts those), and the
 * freshness lag only when it could still be read from ClickHouse after the failure.
 */
function failureMetricValues(durationMs: number, freshnessLagS: number | null): MetricValues {
  return {
    duration_ms: durationMs,
    skipped_locked: 0,
    ...(freshnessLagS === null ? {} : { freshness_lag_s: freshnessLagS }),
  };
}

export { failureMetricValues, freshnessLagSeconds, syncMetricValues };
