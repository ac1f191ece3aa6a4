import type { Context } from 'aws-lambda';
import { clickhouseFor } from '../clickhouseCache.ts';
import type { Fields, LogRecord } from '../log.ts';
import { describeError } from '../log.ts';
import { type MigrateResult, migrateClickhouseDatabase } from '../migrate/clickhouse.ts';
import { repairDrift } from '../repair/repair.ts';
import { syncDepsFrom } from '../sync/deps.ts';
import { tableKeys } from '../tables/registry.ts';
import { elapsedMs } from '../timing.ts';
import { verifyFailureRecord, verifyReportRecord } from '../verify/report.ts';
import { type VerifyReport, verifyTables } from '../verify/verify.ts';
import { configFromContext, type HandlerOptions, withMiddleware } from './middleware.ts';
import { publishTableMetrics, writeLog } from './powertools.ts';

function withFields(record: LogRecord, fields: Fields): LogRecord {
  return { ...record, fields: { ...record.fields, ...fields } };
}

/**
 * The Lambda handler of the hourly verify function: compares every table (lib/verify/verify.ts), publishes each
 * table's drift_rows (EMF, dimension table; the drift alarms watch it), writes exactly one line and returns the
 * report. Drift is not a failure; with VERIFY_REPAIR=1 it also repairs what it found (lib/repair/repair.ts; the line
 * says what). A failed comparison logs one ERROR line and rethrows.
 */
function verifyHandler(options: HandlerOptions = {}) {
  return withMiddleware(async (_event: unknown, context: Context, { signal }): Promise<VerifyReport> => {
    const startedAt = performance.now();
    try {
      const config = configFromContext(context);
      const clickhouse = clickhouseFor(config);
      const report = await verifyTables(tableKeys(), { clickhouse, pgUrl: config.pgUrl, signal });
      for (const table of report.tables) publishTableMetrics(table.table, { drift_rows: table.driftRows });
      const repair =
        config.verifyRepair && report.driftRows > 0
          ? await repairDrift(report, syncDepsFrom(config, clickhouse, context.awsRequestId, signal))
          : undefined;
      const fields = { ...(repair ? { repair } : {}), duration_ms: elapsedMs(startedAt) };
      writeLog(context, withFields(verifyReportRecord(report), fields));
      return report;
    } catch (error) {
      writeLog(context, withFields(verifyFailureRecord(error), { duration_ms: elapsedMs(startedAt) }));
      throw error;
    }
  }, options);
}

/** The Lambda handler that brings the ClickHouse database to the current schema (run once after deploy). */
function migrateHandler(options: HandlerOptions = {}) {
  return withMiddleware(async (_event: unknown, context: Context): Promise<MigrateResult> => {
    const startedAt = performance.now();
    try {
      const config = configFromContext(context);
      const result = await migrateClickhouseDatabase(config);
      writeLog(context, {
        level: 'INFO',
        message: 'migrate finished',
        fields: { ...result, duration_ms: elapsedMs(startedAt) },
      });
      return result;
    } catch (error) {
      const fields = { error: describeError(error), duration_ms: elapsedMs(startedAt) };
      writeLog(context, { level: 'ERROR', message: 'migrate failed', fields });
      throw error;
    }
  }, options);
}

export { migrateHandler, verifyHandler };
