import { describeError, type Fields, logLine } from '../log.ts';
import type { SyncOutcome } from '../sync.ts';

/** Writes the one INFO line of a finished (or skipped) sync run. */
function logSyncOutcome(outcome: SyncOutcome, fields: Fields = {}): void {
  if ('skipped' in outcome) {
    logLine('INFO', 'sync skipped', { table: outcome.table, skipped: outcome.skipped, ...fields });
    return;
  }
  logLine(
    'INFO',
    outcome.rowsInserted === 0 && outcome.mode === 'incremental' ? 'sync found nothing new' : 'sync finished',
    {
      table: outcome.table,
      mode: outcome.mode,
      rows: outcome.rowsInserted,
      watermark_from: outcome.watermark.from,
      watermark_to: outcome.watermark.to,
      safe_mark: outcome.safeMark,
      reread_ids: outcome.rereadIds,
      ranges_read: outcome.rangesRead,
      open_writers: outcome.openWriters,
      has_more: outcome.hasMore,
      duration_ms: outcome.durationMs,
      ...fields,
    },
  );
}

/**
 * Writes the one ERROR line of a failed sync run: the failing step, the sides found unreachable after the
 * failure (empty when both answered) and the error chain, never credentials.
 */
function logSyncFailure(table: string, error: unknown, durationMs: number, fields: Fields = {}): void {
  const { step, unreachable } = error as { step?: unknown; unreachable?: unknown };
  const failure = { table, step, unreachable, duration_ms: durationMs, error: describeError(error) };
  logLine('ERROR', 'sync failed', { ...failure, ...fields });
}

export { logSyncFailure, logSyncOutcome };
