import type { TableKey } from '../tables.ts';

/** How often `npm start` runs each table's sync (the same rates as serverless.yml's schedules). */
const intervalsMs: Readonly<Record<TableKey, number>> = {
  clicks: 60_000,
  impressions: 60_000,
  campaign: 300_000,
  advertiser: 300_000,
};

/**
 * Runs `run(table)` for every table on its interval until the returned stop() is called. A table's run
 * never overlaps itself here; stop() resolves once the runs in flight have finished.
 */
function scheduleSyncs(run: (table: TableKey) => Promise<unknown>, intervals = intervalsMs): () => Promise<void> {
  const inFlight = new Map<TableKey, Promise<unknown>>();
  const timers = (Object.keys(intervals) as TableKey[]).map((table) =>
    setInterval(() => {
      if (inFlight.has(table)) return;
      const running = run(table).finally(() => inFlight.delete(table));
      inFlight.set(table, running);
    }, intervals[table]),
  );
  return async () => {
    for (const timer of timers) clearInterval(timer);
    await Promise.allSettled(inFlight.values());
  };
}

export { intervalsMs, scheduleSyncs };
