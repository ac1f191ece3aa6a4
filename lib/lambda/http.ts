import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { HttpRequest, HttpServe } from '../http.ts';
import { envFromContext, type HandlerOptions, withMiddleware } from './middleware.ts';

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
 * and writes the request's log line itself (see lib/kpi/http.ts).
 */
function httpHandler(serve: HttpServe, options: HandlerOptions = {}) {
  return withMiddleware(
    async (event: APIGatewayProxyEventV2, context: Context, { signal }): Promise<APIGatewayProxyStructuredResultV2> =>
      serve(requestFromEvent(event, context), envFromContext(context), signal),
    options,
  );
}

export { httpHandler };
