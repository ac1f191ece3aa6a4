// Section: `npm run backfill` of a large history with --parallel 1, 2, 4, against single-stream COPY-out.
import { runBackfill } from '../lib/backfill.ts';
import { findTable } from '../lib/tables/registry.ts';
import { createBenchDatabase } from './clickhouseDb.ts';
import { median, round, rowsPerSecond, summarize, timed } from './measure.ts';
import { prepareSource } from './prepare.ts';
import type { BenchContext } from './section.ts';
import { copyOutImpressions } from './source.ts';

const defaults = {
  /** Each variant moves the whole history: repetitions are fewer than elsewhere. */
  maxReps: 2,
};

const method =
  'runBackfill (what npm run backfill runs, without the progress bar) of every impression into a fresh ClickHouse ' +
  'database (migrated, untimed), with --parallel N and ranges of backfillRangeIds ids: plan (run lock, snapshot, ' +
  'writers), ranges copied N at a time (each one INSERT … SELECT through the reader with the dedup filter and token, ' +
  'counted before and after, recorded in backfill_state), handover to the sync. copy: single-stream COPY-out of the ' +
  'same rows into this process (the limit of one stream). Variants interleaved; ratio = COPY time ÷ backfill time.';

/** Backfill with each --parallel value against COPY-out, on a source of `backfillRows` impressions. */
async function measureBackfill(ctx: BenchContext): Promise<Record<string, unknown>> {
  const { backfillRows, backfillParallel, backfillRangeIds } = ctx.options;
  await prepareSource(ctx, backfillRows);
  const spec = findTable('impressions');
  const samples: Record<string, number[]> = { copy: [] };
  for (const parallel of backfillParallel) samples[`parallel${parallel}`] = [];
  const reps = Math.min(ctx.options.reps, defaults.maxReps);
  for (let rep = 0; rep < reps; rep += 1) {
    const { ms, value } = await timed(() => copyOutImpressions(ctx.engines.env.PG_URL));
    if (value.rows !== backfillRows) throw new Error(`COPY returned ${value.rows} rows, expected ${backfillRows}`);
    samples.copy?.push(ms);
    const shown = [`copy ${Math.round(ms)} ms`];
    for (const parallel of rep % 2 === 0 ? backfillParallel : [...backfillParallel].reverse()) {
      const db = await createBenchDatabase(ctx.engines.env);
      try {
        const deps = { clickhouse: db.clickhouse, database: db.name, pgUrl: ctx.engines.env.PG_URL, runId: 'bench' };
        const run = await timed(() => runBackfill(spec, deps, { parallel, rangeIds: backfillRangeIds }));
        if (run.value?.rowsCopied !== backfillRows || !run.value.handover)
          throw new Error(`backfill copied ${run.value?.rowsCopied} rows, expected ${backfillRows}`);
        samples[`parallel${parallel}`]?.push(run.ms);
        shown.push(`parallel ${parallel} ${Math.round(run.ms)} ms`);
      } finally {
        await db.drop();
      }
    }
    ctx.progress(`backfill ${backfillRows}: rep ${rep + 1}/${reps}: ${shown.join(', ')}`);
  }
  const copy = summarize(samples.copy ?? []);
  const variants = backfillParallel.map((parallel) => {
    const time = summarize(samples[`parallel${parallel}`] ?? []);
    return {
      parallel,
      time,
      rowsPerSecond: rowsPerSecond(backfillRows, time.median),
      ratioToCopy: round(copy.median / time.median, 3),
    };
  });
  const one = variants.find((variant) => variant.parallel === 1);
  return {
    method,
    rows: backfillRows,
    rangeIds: backfillRangeIds,
    copy: { ...copy, rowsPerSecond: rowsPerSecond(backfillRows, copy.median) },
    variants: variants.map((variant) => ({
      ...variant,
      speedupOverParallel1: one ? round(median(samples.parallel1 ?? []) / variant.time.median, 2) : null,
    })),
  };
}

export { measureBackfill };
