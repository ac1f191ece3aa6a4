// A GET request runs read-only, as on the ClickHouse server: readonly=2 unless the request asks for the stricter
// readonly=1; a GET can never lower it. Under readonly, chDB still writes files through `INTO OUTFILE` and
// `INSERT INTO FUNCTION file(…)` (measured on chDB 26.7), so a GET whose text holds either keyword is refused too.
import { ClickHouseServerError } from './errors.ts';
import type { RequestParams } from './httpParams.ts';

const readonlyError = { code: 164, type: 'READONLY' } as const;
const allowedLevels = new Set(['1', '2']);
// Deliberately no SQL lexer: a keyword inside a string or a comment is refused too (POST is the way for those).
const writeKeywords = /\b(INSERT|OUTFILE)\b/i;

/**
 * The settings a GET request runs with: the request's own, with `readonly` raised to 2 when absent.
 * @throws ClickHouseServerError READONLY (164) when the request asks for readonly other than 1 or 2, and
 * BAD_ARGUMENTS (36) for a named session (its settings outlive the request, so it cannot be held read-only).
 */
function readOnlySettings(params: Pick<RequestParams, 'settings' | 'session'>): Map<string, string> {
  if (params.session) {
    const message = 'a GET request cannot use session_id on this endpoint (it could not stay read-only): use POST';
    throw new ClickHouseServerError(36, 'BAD_ARGUMENTS', message);
  }
  const given = params.settings.get('readonly');
  if (given === undefined) return new Map([...params.settings, ['readonly', '2']]);
  if (allowedLevels.has(given.trim())) return new Map(params.settings);
  throw new ClickHouseServerError(
    readonlyError.code,
    readonlyError.type,
    "Cannot modify 'readonly' setting in readonly mode",
  );
}

/**
 * Refuses a GET whose SQL could write a file or a table despite readonly (any INSERT, INTO OUTFILE).
 * @throws ClickHouseServerError READONLY (164).
 */
function refuseWritingGet(sql: string): void {
  const keyword = writeKeywords.exec(sql)?.[1];
  if (keyword === undefined) return;
  const message = `Cannot execute query in readonly mode: a GET request may not contain ${keyword.toUpperCase()} (use POST)`;
  throw new ClickHouseServerError(readonlyError.code, readonlyError.type, message);
}

export { readOnlySettings, refuseWritingGet };
