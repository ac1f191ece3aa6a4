/** Whole milliseconds elapsed since `startedAt`, a performance.now() reading. */
function elapsedMs(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
}

/** A ClickHouse DateTime/DateTime64 text in UTC ("2026-11-29 12:00:00.123456") as epoch milliseconds; NaN if unreadable. */
function parseUtc(text: string): number {
  return Date.parse(`${text.trim().replace(' ', 'T')}Z`);
}

export { elapsedMs, parseUtc };
