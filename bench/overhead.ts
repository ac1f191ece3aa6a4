// Section: the fixed cost of an incremental run over its INSERT, with 0 and with N new rows, and the round trips it
// makes to each side, through the impressions handler of a warm function instance.
import type { SyncResult } from '../lib/sync.ts';
import type { RoundTrips } from './engines.ts';
import { catchUp } from './incremental.ts';
import { invokeSync } from './invoke.ts';
import { median, round, summarize, timed } from './measure.ts';
import { loadedDatabase } from './prepare.ts';
import type { BenchContext } from './section.ts';
import { addImpressions, newestCampaignId } from './source.ts';

const target = 50;

const method =
  'On the largest synced table, caught up with its safe mark at its end: each repetition invokes the impressions ' +
  'handler with no new row (idle) and then after committing N new rows, in a warm instance (its PostgreSQL session ' +
  'kept from the run before). fixed cost = the handler time less the time of its copy INSERTs (insertMs, reported by ' +
  'the run; 0 when idle). Round trips per run, counted by the engines: HTTP requests to the ClickHouse endpoint, and ' +
  "statements and new connections of pg2ch's coordination sessions in PostgreSQL's log (application_name pg2ch; " +
  'the COPY session ClickHouse opens is not counted).';

interface Sample {
  readonly ms: number;
  /** The run's own duration (from taking its coordination session to its result): ms less this is the handler's. */
  readonly runMs: number;
  readonly insertMs: number;
  readonly fixedMs: number;
  readonly roundTrips: RoundTrips | null;
  readonly rowsInserted: number;
}

function delta(after: RoundTrips | null, before: RoundTrips | null): RoundTrips | null {
  if (!after || !before) return null;
  return {
    clickhouse: after.clickhouse - before.clickhouse,
    postgresStatements: after.postgresStatements - before.postgresStatements,
    postgresConnections: after.postgresConnections - before.postgresConnections,
  };
}

async function sample(ctx: BenchContext, database: string): Promise<Sample> {
  // PostgreSQL logs a statement as it starts: wait a little so the counters hold every line of the run.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
  await settle();
  const before = ctx.engines.roundTrips ? { ...ctx.engines.roundTrips } : null;
  const { ms, value } = await timed(() => invokeSync(ctx.handlers, 'impressions', database));
  await settle();
  const roundTrips = delta(ctx.engines.roundTrips, before);
  const insertMs = (value as SyncResult & { insertMs?: number }).insertMs ?? 0;
  const runMs = value.durationMs;
  return {
    ms: round(ms),
    runMs,
    insertMs,
    fixedMs: round(ms - insertMs),
    roundTrips,
    rowsInserted: value.rowsInserted,
  };
}

function summary(samples: readonly Sample[]) {
  const trips = samples.map((s) => s.roundTrips).filter((trip): trip is RoundTrips => trip !== null);
  const pick = (key: keyof RoundTrips) => (trips.length > 0 ? median(trips.map((trip) => trip[key])) : null);
  const fixed = summarize(samples.map((s) => s.fixedMs));
  return {
    time: summarize(samples.map((s) => s.ms)),
    handlerMs: summarize(samples.map((s) => s.ms - s.runMs)),
    insertMs: summarize(samples.map((s) => s.insertMs)),
    fixedMs: fixed,
    roundTrips: {
      clickhouse: pick('clickhouse'),
      postgresStatements: pick('postgresStatements'),
      postgresConnections: pick('postgresConnections'),
    },
    met: fixed.median <= target,
    samples,
  };
}

/** Measures idle runs and runs with `increment` new rows, interleaved, after warm-up. */
async function measureOverhead(ctx: BenchContext): Promise<Record<string, unknown>> {
  const sizes = ctx.options.sizes;
  const db = await loadedDatabase(ctx, sizes[sizes.length - 1] ?? 0);
  await catchUp(ctx, db);
  const campaignId = await newestCampaignId(ctx.pool);
  const idle: Sample[] = [];
  const loaded: Sample[] = [];
  for (let rep = 0; rep < ctx.options.warmup + ctx.options.reps; rep += 1) {
    const quiet = await sample(ctx, db.name);
    await addImpressions(ctx.pool, campaignId, ctx.options.increment);
    const busy = await sample(ctx, db.name);
    const label = rep < ctx.options.warmup ? 'warm-up' : `rep ${rep + 1 - ctx.options.warmup}/${ctx.options.reps}`;
    ctx.progress(
      `overhead: ${label}: idle ${quiet.ms} ms, ${busy.rowsInserted} rows ${busy.ms} ms (INSERT ${busy.insertMs} ms) ` +
        `round trips ${JSON.stringify(busy.roundTrips)}`,
    );
    if (rep < ctx.options.warmup) continue;
    idle.push(quiet);
    loaded.push(busy);
  }
  return {
    method,
    target: `fixed cost (handler − its INSERTs) ≤ ${target} ms`,
    newRows: ctx.options.increment,
    idle: summary(idle),
    withRows: summary(loaded),
  };
}

export { measureOverhead };
