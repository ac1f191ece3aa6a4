// Section 3: what the late-commit safety window costs, with no open transaction and while one is open.
import pg from 'pg';
import { createImpressions } from '../lib/seed/generate.ts';
import { createBenchDatabase } from './clickhouseDb.ts';
import { catchUp, measureOneSync } from './incremental.ts';
import { median, round, summarize } from './measure.ts';
import type { BenchContext } from './section.ts';
import { countImpressions, newestCampaignId } from './source.ts';

const method =
  'Each run inserts N impressions (committed) and invokes the impressions handler once. baseline: no other ' +
  'transaction open (warm-up, then the repetitions). withOpenTransaction: another session has inserted one ' +
  'impression and keeps its transaction open across the runs, holding the safe mark back, so each run re-reads ' +
  'everything since that mark; runs are listed in order (the re-read grows, so they are not repetitions of one ' +
  'measurement). afterCommit: the transaction commits, and one run without new rows picks up its late row.';

type Run = Awaited<ReturnType<typeof measureOneSync>>;

function brief(run: Run) {
  const { ms, rowsInserted, rereadIds, window, pgRowsRead, result } = run;
  return { ms: round(ms), rowsInserted, rereadIds, window, pgRowsRead, result };
}

/** Least-squares slope of time over re-read ids, in ms per 10,000 re-read ids. */
function msPer10kRereadIds(runs: readonly Run[]): number {
  const n = runs.length;
  const meanX = runs.reduce((sum, run) => sum + run.rereadIds, 0) / n;
  const meanY = runs.reduce((sum, run) => sum + run.ms, 0) / n;
  const sxx = runs.reduce((sum, run) => sum + (run.rereadIds - meanX) ** 2, 0);
  const sxy = runs.reduce((sum, run) => sum + (run.rereadIds - meanX) * (run.ms - meanY), 0);
  return sxx === 0 ? Number.NaN : round((sxy / sxx) * 10_000);
}

async function runsWithOpenTransaction(
  ctx: BenchContext,
  measure: (count: number) => Promise<Run>,
  campaignId: number,
) {
  const holder = new pg.Client({ connectionString: ctx.engines.env.PG_URL });
  await holder.connect();
  const runs: Run[] = [];
  try {
    await holder.query('BEGIN');
    await createImpressions(holder, [campaignId], 1);
    for (let rep = 0; rep < ctx.options.heldRuns; rep += 1) {
      const run = await measure(ctx.options.increment);
      runs.push(run);
      const what = `${Math.round(run.ms)} ms, ${run.rereadIds} re-read, PostgreSQL read ${run.pgRowsRead} rows`;
      ctx.progress(`re-read: open transaction, run ${rep + 1}/${ctx.options.heldRuns}: ${what}`);
    }
    await holder.query('COMMIT');
  } finally {
    await holder.end();
  }
  return runs;
}

/** Measures sync runs without and with a long-open writing transaction, on a fresh database of the current source. */
async function measureReread(ctx: BenchContext): Promise<Record<string, unknown>> {
  const { warmup, reps, increment } = ctx.options;
  const db = await createBenchDatabase(ctx.engines.env);
  try {
    const tableRows = await countImpressions(ctx.pool);
    await catchUp(ctx, db);
    const campaignId = await newestCampaignId(ctx.pool);
    const measure = (count: number) => measureOneSync(ctx, db, campaignId, count);
    const baseline: Run[] = [];
    for (let rep = 0; rep < warmup + reps; rep += 1) {
      const run = await measure(increment);
      ctx.progress(
        `re-read: baseline ${rep < warmup ? 'warm-up' : `rep ${rep - warmup + 1}/${reps}`}: ${Math.round(run.ms)} ms, ${run.rereadIds} re-read`,
      );
      if (rep >= warmup) baseline.push(run);
    }
    const held = await runsWithOpenTransaction(ctx, measure, campaignId);
    const afterCommit = await measure(0);
    const settle = await catchUp(ctx, db);
    const baseMs = median(baseline.map((run) => run.ms));
    return {
      method,
      tableRows,
      newRowsPerSync: increment,
      baseline: {
        time: summarize(baseline.map((run) => run.ms)),
        rereadIds: median(baseline.map((run) => run.rereadIds)),
        runs: baseline.map(brief),
      },
      withOpenTransaction: {
        time: summarize(held.map((run) => run.ms)),
        extraMsMedian: round(median(held.map((run) => run.ms)) - baseMs),
        extraMsLast: round((held[held.length - 1]?.ms ?? Number.NaN) - baseMs),
        rereadIds: held.map((run) => run.rereadIds),
        runs: held.map(brief),
      },
      afterCommit: { ...brief(afterCommit), lateRowPickedUp: afterCommit.rowsInserted >= 1 },
      settleRuns: settle,
      msPer10kRereadIds: msPer10kRereadIds([...baseline, ...held]),
    };
  } finally {
    await db.drop();
  }
}

export { measureReread };
