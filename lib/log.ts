// Log lines as data. lib/ modules describe the one line of a run or request as a LogRecord; lib/lambda/ writes it
// through Powertools Logger (lib/lambda/powertools.ts), which adds the request id, cold start and function name.
type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
type Fields = Record<string, unknown>;

/** One log line: its level, its message and its keys (snake_case). */
interface LogRecord {
  readonly level: Level;
  readonly message: string;
  readonly fields: Fields;
}

/**
 * Serialises an error and its `cause` chain (name, message, ClickHouse code/type, failing step). Only these keys:
 * other enumerable properties of driver errors (addresses, statement text) never reach a log line. Pure.
 */
function describeError(error: unknown, depth = 0): Fields | string {
  if (!(error instanceof Error)) return String(error);
  const { name, message } = error;
  const extra = error as Error & { code?: unknown; type?: unknown; step?: unknown };
  const described: Fields = { name, message };
  for (const key of ['code', 'type', 'step'] as const) {
    if (extra[key] !== undefined) described[key] = extra[key];
  }
  if (error.cause !== undefined && depth < 5) described.cause = describeError(error.cause, depth + 1);
  return described;
}

/** The error and its causes as one line of text ("failed to insert window for clicks: ECONNREFUSED"). Pure. */
function errorChainText(error: unknown, maxCauses = 4): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current !== undefined && parts.length <= maxCauses) {
    parts.push(current instanceof Error ? current.message || current.name : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ');
}

export type { Fields, Level, LogRecord };
export { describeError, errorChainText };
