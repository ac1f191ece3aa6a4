const unitMs: Readonly<Record<string, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/**
 * The period of an EventBridge `rate(N unit)` expression in milliseconds; null for a `cron(...)` expression (its
 * period is not fixed). Pure.
 */
function scheduleIntervalMs(expression: string): number | null {
  const match = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
  if (!match) return null;
  return Number(match[1]) * (unitMs[match[2] ?? ''] ?? 0);
}

export { scheduleIntervalMs };
