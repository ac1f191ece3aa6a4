import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { clickhouseFor } from '../clickhouseCache.ts';
import type { HttpAnswer, HttpRequest, HttpServe } from '../http.ts';
import { type KpiDeps, kpiFailure } from '../kpi/http.ts';
import { elapsedMs } from '../timing.ts';
import { readKpiConfig } from './kpiConfig.ts';
import { envFromContext, type HandlerOptions, withMiddleware } from './middleware.ts';
import { writeLog } from './powertools.ts';

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

/** Serves `request` with the invocation's configuration; a configuration that cannot be read answers 500. */
async function answer(
  serve: HttpServe<KpiDeps>,
  request: HttpRequest,
  context: Context,
  signal: AbortSignal,
): Promise<HttpAnswer> {
  const startedAt = performance.now();
  let deps: KpiDeps;
  try {
    const config = readKpiConfig(envFromContext(context));
    deps = { apiKeys: config.apiKeys, clickhouse: clickhouseFor(config) };
  } catch (error) {
    const fields = { method: request.method, path: request.path.slice(0, 200) };
    return kpiFailure(request, error, { ...fields, duration_ms: elapsedMs(startedAt) });
  }
  return serve(request, deps, signal);
}

/**
 * The Lambda handler of the KPI HTTP API function: reads the kpi function's own configuration (lib/lambda/kpiConfig.ts:
 * the API key and a read-only ClickHouse address, SSM over the environment), hands `serve` the request as plain data
 * with the typed deps and middy's abort signal, and writes the one log line `serve` returns. `serve` turns every
 * failure into a response (see lib/kpi/http.ts).
 */
function httpHandler(serve: HttpServe<KpiDeps>, options: HandlerOptions = {}) {
  return withMiddleware(
    async (event: APIGatewayProxyEventV2, context: Context, { signal }): Promise<APIGatewayProxyStructuredResultV2> => {
      const { response, log } = await answer(serve, requestFromEvent(event, context), context, signal);
      writeLog(context, log);
      return response;
    },
    options,
  );
}

export { httpHandler };
