// `npm run status` output: an aligned table for people, JSON (snake_case) for scripts. Pure.
import type { TableStatus } from './assess.ts';

/** 42s, 5m10s, 3h02m, 2d04h. */
function formatDuration(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 60) return `${seconds}s`;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${pad(seconds % 60)}s`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h${pad(Math.floor((seconds % 3600) / 60))}m`;
  return `${Math.floor(seconds / 86_400)}d${pad(Math.floor((seconds % 86_400) / 3600))}h`;
}

function formatCount(value: number | null): string {
  return value === null ? '-' : String(value);
}

function formatTime(iso: string | null): string {
  return iso === null ? 'never' : `${iso.slice(0, 19).replace('T', ' ')}Z`;
}

function formatError(status: TableStatus): string {
  const error = status.lastError;
  if (error === null) return '-';
  const recent = status.failuresSinceSuccess > 0 ? ` (${status.failuresSinceSuccess} since last success)` : '';
  return `${formatDuration(error.ageS)} ago${recent}: ${error.message}`.slice(0, 200);
}

const columns: readonly [string, (status: TableStatus) => string][] = [
  ['TABLE', (s) => s.table],
  ['STATE', (s) => (s.backfill ? `${s.state} ${s.backfill.rangesDone}/${s.backfill.rangesTotal}` : s.state)],
  ['LAST SUCCESS', (s) => formatTime(s.lastSuccessAt)],
  ['AGE', (s) => formatDuration(s.ageS)],
  ['MAX AGE', (s) => formatDuration(s.maxAgeS)],
  ['ROWS', (s) => formatCount(s.rows)],
  ['BACKLOG', (s) => formatCount(s.backlogIds)],
  ['LAG', (s) => formatDuration(s.freshnessLagS)],
  ['REJECTED', (s) => formatCount(s.rowsRejected)],
  ['LAST ERROR', formatError],
];

/** The statuses as an aligned text table, one line per table under a header line. */
function renderStatusTable(statuses: readonly TableStatus[]): string {
  const cells = [columns.map(([title]) => title), ...statuses.map((s) => columns.map(([, cell]) => cell(s)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const lines = cells.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}

/** The statuses as the JSON document of `npm run status -- --json`. */
function statusJson(statuses: readonly TableStatus[], overdue: readonly string[]): Record<string, unknown> {
  return {
    ok: overdue.length === 0,
    overdue,
    tables: statuses.map((s) => ({
      table: s.table,
      mode: s.mode,
      schedule: s.schedule,
      state: s.state,
      last_success_at: s.lastSuccessAt,
      age_s: s.ageS,
      max_age_s: s.maxAgeS,
      rows: s.rows,
      backlog_ids: s.backlogIds,
      freshness_lag_s: s.freshnessLagS,
      rows_rejected: s.rowsRejected,
      failures_since_success: s.failuresSinceSuccess,
      backfill: s.backfill && {
        ranges_done: s.backfill.rangesDone,
        ranges_total: s.backfill.rangesTotal,
        progress_age_s: s.backfill.progressAgeS,
      },
      last_error: s.lastError && {
        at: s.lastError.at,
        age_s: s.lastError.ageS,
        step: s.lastError.step,
        message: s.lastError.message,
      },
    })),
  };
}

export { formatDuration, renderStatusTable, statusJson };
