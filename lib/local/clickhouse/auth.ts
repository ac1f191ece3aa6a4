// Who a ClickHouse HTTP request claims to be (URL parameters, X-ClickHouse-User/Key, Basic auth) and whether
// that matches the endpoint's single user. The endpoint always has a password: chDB reads and writes files, and
// any web page in the developer's browser can send requests to loopback.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ClickHouseServerError } from './errors.ts';
import type { Credentials } from './httpParams.ts';

function readBasicAuth(header: string | undefined): Partial<Credentials> {
  const encoded = /^Basic\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (encoded === undefined) return {};
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? { user: decoded } : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The credentials a request presents: `user`/`password` parameters, X-ClickHouse-User/Key, then Basic auth. */
function readCredentials(headers: IncomingHttpHeaders, fromParams: Partial<Credentials>): Credentials {
  const basic = readBasicAuth(headers.authorization);
  const headerUser = headers['x-clickhouse-user'];
  const headerKey = headers['x-clickhouse-key'];
  return {
    user: fromParams.user ?? (typeof headerUser === 'string' ? headerUser : undefined) ?? basic.user ?? 'default',
    password: fromParams.password ?? (typeof headerKey === 'string' ? headerKey : undefined) ?? basic.password ?? '',
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Whether the presented credentials match the expected ones (constant-time on the password). */
function isAuthenticated(given: Credentials, expected: Credentials): boolean {
  const samePassword = timingSafeEqual(digest(given.password), digest(expected.password));
  return samePassword && given.user === expected.user;
}

const minPasswordLength = 16;

/**
 * Checks the password the endpoint is about to require (e.g. LOCAL_CLICKHOUSE_PASSWORD).
 * @throws Error when it is empty or shorter than 16 characters.
 */
function checkEndpointPassword(password: string | undefined): string {
  if (password !== undefined && password.length >= minPasswordLength) return password;
  const problem = password ? `only ${password.length} characters long` : 'empty';
  const wanted = `a password (LOCAL_CLICKHOUSE_PASSWORD) of at least ${minPasswordLength} characters`;
  throw new Error(`the local ClickHouse endpoint needs ${wanted}; the one given is ${problem}`);
}

/**
 * Checks the request's credentials against the expected ones.
 * @throws ClickHouseServerError AUTHENTICATION_FAILED (516) with the server's message.
 */
function authenticate(headers: IncomingHttpHeaders, fromParams: Partial<Credentials>, expected: Credentials): void {
  const given = readCredentials(headers, fromParams);
  if (isAuthenticated(given, expected)) return;
  const reason =
    'Authentication failed: password is incorrect, or there is no user with such name. ' +
    'The local endpoint takes user default and the password LOCAL_CLICKHOUSE_PASSWORD in .env';
  throw new ClickHouseServerError(516, 'AUTHENTICATION_FAILED', `${given.user}: ${reason}`);
}

export { authenticate, checkEndpointPassword, isAuthenticated, readCredentials };
