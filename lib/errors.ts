/** Configuration is missing or malformed; `keys` names every offending key at once. */
class ConfigError extends Error {
  readonly keys: readonly string[];
  constructor(message: string, keys: readonly string[], options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigError';
    this.keys = keys;
  }
}

/** A sync step failed; `step` says which one (e.g. "read watermark", "insert window"). */
class SyncError extends Error {
  readonly table: string;
  readonly step: string;
  constructor(table: string, step: string, options?: ErrorOptions) {
    super(`failed to ${step} for ${table}`, options);
    this.name = 'SyncError';
    this.table = table;
    this.step = step;
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

export { ConfigError, SyncError, UsageError, withStep };
