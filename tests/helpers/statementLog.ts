import { existsSync, readFileSync, statSync } from 'node:fs';

/** Why a test reading the statement log cannot run on given servers (their log is not ours to read). */
const statementLogNeeded = "reads the embedded PostgreSQL's statement log (log_statement=all)";

/** The statement log of the test stack's PostgreSQL (log_statement=all), set by globalSetup. */
function statementLogPath(): string {
  const path = process.env.PG2CH_TEST_PG_LOG;
  if (!path) throw new Error('PG2CH_TEST_PG_LOG is not set: this test needs the embedded test stack');
  return path;
}

/** Current size of the statement log, to read only what is logged after this point. */
function statementLogSize(): number {
  const path = statementLogPath();
  return existsSync(path) ? statSync(path).size : 0;
}

/** Statements PostgreSQL logged after byte `from` of the log. */
function statementsSince(from: number): string[] {
  const text = readFileSync(statementLogPath()).subarray(from).toString('utf8');
  return text.split('\n').filter((line) => line.includes('statement: '));
}

/** Polls the log until a statement matching `pattern` appears after byte `from`; returns it. */
async function waitForStatement(pattern: RegExp, from: number, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = statementsSince(from).find((line) => pattern.test(line));
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`PostgreSQL did not receive a statement matching ${pattern} within ${timeoutMs} ms`);
}

export { statementLogNeeded, statementLogSize, statementsSince, waitForStatement };
