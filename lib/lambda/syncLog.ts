import { describeError, type Fields, type Level, type LogRecord } from '../log.ts';
import type { SyncOutcome, SyncResult } from '../sync.ts';

/** The keys of a finished run's log line (snake_case, see README "Sync design", Logs). Pure. */
function syncLogFields(result: SyncResult): Fields {
  const common = {
    table: result.table,
    mode: result.mode,
    rows: result.rowsInserted,
    rows_rejected: result.rowsRejected,
    watermark_from: result.watermark.from,
    watermark_to: result.watermark.to,
  };
  const schema = {
    ...(result.schema.pending.length > 0 ? { columns_pending: result.schema.pending } : {}),
    ...(result.schema.missing.length > 0 ? { columns_missing: result.schema.missing } : {}),
    ...(result.schema.unsupported.length > 0 ? { columns_unsupported: result.schema.unsupported } : {}),
  };
  if (result.mode === 'full') return { ...common, ...schema, has_more: false, duration_ms: result.durationMs };
  return {
    ...common,
    safe_mark: result.safeMark,
    reread_ids: result.rereadIds,
    ranges_read: result.rangesRead,
    open_writers: result.openWriters,
    backlog_ids: result.backlogIds,
    windows: result.windows,
    insert_ms: result.insertMs,
    ...schema,
    has_more: result.hasMore,
    duration_ms: result.durationMs,
  };
}

/** WARN when the run quarantined rows or the source's columns differ from ClickHouse's, else INFO. */
function levelOf(result: SyncResult): Level {
  const { pending, missing, unsupported } = result.schema;
  const schemaDiffers = pending.length + missing.length + unsupported.length > 0;
  return result.rowsRejected > 0 || schemaDiffers ? 'WARN' : 'INFO';
}

function messageOf(result: SyncResult): string {
  if (result.rowsRejected > 0) return 'sync finished with rows quarantined';
  if (result.schema.missing.length > 0) return 'sync finished; source columns missing (see README, "Schema changes")';
  if (result.schema.pending.length > 0) return 'sync finished; new source columns wait for `npm run migrate`';
  return result.rowsInserted === 0 && result.mode === 'incremental' ? 'sync found nothing new' : 'sync finished';
}

/** The one line of a finished (or skipped) sync run: INFO, or WARN when rows were quarantined or columns differ. Pure. */
function syncOutcomeRecord(outcome: SyncOutcome): LogRecord {
  if ('skipped' in outcome) {
    return { level: 'INFO', message: 'sync skipped', fields: { table: outcome.table, skipped: outcome.skipped } };
  }
  return { level: levelOf(outcome), message: messageOf(outcome), fields: syncLogFields(outcome) };
}

/**
 * The one ERROR line of a failed sync run: the failing step, the sides found unreachable after the failure (empty
 * when both answered) and the error chain, never credentials. Pure.
 */
function syncFailureRecord(table: string, error: unknown, durationMs: number): LogRecord {
  const { step, unreachable } = error as { step?: unknown; unreachable?: unknown };
  const fields = { table, step, unreachable, duration_ms: durationMs, error: describeError(error) };
  return { level: 'ERROR', message: 'sync failed', fields };
}

export { syncFailureRecord, syncLogFields, syncOutcomeRecord };
