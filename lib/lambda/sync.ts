import type { ClickHouseClient } from '@clickhouse/client';
import type { Context } from 'aws-lambda';
import { clickhouseFor } from '../clickhouseCache.ts';
import { clickhouseUnreachable, failureOf, recordFailure } from '../status/failures.ts';
import { readTableStatuses } from '../status/status.ts';
import { lambdaBudget } from '../sync/budget.ts';
import { syncDepsFrom } from '../sync/deps.ts';
import { createSessionCache } from '../sync/sessions.ts';
import { runSync, type SyncOutcome } from '../sync.ts';
import { findTable, type TableSpec } from '../tables/registry.ts';
import { elapsedMs } from '../timing.ts';
import { configFromContext, type HandlerOptions, withMiddleware } from './middleware.ts';
import { publishTableMetrics, writeLog } from './powertools.ts';
import { syncFailureRecord, syncOutcomeRecord } from './syncLog.ts';
import { failureMetricValues, syncMetricValues } from './syncMetrics.ts';

/** PostgreSQL coordination sessions kept between this warm instance's runs (lib/sync/sessions.ts). */
const sourceSessions = createSessionCache();

const defaults = {
  /** Bound on each best-effort ClickHouse call after a failure (record it, read the table's freshness). */
  afterFailureTimeoutMs: 2_000,
};

/**
 * After a failed run, best-effort and bounded: appends the failure to sync_failures and reads how stale the table
 * now is, unless the run found ClickHouse unreachable. Never rejects.
 * @returns the table's freshness lag in seconds, or null when unknown.
 */
async function noteFailure(
  clickhouse: ClickHouseClient,
  spec: TableSpec,
  error: unknown,
  run: { runId: string; durationMs: number },
): Promise<number | null> {
  const failure = failureOf(spec.key, error, run.runId, run.durationMs);
  if (clickhouseUnreachable(failure)) return null;
  const timeoutMs = defaults.afterFailureTimeoutMs;
  await recordFailure(clickhouse, failure, { timeoutMs });
  try {
    const [status] = await readTableStatuses(clickhouse, [spec], { signal: AbortSignal.timeout(timeoutMs) });
    return status?.freshnessLagS ?? null;
  } catch {
    return null;
  }
}

/**
 * The Lambda handler of one registry table's sync: runs lib/sync.ts (incremental tables: windows while the source has
 * more and the invocation's remaining time, less a safety margin, allows), publishes the run's metrics (EMF,
 * dimension table), writes exactly one line (INFO, WARN when rows were quarantined or columns differ, ERROR on
 * failure), and rethrows failures so the platform retries and alarms fire. A failed run is also appended to
 * sync_failures and still publishes what it knows (duration, freshness lag).
 * @throws ConfigError at cold start when `key` is not in the registry.
 */
function syncHandler(key: string, options: HandlerOptions = {}) {
  const spec = findTable(key);
  return withMiddleware(async (_event: unknown, context: Context, { signal }): Promise<SyncOutcome> => {
    const startedAt = performance.now();
    let clickhouse: ClickHouseClient | undefined;
    try {
      const config = configFromContext(context);
      clickhouse = clickhouseFor(config);
      const budget = lambdaBudget(() => context.getRemainingTimeInMillis());
      const deps = syncDepsFrom(config, clickhouse, context.awsRequestId, signal, budget, sourceSessions);
      const outcome = await runSync(spec, deps);
      publishTableMetrics(key, syncMetricValues(outcome, Date.now()));
      writeLog(context, syncOutcomeRecord(outcome));
      return outcome;
    } catch (error) {
      const durationMs = elapsedMs(startedAt);
      const run = { runId: context.awsRequestId, durationMs };
      const lag = clickhouse ? await noteFailure(clickhouse, spec, error, run) : null;
      publishTableMetrics(key, failureMetricValues(durationMs, lag));
      writeLog(context, syncFailureRecord(key, error, durationMs));
      throw error;
    }
  }, options);
}

export { syncHandler };
