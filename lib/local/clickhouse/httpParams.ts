// Pure parsing of ClickHouse HTTP-interface requests: which URL/form parameters are the query, the query id,
// the session, credentials, query parameters (`param_*`) or settings, and how to replay them as SQL.
import { ClickHouseServerError } from './errors.ts';

interface Credentials {
  user: string;
  password: string;
}

interface SessionParams {
  id: string;
  timeoutSeconds: number;
  check: boolean;
}

/** One request's parameters, split the way the ClickHouse server reads them. */
interface RequestParams {
  query?: string;
  queryId?: string;
  database?: string;
  defaultFormat?: string;
  session?: SessionParams;
  credentials: Partial<Credentials>;
  compressResponse: boolean;
  compressionLevel?: number;
  settings: Map<string, string>;
  params: Map<string, string>;
}

const defaults = { sessionTimeoutSeconds: 60, maxSessionTimeoutSeconds: 3600 };

// Parameters only the HTTP layer understands; chDB would reject them as unknown settings (or ignore them).
const httpOnlyParams = new Set([
  'wait_end_of_query',
  'send_progress_in_http_headers',
  'http_headers_progress_interval_ms',
  'http_response_buffer_size',
  'http_wait_end_of_query',
  'http_native_compression_disable_checksumming_on_decompress',
  'buffer_size',
  'quota_key',
  'role',
  'stacktrace',
  'session_id',
  'session_timeout',
  'session_check',
]);
const settingName = /^[A-Za-z_][A-Za-z0-9_]*$/;
const paramName = /^[A-Za-z0-9_]+$/;

function isTrue(value: string): boolean {
  return value === '1' || value.toLowerCase() === 'true';
}

function rejectNativeCompression(name: string, value: string): void {
  if (!isTrue(value)) return;
  throw new ClickHouseServerError(48, 'NOT_IMPLEMENTED', `${name}=1 (ClickHouse native compression) is not supported`);
}

function readSpecial(out: RequestParams, name: string, value: string): boolean {
  if (name === 'query') out.query = value;
  else if (name === 'query_id') out.queryId = value;
  else if (name === 'database') out.database = value;
  else if (name === 'default_format') out.defaultFormat = value;
  else if (name === 'user') out.credentials.user = value;
  else if (name === 'password') out.credentials.password = value;
  else if (name === 'enable_http_compression') out.compressResponse = isTrue(value);
  else if (name === 'http_zlib_compression_level') out.compressionLevel = Math.min(9, Math.max(0, Number(value) || 0));
  else if (name === 'compress' || name === 'decompress') rejectNativeCompression(name, value);
  else return httpOnlyParams.has(name);
  return true;
}

function readSession(entries: ReadonlyMap<string, string>): SessionParams | undefined {
  const id = entries.get('session_id');
  if (!id) return undefined;
  const timeout = Number(entries.get('session_timeout') ?? defaults.sessionTimeoutSeconds);
  if (!Number.isFinite(timeout) || timeout < 0 || timeout > defaults.maxSessionTimeoutSeconds) {
    throw new ClickHouseServerError(
      36,
      'BAD_ARGUMENTS',
      `Invalid session timeout: '${entries.get('session_timeout')}'`,
    );
  }
  return { id, timeoutSeconds: timeout, check: isTrue(entries.get('session_check') ?? '0') };
}

/**
 * Splits URL (and multipart form) parameters into the query, query id, database, session, credentials,
 * `param_*` query parameters and settings. The last occurrence of a name wins.
 * Throws ClickHouseServerError (UNKNOWN_SETTING, BAD_ARGUMENTS, NOT_IMPLEMENTED) on names it cannot replay safely.
 */
function parseRequestParams(entries: Iterable<readonly [string, string]>): RequestParams {
  const all = new Map(entries);
  const out: RequestParams = { credentials: {}, compressResponse: false, settings: new Map(), params: new Map() };
  for (const [name, value] of all) {
    if (readSpecial(out, name, value)) continue;
    if (name.startsWith('param_')) {
      const param = name.slice('param_'.length);
      if (!paramName.test(param))
        throw new ClickHouseServerError(36, 'BAD_ARGUMENTS', `Invalid parameter name '${name}'`);
      out.params.set(param, value);
    } else if (settingName.test(name)) {
      out.settings.set(name, value);
    } else {
      throw new ClickHouseServerError(115, 'UNKNOWN_SETTING', `Unknown setting '${name}'`);
    }
  }
  out.session = readSession(all);
  return out;
}

/** A ClickHouse string literal: `\` and `'` backslash-escaped, NUL as `\0`; the value is otherwise verbatim. */
function quoteString(value: string): string {
  return `'${value.replace(/[\\'\0]/g, (c) => (c === '\0' ? '\\0' : `\\${c}`))}'`;
}

/** A back-quoted ClickHouse identifier. */
function quoteIdentifier(name: string): string {
  return `\`${name.replace(/[\\`]/g, (c) => `\\${c}`)}\``;
}

/**
 * The statements that put a request's database, settings and query parameters into a chDB session:
 * `USE db; SET k = 'v', param_p = '<value in escaped text form>'`. Empty when there is nothing to apply.
 * Parameter values are wrapped as string literals so chDB parses them exactly as the server parses `param_*`.
 */
function buildPrelude(params: Pick<RequestParams, 'database' | 'settings' | 'params'>): string {
  const statements: string[] = [];
  if (params.database) statements.push(`USE ${quoteIdentifier(params.database)}`);
  const assignments = [
    ...[...params.settings].map(([name, value]) => `${name} = ${quoteString(value)}`),
    ...[...params.params].map(([name, value]) => `param_${name} = ${quoteString(value)}`),
  ];
  if (assignments.length > 0) statements.push(`SET ${assignments.join(', ')}`);
  return statements.join('; ');
}

export type { Credentials, RequestParams, SessionParams };
export { buildPrelude, parseRequestParams, quoteIdentifier, quoteString };
