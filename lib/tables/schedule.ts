const unitMs: Readonly<Record<string, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

const defaults = {
  /** A table on a cron() schedule (no fixed period) may go this long without a successful run. */
  cronMaxAgeMs: 86_400_000,
};

/**
 * The period of an EventBridge `rate(N unit)` expression in milliseconds; null for a `cron(...)` expression (its
 * period is not fixed). Pure.
 */
function scheduleIntervalMs(expression: string): number | null {
  const match = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
  if (!match) return null;
  return Number(match[1]) * (unitMs[match[2] ?? ''] ?? 0);
}

/**
 * How long a table may go without a successful run before it counts as overdue: `periods` periods of its schedule,
 * or one day for a cron() schedule (`npm run status`; the no-successful-run alarm of
 * lib/tables/serverlessResources.cjs uses the same rule). Pure.
 */
function maxRunAgeMs(expression: string, periods: number): number {
  const interval = scheduleIntervalMs(expression);
  return interval === null ? defaults.cronMaxAgeMs : interval * periods;
}

export { maxRunAgeMs, scheduleIntervalMs };
