// Answers one ClickHouse HTTP-interface request (already read and decompressed) from chDB: routing, auth,
// query ids, sessions, then the statement; builds the status, headers and body the real server would send.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { authenticate } from './auth.ts';
import type { ChdbEngine } from './chdbEngine.ts';
import type { SessionLease, SessionPool } from './chdbSessions.ts';
import { planStatement, runStatement, type Statement, summarize } from './chdbStatement.ts';
import { ClickHouseServerError, httpStatusOf, renderException, toServerError } from './errors.ts';
import { contentTypeOf, readOutputFormat } from './formats.ts';
import { buildPrelude, type Credentials, parseRequestParams, type RequestParams } from './httpParams.ts';
import { parseMultipartForm, readBoundary } from './multipartForm.ts';
import { readOnlySettings, refuseWritingGet } from './readOnlyGet.ts';
import { checkLocalRequest } from './requestGuard.ts';

interface ClickHouseRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  /** Reads (and decodes) the body; called at most once, only for requests that run a query. */
  readBody(): Promise<Buffer>;
}

interface ClickHouseResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
  queryId?: string;
  /** enable_http_compression was asked for; the server layer picks the codec from Accept-Encoding. */
  compress: boolean;
  compressionLevel?: number;
  error?: ClickHouseServerError;
}

interface RequestContext {
  engine: ChdbEngine;
  sessions: SessionPool;
  /** query_ids currently running, for QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING. */
  running: Set<string>;
  credentials: Credentials;
  displayName: string;
  /** The port the endpoint listens on: the only one a request's Host may name. */
  port: number;
}

const healthPaths = new Set(['/ping', '/replicas_status']);
const textPlain = 'text/plain; charset=UTF-8';

function readHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

async function readParams(request: ClickHouseRequest): Promise<{ params: RequestParams; body: Buffer }> {
  const entries: Array<[string, string]> = [...request.url.searchParams];
  const body = request.method === 'POST' ? await request.readBody() : Buffer.alloc(0);
  const boundary = request.method === 'POST' ? readBoundary(request.headers['content-type']) : undefined;
  if (boundary === undefined) return { params: parseRequestParams(entries), body };
  const fields = parseMultipartForm(body, boundary);
  return { params: parseRequestParams([...entries, ...fields]), body: Buffer.alloc(0) };
}

function claimQueryId(context: RequestContext, queryId: string): void {
  if (context.running.has(queryId)) {
    const message = `Query with id = ${queryId} is already running`;
    throw new ClickHouseServerError(216, 'QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING', message);
  }
  context.running.add(queryId);
}

interface Plan {
  params: RequestParams;
  statement: Statement;
  /** Format named by the SQL (or the fallback), for the response headers. */
  format: string;
  /** default_format / X-ClickHouse-Format / TabSeparated: output format when the SQL names none. */
  fallback: string;
  prelude: string;
}

async function planRequest(context: RequestContext, request: ClickHouseRequest): Promise<Plan> {
  const { params, body } = await readParams(request);
  authenticate(request.headers, params.credentials, context.credentials);
  const statement = planStatement(params.query, body);
  const fallback = params.defaultFormat ?? readHeader(request.headers, 'x-clickhouse-format') ?? 'TabSeparated';
  const format = (statement.kind === 'query' ? readOutputFormat(statement.sql) : undefined) ?? fallback;
  const database = params.database ?? readHeader(request.headers, 'x-clickhouse-database');
  // GET (and HEAD) is read-only, as on the server: readonly=2 unless the request raises it to 1.
  const readOnly = request.method !== 'POST';
  if (readOnly) refuseWritingGet(params.query ?? '');
  const settings = readOnly ? readOnlySettings(params) : params.settings;
  return { params, statement, format, fallback, prelude: buildPrelude({ database, settings, params: params.params }) };
}

async function execute(
  context: RequestContext,
  request: ClickHouseRequest,
  queryId: string,
): Promise<ClickHouseResponse> {
  const startedAt = process.hrtime.bigint();
  const { params, statement, format, fallback, prelude } = await planRequest(context, request);
  claimQueryId(context, queryId);
  let lease: SessionLease | undefined;
  try {
    lease = context.sessions.acquire(params.session);
    const outcome = await runStatement(context.engine, lease.session, prelude, statement, fallback);
    const headers = {
      'Content-Type': contentTypeOf(format),
      'X-ClickHouse-Format': format,
      'X-ClickHouse-Summary': summarize(outcome, process.hrtime.bigint() - startedAt),
    };
    const { compressResponse: compress, compressionLevel } = params;
    return { status: 200, headers, body: outcome.body, compress, compressionLevel };
  } finally {
    context.running.delete(queryId);
    lease?.release();
  }
}

function failure(context: RequestContext, error: unknown, compress: boolean): ClickHouseResponse {
  const serverError = toServerError(error, context.engine.errorNames);
  return {
    status: httpStatusOf(serverError.type),
    headers: { 'Content-Type': textPlain, 'X-ClickHouse-Exception-Code': String(serverError.code) },
    body: renderException(serverError, context.engine.version),
    compress,
    error: serverError,
  };
}

function plain(status: number, body: string, headers: Record<string, string> = {}): ClickHouseResponse {
  return { status, headers: { 'Content-Type': textPlain, ...headers }, body, compress: false };
}

/** Health checks, unknown paths and methods; undefined for a query request. */
function route(request: ClickHouseRequest): ClickHouseResponse | undefined {
  const path = request.url.pathname;
  const noQuery = request.method !== 'POST' && !request.url.searchParams.has('query');
  if (!['GET', 'HEAD', 'POST'].includes(request.method)) return plain(405, '', { Allow: 'GET, HEAD, POST' });
  if (healthPaths.has(path) || (path === '/' && noQuery)) return plain(200, 'Ok.\n');
  if (path !== '/') return plain(404, `There is no handle ${path}\n`);
  return undefined;
}

/**
 * Answers one request; never rejects (every failure becomes a ClickHouse exception response). A request a web
 * page could have sent (Origin header, a Host other than loopback) is refused first, health checks included.
 */
async function handleClickHouseRequest(
  context: RequestContext,
  request: ClickHouseRequest,
): Promise<ClickHouseResponse> {
  try {
    checkLocalRequest(request.headers, context.port);
  } catch (error) {
    return failure(context, error, false);
  }
  const routed = route(request);
  if (routed) return routed;
  const queryId = request.url.searchParams.get('query_id') || randomUUID();
  const common = {
    'X-ClickHouse-Server-Display-Name': context.displayName,
    'X-ClickHouse-Query-Id': queryId,
    'X-ClickHouse-Timezone': context.engine.timezone,
  };
  const compress = request.url.searchParams.get('enable_http_compression') === '1';
  const response = await execute(context, request, queryId).catch((error: unknown) =>
    failure(context, error, compress),
  );
  return { ...response, queryId, headers: { ...common, ...response.headers } };
}

export type { ClickHouseRequest, ClickHouseResponse, RequestContext };
export { handleClickHouseRequest };
