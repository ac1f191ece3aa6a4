// The only module that holds Powertools for AWS Lambda: one Logger and one Metrics per process (cold start).
// Logger writes the one JSON line of a run or request, with function_request_id, cold_start and function_name from the
// invocation's context; Metrics writes CloudWatch embedded metric format (EMF) lines, namespace pg2ch, dimensions
// service, stage and table.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import type { Level, LogRecord } from '../log.ts';

const defaults = {
  serviceName: 'pg2ch',
  namespace: 'pg2ch',
  /** serverless.yml sets STAGE; local runs (invoke local, offline, tests) publish under "local". */
  stage: process.env.STAGE || 'local',
};

/** Every metric pg2ch publishes, with its CloudWatch unit (see docs/operations.md). */
const metricUnits = {
  rows_synced: MetricUnit.Count,
  rows_rejected: MetricUnit.Count,
  duration_ms: MetricUnit.Milliseconds,
  backlog_ids: MetricUnit.Count,
  freshness_lag_s: MetricUnit.Seconds,
  skipped_locked: MetricUnit.Count,
  drift_rows: MetricUnit.Count,
} as const;

type MetricName = keyof typeof metricUnits;
type MetricValues = Partial<Record<MetricName, number>>;

const logger = new Logger({ serviceName: defaults.serviceName });
const metrics = new Metrics({
  namespace: defaults.namespace,
  serviceName: defaults.serviceName,
  defaultDimensions: { stage: defaults.stage },
});

const levels: readonly Level[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

/** Applies LOG_LEVEL (DEBUG, INFO, WARN, ERROR) as it is now; an unknown value leaves the level unchanged. */
function applyLogLevel(env: Readonly<Record<string, string | undefined>>): void {
  const wanted = (env.LOG_LEVEL ?? 'INFO').toUpperCase() as Level;
  if (levels.includes(wanted)) logger.setLogLevel(wanted);
}

/**
 * Writes the one log line of an invocation. The invocation's context is added right before the line is written (one
 * synchronous step), so a line names its own request even when invocations overlap in one process (the local KPI
 * server, tests); Powertools reports cold_start true on the first line of the process only.
 */
function writeLog(context: Context, record: LogRecord): void {
  logger.addContext(context);
  const write = {
    DEBUG: logger.debug,
    INFO: logger.info,
    WARN: logger.warn,
    ERROR: logger.error,
  }[record.level].bind(logger);
  write(record.message, record.fields);
}

/**
 * Publishes one table's metrics of one run as one EMF line (dimensions service, stage, table). Values that are not
 * finite numbers are left out; nothing is written when none is left.
 */
function publishTableMetrics(table: string, values: MetricValues): void {
  const known = Object.entries(values).filter(([, value]) => Number.isFinite(value)) as [MetricName, number][];
  if (known.length === 0) return;
  metrics.addDimension('table', table);
  for (const [name, value] of known) metrics.addMetric(name, metricUnits[name], value);
  metrics.publishStoredMetrics();
}

export type { MetricName, MetricValues };
export { applyLogLevel, metricUnits, publishTableMetrics, writeLog };
