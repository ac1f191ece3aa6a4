// Serves the KPI function over plain HTTP without serverless-offline (`npm start`): each request becomes an
// API Gateway v2 (HTTP API) event for the same handler composition as handlers/kpi.ts.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { getKpis } from '../kpi/http.ts';
import { httpHandler } from '../lambda/http.ts';

interface KpiServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly host?: string;
}

interface KpiServer {
  /** e.g. http://127.0.0.1:3000 */
  readonly url: string;
  close(): Promise<void>;
}

const defaults = { host: '127.0.0.1', timeoutMs: 30_000 };

/** Joins repeated names with commas, as API Gateway v2 does for headers and query parameters. */
function joinRepeated(pairs: Iterable<[string, string]>): Record<string, string> {
  const joined = new Map<string, string>();
  for (const [name, value] of pairs) joined.set(name, joined.has(name) ? `${joined.get(name)},${value}` : value);
  return Object.fromEntries(joined);
}

/** The API Gateway v2 event for one request (bodies are ignored: every KPI route is a GET). */
function eventFromRequest(request: IncomingMessage, requestId: string): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headerPairs = Object.entries(request.headers).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value ?? '']).map((item): [string, string] => [name.toLowerCase(), item]),
  );
  const query = joinRepeated(url.searchParams);
  const method = request.method ?? 'GET';
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers: joinRepeated(headerPairs),
    queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: request.headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '',
        userAgent: request.headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
    },
  };
}

function contextFor(requestId: string): Context {
  const deadline = Date.now() + defaults.timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'pg2ch-kpi-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:pg2ch-kpi-local',
    memoryLimitInMB: '256',
    awsRequestId: requestId,
    logGroupName: 'local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/**
 * Starts an HTTP server answering every request with the KPI handler (GET /kpi/<name>, x-api-key).
 * Configuration comes from the environment / .env as for `serverless invoke local`.
 * @throws the listen error (e.g. EADDRINUSE).
 */
async function startKpiServer(options: KpiServerOptions): Promise<KpiServer> {
  const { port, host } = { ...defaults, ...options };
  const handler = httpHandler(getKpis);
  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const requestId = randomUUID();
    request.resume(); // bodies are not used; drain them
    const result = (await handler(eventFromRequest(request, requestId), contextFor(requestId)).catch(() => ({
      statusCode: 500,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ error: { status: 500, message: 'internal error' } }),
    }))) as APIGatewayProxyStructuredResultV2;
    response.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
    response.end(result.body ?? '');
  };
  const server = createServer((request, response) => void serve(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

export type { KpiServer, KpiServerOptions };
export { startKpiServer };
