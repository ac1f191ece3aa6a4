// ClickHouse exceptions as the HTTP interface renders them: `Code: N. DB::Exception: <msg>. (TYPE) (version V)`,
// with the status that the real server picks for each code (src/Server/HTTP/exceptionCodeToHTTPStatus.cpp).

/** A ClickHouse exception: numeric `code` and its `type` name (e.g. 60, UNKNOWN_TABLE). */
class ClickHouseServerError extends Error {
  readonly code: number;
  readonly type: string;
  constructor(code: number, type: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ClickHouseServerError';
    this.code = code;
    this.type = type;
  }
}

const unknownException = { code: 1002, type: 'UNKNOWN_EXCEPTION' };

const statusGroups: ReadonlyArray<readonly [number, readonly string[]]> = [
  [401, ['REQUIRED_PASSWORD']],
  [403, ['UNKNOWN_USER', 'WRONG_PASSWORD', 'AUTHENTICATION_FAILED', 'SET_NON_GRANTED_ROLE', 'ACCESS_DENIED']],
  [
    400,
    [
      'BAD_ARGUMENTS',
      'CANNOT_COMPILE_REGEXP',
      'CANNOT_PARSE_TEXT',
      'CANNOT_PARSE_ESCAPE_SEQUENCE',
      'CANNOT_PARSE_QUOTED_STRING',
      'CANNOT_PARSE_DATE',
      'CANNOT_PARSE_DATETIME',
      'CANNOT_PARSE_NUMBER',
      'CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING',
      'CANNOT_PARSE_IPV4',
      'CANNOT_PARSE_IPV6',
      'CANNOT_PARSE_INPUT_ASSERTION_FAILED',
      'CANNOT_PARSE_UUID',
      'DUPLICATE_COLUMN',
      'ILLEGAL_COLUMN',
      'UNKNOWN_ELEMENT_IN_AST',
      'UNKNOWN_TYPE_OF_AST_NODE',
      'THERE_IS_NO_COLUMN',
      'TOO_DEEP_AST',
      'TOO_BIG_AST',
      'UNEXPECTED_AST_STRUCTURE',
      'SYNTAX_ERROR',
      'INCORRECT_DATA',
      'TYPE_MISMATCH',
      'VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE',
    ],
  ],
  [
    404,
    [
      'UNKNOWN_TABLE',
      'UNKNOWN_FUNCTION',
      'UNKNOWN_IDENTIFIER',
      'UNKNOWN_TYPE',
      'UNKNOWN_STORAGE',
      'UNKNOWN_DATABASE',
      'UNKNOWN_SETTING',
      'UNKNOWN_DIRECTION_OF_SORTING',
      'UNKNOWN_AGGREGATE_FUNCTION',
      'UNKNOWN_FORMAT',
      'UNKNOWN_DATABASE_ENGINE',
      'UNKNOWN_TYPE_OF_QUERY',
      'UNKNOWN_ROLE',
    ],
  ],
  [413, ['QUERY_IS_TOO_LARGE']],
  [501, ['NOT_IMPLEMENTED']],
  [503, ['SOCKET_TIMEOUT', 'CANNOT_OPEN_FILE', 'CANNOT_SCHEDULE_TASK']],
  [411, ['HTTP_LENGTH_REQUIRED']],
  [408, ['TIMEOUT_EXCEEDED']],
  [415, ['UNSUPPORTED_MEDIA_TYPE']],
];
const statusByType = new Map(statusGroups.flatMap(([status, types]) => types.map((type) => [type, status] as const)));

/** The HTTP status the ClickHouse server answers with for an exception type (500 when not listed). */
function httpStatusOf(type: string): number {
  return statusByType.get(type) ?? 500;
}

// `Query failed: Code: 60. DB::Exception: Code: 60. DB::Exception: <message>. (TYPE) (version …). (TYPE)`
const leadingCodes = /^[\s\S]*?(?:Code:\s*\d+\.\s*(?:DB::Exception:\s*)?)+/;
const trailingMarkers = /(?:\s|\.|\((?:version [^)]*|[A-Z0-9_]*[A-Z]{3}[A-Z0-9_]*)\))+$/;

/**
 * Converts anything chDB (or this endpoint) threw into a ClickHouseServerError. The code comes from
 * `clickhouseCode` or the `Code: N` prefix, the type from `names` (errorCodeToName); never throws.
 */
function toServerError(error: unknown, names: ReadonlyMap<number, string>): ClickHouseServerError {
  if (error instanceof ClickHouseServerError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const given = (error as { clickhouseCode?: unknown } | null)?.clickhouseCode;
  const parsed = /Code:\s*(\d+)/.exec(raw)?.[1];
  const code = typeof given === 'number' ? given : parsed === undefined ? undefined : Number(parsed);
  if (code === undefined) return new ClickHouseServerError(unknownException.code, unknownException.type, raw);
  const type = names.get(code) ?? /\(([A-Z0-9_]*[A-Z]{3}[A-Z0-9_]*)\)/.exec(raw)?.[1] ?? unknownException.type;
  const message = raw.replace(leadingCodes, '').replace(trailingMarkers, '') || type;
  return new ClickHouseServerError(code, type, message, { cause: error });
}

/** The response body of a failed request, byte for byte as the server writes it (newline included). */
function renderException(error: ClickHouseServerError, version: string): string {
  return `Code: ${error.code}. DB::Exception: ${error.message}. (${error.type}) (version ${version})\n`;
}

export { ClickHouseServerError, httpStatusOf, renderException, toServerError };
