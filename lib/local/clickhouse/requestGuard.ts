// Who may talk to the local endpoint: command-line clients on this machine. Any web page open in the developer's
// browser can send requests to loopback too. Browsers add an Origin header to cross-site fetches and form posts,
// and a DNS-rebinding page (evil.example resolving to 127.0.0.1) arrives with its own name in Host. Both are refused
// before anything else happens, /ping included.
import type { IncomingHttpHeaders } from 'node:http';
import { ClickHouseServerError } from './errors.ts';

const loopbackNames = new Set(['127.0.0.1', 'localhost', '[::1]']);
const accessDenied = { code: 497, type: 'ACCESS_DENIED' } as const;

function refuse(message: string): never {
  throw new ClickHouseServerError(accessDenied.code, accessDenied.type, message);
}

/** Whether `host` (a Host header value) names loopback with the endpoint's port (the port may be omitted on 80). */
function isLoopbackHost(host: string, port: number): boolean {
  const match = /^(\[[^\]]*\]|[^:]+)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  if (!match?.[1] || !loopbackNames.has(match[1])) return false;
  return match[2] === undefined ? port === 80 : Number(match[2]) === port;
}

/**
 * Refuses a request a web page could have sent: one carrying an Origin header, or whose Host is not
 * 127.0.0.1, localhost or [::1] with the endpoint's `port`.
 * @throws ClickHouseServerError ACCESS_DENIED (497, answered with HTTP 403) naming the reason.
 */
function checkLocalRequest(headers: IncomingHttpHeaders, port: number): void {
  if (headers.origin !== undefined) {
    refuse('a request carrying an Origin header (sent by a web browser) is refused: this endpoint serves local tools');
  }
  const host = headers.host;
  if (host === undefined || !isLoopbackHost(host, port)) {
    const shown = JSON.stringify(host ?? '').slice(0, 100);
    refuse(`Host ${shown} is refused: use 127.0.0.1:${port}, localhost:${port} or [::1]:${port}`);
  }
}

export { checkLocalRequest, isLoopbackHost };
