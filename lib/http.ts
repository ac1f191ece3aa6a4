// Plain HTTP request/response data, so that lib modules serving HTTP never see Lambda event types
// (lib/lambda/http.ts converts API Gateway v2 events to and from these and writes the request's log line).
import type { LogRecord } from './log.ts';

/** One HTTP request: header names in lower case; each query parameter once (repeats joined by commas). */
interface HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The invocation's id (Lambda awsRequestId), for log lines. */
  readonly requestId: string;
}

/** One HTTP response, shaped like API Gateway v2's structured result. */
interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** A response plus the one log line of its request. */
interface HttpAnswer {
  readonly response: HttpResponse;
  readonly log: LogRecord;
}

/** Serves one request with `deps` (typed configuration and clients, built by lib/lambda/); never rejects. */
type HttpServe<D> = (request: HttpRequest, deps: D, signal: AbortSignal) => Promise<HttpAnswer>;

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

/** A JSON response whose body is `text`, already serialised. */
function jsonTextResponse(statusCode: number, text: string, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode, headers: { ...jsonHeaders, ...headers }, body: text };
}

/** A JSON response with `body` serialised as is. */
function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode, headers: { ...jsonHeaders, ...headers }, body: JSON.stringify(body) };
}

/** The error body every failure uses: `{ "error": { "status", "message", "parameter"? } }`. */
function errorResponse(
  statusCode: number,
  message: string,
  parameter?: string,
  headers: Record<string, string> = {},
): HttpResponse {
  const error = parameter === undefined ? { status: statusCode, message } : { status: statusCode, parameter, message };
  return jsonResponse(statusCode, { error }, headers);
}

export type { HttpAnswer, HttpRequest, HttpResponse, HttpServe };
export { errorResponse, jsonResponse, jsonTextResponse };
