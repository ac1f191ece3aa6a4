// A local ClickHouse HTTP endpoint backed by chDB: @clickhouse/client and curl talk to it as to a server.
// Each request runs on its own chDB Session, so requests run in parallel and settings never leak.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { checkEndpointPassword } from './auth.ts';
import { type ChdbEngine, openChdbEngine } from './chdbEngine.ts';
import { type ClickHouseResponse, handleClickHouseRequest, type RequestContext } from './chdbRequest.ts';
import { createSessionPool, type SessionPool } from './chdbSessions.ts';
import { decodeBody, encodeBody, pickEncoding, readBody } from './httpBody.ts';

interface ChdbServerOptions {
  dataDir: string;
  /** Every query request must present it (at least 16 characters; see lib/local/dotEnv.ts for the generated one). */
  password: string;
  /** 0 or undefined picks a free port. */
  port?: number;
  /** A loopback address (default 127.0.0.1): requests must name loopback in their Host header anyway. */
  host?: string;
  user?: string;
  /** One JSON line per request (method, path, query_id, status, duration); never SQL, parameters or secrets. */
  onLog?: (line: string) => void;
}

interface RunningChdbServer {
  /** `http://user:password@host:port`, ready for createClient({ url }). */
  url: string;
  port: number;
  /** Stops accepting, waits (bounded) for running requests, closes the chDB sessions. Idempotent. */
  close(): Promise<void>;
}

const defaults = {
  port: 0,
  host: '127.0.0.1',
  user: 'default',
  onLog: (_line: string): void => {},
  closeTimeoutMs: 10_000,
  maxBodyBytes: 1024 ** 3,
};
type Settings = typeof defaults & ChdbServerOptions;
const loopbackAddresses = new Set(['127.0.0.1', '::1', 'localhost']);

function log(settings: Settings, fields: Record<string, unknown>): void {
  try {
    settings.onLog(JSON.stringify({ message: 'clickhouse request', ...fields }));
  } catch {
    // A failing log sink must not fail the request.
  }
}

async function send(request: IncomingMessage, res: ServerResponse, response: ClickHouseResponse): Promise<void> {
  let body: Buffer = Buffer.from(response.body);
  const headers = { ...response.headers };
  const encoding = response.compress ? pickEncoding(request.headers['accept-encoding']) : undefined;
  if (encoding !== undefined) {
    body = await encodeBody(body, encoding, response.compressionLevel);
    headers['Content-Encoding'] = encoding;
  }
  res.writeHead(response.status, { ...headers, 'Content-Length': String(body.length) });
  res.end(request.method === 'HEAD' ? undefined : body);
}

async function serve(context: RequestContext, settings: Settings, req: IncomingMessage, res: ServerResponse) {
  const startedAt = performance.now();
  res.on('error', () => {});
  const url = URL.canParse(`http://localhost${req.url}`) ? new URL(`http://localhost${req.url}`) : undefined;
  if (url === undefined) {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=UTF-8' }).end('Cannot parse the request URI\n');
    return;
  }
  const readRequestBody = async () =>
    decodeBody(await readBody(req, settings.maxBodyBytes), req.headers['content-encoding']);
  const request = { method: req.method ?? 'GET', url, headers: req.headers, readBody: readRequestBody };
  const response = await handleClickHouseRequest(context, request);
  if (!req.readableEnded) req.resume();
  await send(req, res, response).catch(() => res.destroy());
  log(settings, {
    method: request.method,
    path: url.pathname,
    query_id: response.queryId,
    status: response.status,
    duration_ms: Math.round((performance.now() - startedAt) * 10) / 10,
    ...(response.error ? { error_code: response.error.code, error_type: response.error.type } : {}),
  });
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function endpointUrl({ user, password, host }: Settings, port: number): string {
  const credentials = `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
  return `http://${credentials}@${host.includes(':') ? `[${host}]` : host}:${port}`;
}

interface Parts {
  server: Server;
  inFlight: Set<Promise<void>>;
  sessions: SessionPool;
  engine: ChdbEngine;
}

async function shutdown({ server, inFlight, sessions, engine }: Parts, settings: Settings): Promise<void> {
  const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, settings.closeTimeoutMs);
  });
  await Promise.race([Promise.allSettled([...inFlight]), timeout]);
  clearTimeout(timer);
  server.closeAllConnections();
  await stopped;
  const busy = sessions.closeIdle() + inFlight.size;
  if (busy > 0) log(settings, { event: 'close', busy_requests: busy, note: 'left running after close timeout' });
  engine.close();
}

/**
 * Opens the chDB data directory (creating it) and serves the ClickHouse HTTP interface on it, as
 * @clickhouse/client and curl use it: /ping, GET/POST queries, INSERT with the data in the body, param_*,
 * settings as URL parameters, query_id, database, session_id, gzip both ways, multipart params, typed errors.
 * Only local tools get in: the password is required, and requests carrying an Origin header or naming anything but
 * loopback in Host are refused (lib/local/clickhouse/requestGuard.ts); GET requests stay read-only.
 * Sets process.env.TZ = 'UTC' (chDB's server time zone). One data directory per process.
 * @throws when the password is missing or short, the host is not loopback, chDB cannot open the directory
 * (another process holds it: Code 76) or the port is taken.
 */
async function startChdbServer(options: ChdbServerOptions): Promise<RunningChdbServer> {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const settings = { ...defaults, ...given } as Settings;
  const credentials = { user: settings.user, password: checkEndpointPassword(settings.password) };
  if (!loopbackAddresses.has(settings.host))
    throw new Error(`the local ClickHouse endpoint listens on loopback only, not ${settings.host}`);
  const engine = await openChdbEngine(settings.dataDir);
  const sessions = createSessionPool(engine);
  const context: RequestContext = {
    engine,
    sessions,
    running: new Set(),
    credentials,
    displayName: hostname(),
    port: 0,
  };
  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const done: Promise<void> = serve(context, settings, req, res)
      .catch(() => {
        res.destroy();
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  });
  Object.assign(server, { keepAliveTimeout: 10_000, requestTimeout: 0 });
  const port = await listen(server, settings.port, settings.host).catch((error: unknown) => {
    engine.close();
    throw error;
  });
  context.port = port;
  let closing: Promise<void> | undefined;
  return {
    url: endpointUrl(settings, port),
    port,
    close: () => (closing ??= shutdown({ server, inFlight, sessions, engine }, settings)),
  };
}

export type { ChdbServerOptions, RunningChdbServer };
export { startChdbServer };
