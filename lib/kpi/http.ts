import type { ClickHouseClient } from '@clickhouse/client';
import { dashboardPage } from '../dashboard/page.ts';
import { UsageError } from '../errors.ts';
import {
  errorResponse,
  type HttpAnswer,
  type HttpRequest,
  type HttpResponse,
  jsonResponse,
  jsonTextResponse,
} from '../http.ts';
import { describeError, type Fields } from '../log.ts';
import { elapsedMs } from '../timing.ts';
import { isAuthorised } from './auth.ts';
import { type CompleteThrough, readCompleteThrough } from './freshness.ts';
import { openApiDocument } from './openapi.ts';
import { encodePageToken } from './pageToken.ts';
import { type KpiQuery, parseKpiQuery } from './params.ts';
import { queryKpi } from './query.ts';
import { rowsToCsv, rowsToJson } from './render.ts';
import { findKpiRoute, type KpiRoute } from './routes.ts';
import { checkZoneKnown } from './zones.ts';

/** A response plus what the request's log line should add to it. */
interface Outcome {
  readonly response: HttpResponse;
  readonly log: Fields;
}

/** What the KPI function needs, built by lib/lambda/ from its own configuration (lib/lambda/kpiConfig.ts). */
interface KpiDeps {
  /** The keys x-api-key may carry (more than one during a rotation); never empty. */
  readonly apiKeys: readonly string[];
  /** A client for a ClickHouse user that may only read the KPI views and what they read (see README). */
  readonly clickhouse: ClickHouseClient;
}

interface KpiApiOptions {
  /** The clock: generated_at, presets and pacing use it. */
  readonly now?: () => Date;
}

const defaults = { now: () => new Date() };

/** Routes served without an API key: they hold no data. */
const publicRoutes: Readonly<Record<string, () => HttpResponse>> = {
  '/dashboard': () => ({
    statusCode: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'content-security-policy': dashboardPage.contentSecurityPolicy,
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    },
    body: dashboardPage.html,
  }),
  '/kpi/openapi.json': () => jsonResponse(200, openApiDocument(), { 'cache-control': 'no-cache' }),
};

function freshnessHeader(completeThrough: CompleteThrough): string {
  return Object.entries(completeThrough)
    .map(([table, instant]) => `${table}=${instant ?? 'null'}`)
    .join(', ');
}

/** The 200 response of one page: JSON `{ data, meta }`, or CSV with meta's facts as headers. */
function pageResponse(
  route: KpiRoute,
  query: KpiQuery,
  page: { rows: Record<string, unknown>[]; hasMore: boolean },
  facts: { generatedAt: Date; completeThrough: CompleteThrough },
): HttpResponse {
  const next = page.hasMore ? encodePageToken(route.name, query.filters, query.offset + page.rows.length) : null;
  const generatedAt = facts.generatedAt.toISOString();
  if (query.format === 'csv') {
    const headers: Record<string, string> = {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="${route.name}.csv"`,
      'cache-control': 'no-store',
      'x-generated-at': generatedAt,
      'x-complete-through': freshnessHeader(facts.completeThrough),
      'x-tz-exact': String(query.tzExact),
      'x-has-more': String(page.hasMore),
    };
    if (next !== null) headers['x-next-page-token'] = next;
    return { statusCode: 200, headers, body: rowsToCsv(page.rows, route.columns) };
  }
  const meta = {
    kpi: route.name,
    filters: query.filters,
    limit: query.limit,
    rows: page.rows.length,
    has_more: page.hasMore,
    next_page_token: next,
    generated_at: generatedAt,
    complete_through: facts.completeThrough,
    tz_exact: query.tzExact,
  };
  return jsonTextResponse(200, `{"data":${rowsToJson(page.rows, route.columns)},"meta":${JSON.stringify(meta)}}`);
}

async function answer(request: HttpRequest, deps: KpiDeps, signal: AbortSignal, now: () => Date): Promise<Outcome> {
  const publicRoute = publicRoutes[request.path];
  if (publicRoute !== undefined) {
    if (request.method !== 'GET') {
      return { response: errorResponse(405, 'only GET is supported', undefined, { allow: 'GET' }), log: {} };
    }
    return { response: publicRoute(), log: {} };
  }
  if (!isAuthorised(request.headers['x-api-key'], deps.apiKeys)) {
    return { response: errorResponse(401, 'missing or wrong x-api-key header'), log: {} };
  }
  if (request.method !== 'GET') {
    return { response: errorResponse(405, 'only GET is supported', undefined, { allow: 'GET' }), log: {} };
  }
  const route = findKpiRoute(request.path);
  if (!route)
    return { response: errorResponse(404, 'no such KPI; see the README, section KPIs, for the routes'), log: {} };
  const generatedAt = now();
  const query = parseKpiQuery(route, request.query, generatedAt);
  const { clickhouse } = deps;
  await checkZoneKnown(clickhouse, query, signal);
  const [page, completeThrough] = await Promise.all([
    queryKpi(clickhouse, route, query, signal, { asOf: generatedAt }),
    readCompleteThrough(clickhouse, signal),
  ]);
  const response = pageResponse(route, query, page, { generatedAt, completeThrough });
  return { response, log: { kpi: route.name, rows: page.rows.length, format: query.format } };
}

/**
 * The KPI function: `GET /kpi/<name>` (API key in x-api-key → route → checked query string → lib/kpi/query.ts →
 * JSON or CSV), plus the key-less `GET /dashboard` and `GET /kpi/openapi.json`.
 * 401 / 404 / 405 / 400 (naming the parameter) for bad requests; any other failure is a 500 with a generic
 * body, its details only in the log. Returns the response and exactly one log line per request. Never rejects.
 */
function kpiApi(options: KpiApiOptions = {}) {
  const { now } = { ...defaults, ...options };
  return async (request: HttpRequest, deps: KpiDeps, signal: AbortSignal): Promise<HttpAnswer> => {
    const startedAt = performance.now();
    const fields = { method: request.method, path: request.path.slice(0, 200) };
    try {
      const { response, log } = await answer(request, deps, signal, now);
      const level = response.statusCode >= 500 ? 'ERROR' : 'INFO';
      const extra = { ...log, status: response.statusCode, duration_ms: elapsedMs(startedAt) };
      return { response, log: { level, message: 'kpi request', fields: { ...fields, ...extra } } };
    } catch (error) {
      if (error instanceof UsageError) {
        const extra = { status: 400, parameter: error.parameter, duration_ms: elapsedMs(startedAt) };
        const response = errorResponse(400, error.message, error.parameter);
        return { response, log: { level: 'INFO', message: 'kpi request', fields: { ...fields, ...extra } } };
      }
      return kpiFailure(request, error, { ...fields, duration_ms: elapsedMs(startedAt) });
    }
  };
}

/** The 500 answer to a request that failed: a generic body naming the request id, the details only in the log. */
function kpiFailure(request: HttpRequest, error: unknown, fields: Fields): HttpAnswer {
  const response = errorResponse(500, `internal error; quote request id ${request.requestId} when reporting it`);
  const log = { ...fields, status: 500, error: describeError(error) };
  return { response, log: { level: 'ERROR', message: 'kpi request failed', fields: log } };
}

/** The KPI function with the real clock. */
const getKpis = kpiApi();

export type { KpiApiOptions, KpiDeps };
export { getKpis, kpiApi, kpiFailure };
