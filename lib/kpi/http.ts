import { type Env, readConfig } from '../config.ts';
import { ConfigError, UsageError } from '../errors.ts';
import { errorResponse, type HttpRequest, type HttpResponse, jsonResponse } from '../http.ts';
import { clickhouseFor } from '../lambda/runtime.ts';
import { describeError, type Fields, logLine } from '../log.ts';
import { elapsedMs } from '../timing.ts';
import { acceptedKeys, isAuthorised } from './auth.ts';
import { type KpiQuery, parseKpiQuery } from './params.ts';
import { queryKpi } from './query.ts';
import { findKpiRoute, type KpiRoute } from './routes.ts';

/** A response plus what the request's log line should add to it. */
interface Outcome {
  readonly response: HttpResponse;
  readonly log: Fields;
}

/** The filters a route accepts, with the values this request gave them (null when not given). */
function filtersOf(route: KpiRoute, query: KpiQuery): Record<string, number | string | null> {
  const values = {
    advertiser_id: query.advertiserId,
    campaign_id: query.campaignId,
    from: query.from,
    to: query.to,
    date: query.from,
  };
  const names = route.parameters.filter((name) => name !== 'limit') as (keyof typeof values)[];
  return Object.fromEntries(names.map((name) => [name, values[name]]));
}

async function answer(request: HttpRequest, env: Env, signal: AbortSignal): Promise<Outcome> {
  const configuredKey = env.KPI_API_KEY ?? '';
  if (acceptedKeys(configuredKey).length === 0) {
    throw new ConfigError('KPI_API_KEY is not set: no request can be authenticated', ['KPI_API_KEY']);
  }
  if (!isAuthorised(request.headers['x-api-key'], configuredKey)) {
    return { response: errorResponse(401, 'missing or wrong x-api-key header'), log: {} };
  }
  if (request.method !== 'GET') {
    return { response: errorResponse(405, 'only GET is supported', undefined, { allow: 'GET' }), log: {} };
  }
  const route = findKpiRoute(request.path);
  if (!route)
    return { response: errorResponse(404, 'no such KPI; see the README, section KPIs, for the routes'), log: {} };
  const query = parseKpiQuery(route, request.query);
  const page = await queryKpi(clickhouseFor(readConfig(env)), route, query, signal);
  const meta = {
    kpi: route.name,
    filters: filtersOf(route, query),
    limit: query.limit,
    rows: page.rows.length,
    has_more: page.hasMore,
  };
  return { response: jsonResponse(200, { data: page.rows, meta }), log: { kpi: route.name, rows: page.rows.length } };
}

/**
 * Serves `GET /kpi/<name>`: API key (x-api-key) → route → checked query string → lib/kpi/query.ts → JSON.
 * 401 / 404 / 405 / 400 (naming the parameter) for bad requests; any other failure is a 500 with a generic
 * body, its details only in the log. Writes exactly one JSON log line per request. Never rejects.
 */
async function getKpis(request: HttpRequest, env: Env, signal: AbortSignal): Promise<HttpResponse> {
  const startedAt = performance.now();
  const fields = { method: request.method, path: request.path.slice(0, 200), function_request_id: request.requestId };
  try {
    const { response, log } = await answer(request, env, signal);
    const level = response.statusCode >= 500 ? 'ERROR' : 'INFO';
    logLine(level, 'kpi request', {
      ...fields,
      ...log,
      status: response.statusCode,
      duration_ms: elapsedMs(startedAt),
    });
    return response;
  } catch (error) {
    if (error instanceof UsageError) {
      const extra = { status: 400, parameter: error.parameter, duration_ms: elapsedMs(startedAt) };
      logLine('INFO', 'kpi request', { ...fields, ...extra });
      return errorResponse(400, error.message, error.parameter);
    }
    const extra = { status: 500, error: describeError(error), duration_ms: elapsedMs(startedAt) };
    logLine('ERROR', 'kpi request failed', { ...fields, ...extra });
    return errorResponse(500, `internal error; quote request id ${request.requestId} when reporting it`);
  }
}

export { getKpis };
