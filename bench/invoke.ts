// Invokes the real Lambda handlers (handlers/*.ts) in this process, as the Lambda runtime would.
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { SyncOutcome, SyncResult } from '../lib/sync.ts';

type SyncLambda = (event: unknown, context: Context) => Promise<SyncOutcome>;
type HttpLambda = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

interface Handlers {
  readonly sync: Readonly<Record<string, SyncLambda>>;
  readonly kpi: HttpLambda;
}

const defaults = {
  /** The sync functions' Lambda timeout (serverless.yml). */
  syncTimeoutMs: 300_000,
  kpiTimeoutMs: 29_000,
};

/**
 * Imports the handler modules. Call after the environment is set: each module reads `.env` from the working
 * directory at import time (the bench runs in its own temp directory, which has none).
 */
async function loadHandlers(): Promise<Handlers> {
  const modules = await Promise.all([
    import('../handlers/syncAdvertiser.ts'),
    import('../handlers/syncCampaign.ts'),
    import('../handlers/syncClicks.ts'),
    import('../handlers/syncImpressions.ts'),
    import('../handlers/kpi.ts'),
  ]);
  const [advertiser, campaign, clicks, impressions, kpi] = modules.map((module) => module.handler as unknown);
  return {
    sync: { advertiser, campaign, clicks, impressions } as Record<string, SyncLambda>,
    kpi: kpi as HttpLambda,
  };
}

/** A Lambda context with a fresh request id and a deadline `timeoutMs` from now. */
function lambdaContext(timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'pg2ch-bench',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:pg2ch-bench',
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/pg2ch-bench',
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/**
 * One scheduled invocation of a sync function against ClickHouse database `database` (on the ClickHouse at `url`
 * when given: it stays the handlers' ClickHouse until changed again).
 * @throws the handler's error, or when the run was skipped (another run held the table's lock).
 */
async function invokeSync(handlers: Handlers, key: string, database: string, url?: string): Promise<SyncResult> {
  process.env.CLICKHOUSE_DATABASE = database;
  if (url !== undefined) process.env.CLICKHOUSE_URL = url;
  const handler = handlers.sync[key];
  if (!handler) throw new Error(`no sync handler for ${key}`);
  const outcome = await handler({}, lambdaContext(defaults.syncTimeoutMs));
  if ('skipped' in outcome) throw new Error(`sync of ${key} was skipped: ${outcome.skipped}`);
  return outcome;
}

/** Invokes a sync function until a run reports no more rows (MAX_ROWS caps a run). */
async function syncUntilDone(
  handlers: Handlers,
  key: string,
  database: string,
  url?: string,
): Promise<{ runs: number; rowsInserted: number; results: SyncResult[] }> {
  const results: SyncResult[] = [];
  do results.push(await invokeSync(handlers, key, database, url));
  while (results[results.length - 1]?.hasMore);
  const rowsInserted = results.reduce((sum, result) => sum + result.rowsInserted, 0);
  return { runs: results.length, rowsInserted, results };
}

/** An API Gateway HTTP API (v2) event for `GET path?query` carrying `apiKey` in x-api-key. */
function kpiEvent(path: string, query: Record<string, string>, apiKey: string): APIGatewayProxyEventV2 {
  const rawQueryString = new URLSearchParams(query).toString();
  const requestId = randomUUID();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString,
    headers: { 'x-api-key': apiKey, host: 'bench.local', 'user-agent': 'pg2ch-bench' },
    queryStringParameters: Object.keys(query).length > 0 ? { ...query } : undefined,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'bench',
      domainName: 'bench.local',
      domainPrefix: 'bench',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'pg2ch-bench' },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
}

/** One invocation of the KPI function against `database`; returns the parsed response. */
async function invokeKpi(
  handlers: Handlers,
  database: string,
  event: APIGatewayProxyEventV2,
): Promise<{ statusCode: number; body: string }> {
  process.env.CLICKHOUSE_DATABASE = database;
  const response = await handlers.kpi(event, lambdaContext(defaults.kpiTimeoutMs));
  return { statusCode: response.statusCode ?? 0, body: typeof response.body === 'string' ? response.body : '' };
}

export type { Handlers };
export { invokeKpi, invokeSync, kpiEvent, loadHandlers, syncUntilDone };
