import middy from '@middy/core';
import ssm from '@middy/ssm';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { type Config, type Env, loadDotEnv, readConfig } from './config.ts';
import type { HttpRequest, HttpServe } from './http.ts';
import { describeError, logLine } from './log.ts';
import { type MigrateResult, migrateClickhouseDatabase } from './migrate.ts';
import { clickhouseFor } from './runtime.ts';
import { runSync, type SyncOutcome } from './sync.ts';
import { logSyncFailure, logSyncOutcome } from './syncLog.ts';
import { type TableKey, tableKeys, tables } from './tables.ts';
import { elapsedMs } from './timing.ts';
import { type VerifyReport, verifyTables } from './verify.ts';
import { logVerifyFailure, logVerifyReport } from './verifyReport.ts';

/** Environment variables that name SSM parameters, and the configuration key each one fills. */
const ssmParameters = {
  PG_URL: 'SSM_PG_URL',
  PG_URL_FOR_CLICKHOUSE: 'SSM_PG_URL_FOR_CLICKHOUSE',
  CLICKHOUSE_URL: 'SSM_CLICKHOUSE_URL',
  KPI_API_KEY: 'SSM_KPI_API_KEY',
} as const;

const defaults = {
  /** How long fetched SSM values are reused before being fetched again (lets a rotated secret take effect). */
  ssmCacheExpiryMs: 5 * 60_000,
  /** Fetch SSM values during the cold start, before the first event arrives. */
  ssmPrefetch: true,
};

let coldStart = true;

/** SSM parameter names configured in the environment, keyed by the configuration key they fill. */
function ssmFetchData(env: NodeJS.ProcessEnv): Record<string, string> {
  // `serverless invoke local` and serverless-offline set these: locally, configuration comes from .env.
  if (env.IS_LOCAL === 'true' || env.IS_OFFLINE === 'true') return {};
  const entries = Object.entries(ssmParameters).flatMap(([key, nameVariable]) => {
    const name = env[nameVariable];
    return name ? [[key, name] as const] : [];
  });
  return Object.fromEntries(entries);
}

/** Unparsed configuration values of one invocation: SSM values (set on the context by @middy/ssm) over the environment. */
function envFromContext(context: Context): Env {
  const fromSsm: Record<string, string | undefined> = {};
  for (const key of Object.keys(ssmParameters)) {
    const value = (context as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string') fromSsm[key] = value;
  }
  return { ...process.env, ...fromSsm };
}

/** Configuration for one invocation: SSM values (set on the context by @middy/ssm) over the environment. */
function configFromContext(context: Context): Config {
  return readConfig(envFromContext(context));
}

/** Wraps a handler with the shared middleware: SSM parameters (only when named in the environment). */
function withMiddleware<E, R>(
  handler: (event: E, context: Context, options: { signal: AbortSignal }) => Promise<R>,
  options: Partial<typeof defaults> = {},
) {
  const { ssmCacheExpiryMs, ssmPrefetch } = { ...defaults, ...options };
  loadDotEnv();
  const fetchData = ssmFetchData(process.env);
  const wrapped = middy<E, R, Error, Context>(handler, { timeoutEarlyInMillis: 1_000 });
  if (Object.keys(fetchData).length > 0) {
    wrapped.use(ssm({ fetchData, setToContext: true, cacheExpiry: ssmCacheExpiryMs, disablePrefetch: !ssmPrefetch }));
  }
  return wrapped;
}

/**
 * The Lambda handler of one sync table: runs lib/sync.ts, writes exactly one INFO or ERROR line, and
 * rethrows failures so the platform retries and alarms fire.
 */
function syncHandler(key: TableKey, options: Partial<typeof defaults> = {}) {
  return withMiddleware(async (_event: unknown, context: Context, { signal }): Promise<SyncOutcome> => {
    const startedAt = performance.now();
    const fields = { function_request_id: context.awsRequestId, cold_start: coldStart };
    coldStart = false;
    try {
      const config = configFromContext(context);
      const outcome = await runSync(tables[key], {
        clickhouse: clickhouseFor(config),
        database: config.clickhouseDatabase,
        pgUrl: config.pgUrl,
        maxRows: config.maxRows,
        maxRereadIds: config.maxRereadIds,
        runId: context.awsRequestId,
        signal,
      });
      logSyncOutcome(outcome, fields);
      return outcome;
    } catch (error) {
      logSyncFailure(key, error, elapsedMs(startedAt), fields);
      throw error;
    }
  }, options);
}

/**
 * The Lambda handler of the hourly verify function: compares every table (lib/verify.ts), writes exactly one
 * line carrying the drift_rows metric, and returns the report. Drift is not a failure (the metric alarms);
 * a failed comparison logs one ERROR line and rethrows.
 */
function verifyHandler(options: Partial<typeof defaults> = {}) {
  return withMiddleware(async (_event: unknown, context: Context, { signal }): Promise<VerifyReport> => {
    const startedAt = performance.now();
    const fields = { function_request_id: context.awsRequestId };
    try {
      const config = configFromContext(context);
      const report = await verifyTables(tableKeys, { clickhouse: clickhouseFor(config), pgUrl: config.pgUrl, signal });
      logVerifyReport(report, { ...fields, duration_ms: elapsedMs(startedAt) });
      return report;
    } catch (error) {
      logVerifyFailure(error, { ...fields, duration_ms: elapsedMs(startedAt) });
      throw error;
    }
  }, options);
}

/** The Lambda handler that brings the ClickHouse database to the current schema (run once after deploy). */
function migrateHandler(options: Partial<typeof defaults> = {}) {
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

/** An API Gateway v2 (HTTP API) event as plain request data: lower-case header names, decoded query values. */
function requestFromEvent(event: APIGatewayProxyEventV2, context: Context): HttpRequest {
  const headers = Object.fromEntries(
    Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const method = event.requestContext?.http?.method ?? 'GET';
  return {
    method,
    path: event.rawPath ?? '/',
    query: event.queryStringParameters ?? {},
    headers,
    requestId: context.awsRequestId,
  };
}

/**
 * The Lambda handler of an HTTP API function: hands `serve` the request as plain data, the configuration
 * values (SSM over the environment) and middy's abort signal. `serve` turns every failure into a response
 * and writes the request's log line itself (see lib/kpiHttp.ts).
 */
function httpHandler(serve: HttpServe, options: Partial<typeof defaults> = {}) {
  return withMiddleware(
    async (event: APIGatewayProxyEventV2, context: Context, { signal }): Promise<APIGatewayProxyStructuredResultV2> =>
      serve(requestFromEvent(event, context), envFromContext(context), signal),
    options,
  );
}

export { configFromContext, httpHandler, migrateHandler, ssmFetchData, syncHandler, verifyHandler, withMiddleware };
