import type { Context } from 'aws-lambda';
import { clickhouseFor } from '../clickhouseCache.ts';
import { describeError, logLine } from '../log.ts';
import { type MigrateResult, migrateClickhouseDatabase } from '../migrate/clickhouse.ts';
import { repairDrift } from '../repair/repair.ts';
import { syncDepsFrom } from '../sync/deps.ts';
import { tableKeys } from '../tables/registry.ts';
import { elapsedMs } from '../timing.ts';
import { logVerifyFailure, logVerifyReport } from '../verify/report.ts';
import { type VerifyReport, verifyTables } from '../verify/verify.ts';
import { configFromContext, type HandlerOptions, withMiddleware } from './middleware.ts';

/**
 * The Lambda handler of the hourly verify function: compares every table (lib/verify/verify.ts), writes exactly one
 * line carrying the drift_rows metric, and returns the report. Drift is not a failure (the metric alarms); with
 * VERIFY_REPAIR=1 it also repairs what it found (lib/repair/repair.ts; the line says what). A failed comparison logs
 * one ERROR line and rethrows.
 */
function verifyHandler(options: HandlerOptions = {}) {
  return withMiddleware(async (_event: unknown, context: Context, { signal }): Promise<VerifyReport> => {
    const startedAt = performance.now();
    const fields = { function_request_id: context.awsRequestId };
    try {
      const config = configFromContext(context);
      const clickhouse = clickhouseFor(config);
      const report = await verifyTables(tableKeys(), { clickhouse, pgUrl: config.pgUrl, signal });
      const repair =
        config.verifyRepair && report.driftRows > 0
          ? await repairDrift(report, syncDepsFrom(config, clickhouse, context.awsRequestId, signal))
          : undefined;
      logVerifyReport(report, { ...fields, ...(repair ? { repair } : {}), duration_ms: elapsedMs(startedAt) });
      return report;
    } catch (error) {
      logVerifyFailure(error, { ...fields, duration_ms: elapsedMs(startedAt) });
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
      logLine('INFO', 'migrate finished', { ...result, duration_ms: elapsedMs(startedAt) });
      return result;
    } catch (error) {
      logLine('ERROR', 'migrate failed', { error: describeError(error), duration_ms: elapsedMs(startedAt) });
      throw error;
    }
  }, options);
}

export { migrateHandler, verifyHandler };
