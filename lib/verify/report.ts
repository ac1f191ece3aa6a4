import { describeError, type Fields, type LogRecord } from '../log.ts';
import type { VerifyReport } from './verify.ts';

const scope =
  'Only ids at or below each bound are compared: the safe mark of an incremental table (rows above it may still be ' +
  'in flight), the highest id of the last full load of a full-mode table (newer rows arrive with the next load). ' +
  'Rows are compared by id and content (a hash of every value); drift_rows counts rows lost, doubled or altered. ' +
  'Quarantined rows (rejected_rows) and rows whose live parent is gone on either side are left out.';

/** A report as the JSON that `npm run verify` prints and the verify function logs (snake_case keys). */
function reportJson(report: VerifyReport): Fields {
  return {
    drift: report.driftRows > 0,
    drift_rows: report.driftRows,
    scope,
    tables: report.tables.map((table) => ({
      table: table.table,
      id_from: table.idFrom,
      id_to: table.idTo,
      bound: table.bound,
      postgres_rows: table.postgresRows,
      clickhouse_rows: table.clickhouseRows,
      drift_rows: table.driftRows,
      rejected_rows: table.rejectedRows,
      live_through: table.liveThrough,
      ranges: table.ranges.map((range) => ({
        first_id: range.firstId,
        last_id: range.lastId,
        postgres_rows: range.postgresRows,
        clickhouse_rows: range.clickhouseRows,
        differing_rows: range.differingRows,
        exact: range.exact,
      })),
    })),
  };
}

/**
 * The one line of a verify run: INFO without drift, WARN with it (the report as `npm run verify` prints it). The
 * verify function also publishes each table's drift_rows as a metric (lib/lambda/jobs.ts). Pure.
 */
function verifyReportRecord(report: VerifyReport): LogRecord {
  const drift = report.driftRows > 0;
  return {
    level: drift ? 'WARN' : 'INFO',
    message: drift ? 'verify found drift' : 'verify found no drift',
    fields: reportJson(report),
  };
}

/** The one ERROR line of a failed verify run: the failing step, unreachable sides and the error chain. Pure. */
function verifyFailureRecord(error: unknown): LogRecord {
  const { step, unreachable } = error as { step?: unknown; unreachable?: unknown };
  return { level: 'ERROR', message: 'verify failed', fields: { step, unreachable, error: describeError(error) } };
}

export { reportJson, verifyFailureRecord, verifyReportRecord };
