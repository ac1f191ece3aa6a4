/** Configuration is missing or malformed; `keys` names every offending key at once. */
class ConfigError extends Error {
  readonly keys: readonly string[];
  constructor(message: string, keys: readonly string[], options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigError';
    this.keys = keys;
  }
}

/** A side pg2ch talks to. */
type Side = 'PostgreSQL' | 'ClickHouse';

/**
 * A sync step failed; `step` says which one (e.g. "read watermark", "insert window"). `unreachable` names the
 * sides that did not answer a reachability check made after the failure (empty: both answered, or unchecked);
 * the message names them too, e.g. "failed to insert window for impressions: PostgreSQL unreachable".
 */
class SyncError extends Error {
  readonly table: string;
  readonly step: string;
  readonly unreachable: readonly Side[];
  constructor(table: string, step: string, options?: ErrorOptions & { unreachable?: readonly Side[] }) {
    const unreachable = options?.unreachable ?? [];
    const suffix = unreachable.length > 0 ? `: ${unreachable.join(' and ')} unreachable` : '';
    super(`failed to ${step} for ${table}${suffix}`, options);
    this.name = 'SyncError';
    this.table = table;
    this.step = step;
    this.unreachable = unreachable;
  }
}

/** The caller's input is invalid (CLI flag, query-string parameter); the message is safe to show. */
class UsageError extends Error {
  readonly parameter: string;
  constructor(parameter: string, message: string) {
    super(message);
    this.name = 'UsageError';
    this.parameter = parameter;
  }
}

/** A source's schema changed in a way pg2ch cannot follow on its own; the message names the table, column and remedy. */
class SchemaChangeError extends Error {
  readonly table: string;
  readonly column: string | null;
  constructor(table: string, column: string | null, message: string) {
    super(`table ${table}: ${message}`);
    this.name = 'SchemaChangeError';
    this.table = table;
    this.column = column;
  }
}

/**
 * A server refused a statement that held a secret. The server's message is left out (a syntax error quotes the
 * statement, password included); `code` and `type` are the server's (e.g. 497 ACCESS_DENIED).
 */
class RedactedError extends Error {
  readonly code: string | undefined;
  readonly type: string | undefined;
  constructor(message: string, details: { code?: string | undefined; type?: string | undefined }) {
    super(message);
    this.name = 'RedactedError';
    this.code = details.code;
    this.type = details.type;
  }
}

/**
 * Runs one named step of a sync; a failure is rethrown as SyncError(table, step) with the original as cause.
 * A SyncError from an inner step passes through unchanged, so the innermost step is the one reported.
 */
async function withStep<T>(table: string, step: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof SyncError ? error : new SyncError(table, step, { cause: error });
  }
}

export type { Side };
export { ConfigError, RedactedError, SchemaChangeError, SyncError, UsageError, withStep };
