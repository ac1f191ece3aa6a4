type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
type Fields = Record<string, unknown>;

const levels: Record<Level, number> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40 };

function threshold(): number {
  const wanted = (process.env.LOG_LEVEL ?? 'INFO').toUpperCase() as Level;
  return levels[wanted] ?? levels.INFO;
}

/** Serialises an error and its `cause` chain (name, message, ClickHouse code/type, failing step). */
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

/** Writes one JSON object per line to stdout: `{ level, message, ...fields }`. */
function logLine(level: Level, message: string, fields: Fields = {}): void {
  if (levels[level] < threshold()) return;
  const line = { level, message, timestamp: new Date().toISOString(), ...fields };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

export type { Fields, Level };
export { describeError, logLine };
