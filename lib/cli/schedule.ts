import { registry } from '../tables/registry.ts';
import { scheduleIntervalMs } from '../tables/schedule.ts';

const defaults = {
  /** Locally, a table on a cron() schedule syncs this often. */
  cronFallbackMs: 60_000,
};

/** How often `npm start` runs each table's sync: its registry schedule (the same as the cloud's). */
function registryIntervalsMs(): Record<string, number> {
  return Object.fromEntries(
    registry.map((spec) => [spec.key, scheduleIntervalMs(spec.schedule) ?? defaults.cronFallbackMs]),
  );
}

/**
 * Runs `run(table)` for every table on its interval until the returned stop() is called. A table's run
 * never overlaps itself here; stop() resolves once the runs in flight have finished.
 */
function scheduleSyncs(
  run: (table: string) => Promise<unknown>,
  intervals: Readonly<Record<string, number>> = registryIntervalsMs(),
): () => Promise<void> {
  const inFlight = new Map<string, Promise<unknown>>();
  const timers = Object.entries(intervals).map(([table, interval]) =>
    setInterval(() => {
      if (inFlight.has(table)) return;
      const running = run(table).finally(() => inFlight.delete(table));
      inFlight.set(table, running);
    }, interval),
  );
  return async () => {
    for (const timer of timers) clearInterval(timer);
    await Promise.allSettled(inFlight.values());
  };
}

export { registryIntervalsMs, scheduleSyncs };
