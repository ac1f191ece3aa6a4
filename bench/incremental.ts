// Section 2: the cost of syncing N new rows must not grow with the table size.
import type { SyncResult } from '../lib/sync.ts';
import { type BenchDatabase, createBenchDatabase } from './clickhouseDb.ts';
import { invokeSync } from './invoke.ts';
import { median, round, summarize, timed } from './measure.ts';
import { dropLoaded, loadedDatabase, prepareSource } from './prepare.ts';
import type { BenchContext } from './section.ts';
import { addImpressions, countImpressions, newestCampaignId, settledTableReads } from './source.ts';

const target = 1.3;

const defaults = { maxCatchUpRuns: 20 };

const method =
  'Each repetition inserts N impressions (committed), then invokes the impressions handler once and times it. ' +
  'PostgreSQL reads: delta of pg_stat_user_tables (seq_tup_read + idx_tup_fetch) on impressions across the run, ' +
  'read once the counters settle (includes the snapshot max(id) lookup); copyStatements: the COPY PostgreSQL ' +
  'received (statement log, embedded engines only). Before the repetitions the table is caught up and one ' +
  'run moves the safe mark to its end (catchUpRuns).';

interface Run {
  readonly ms: number;
  readonly rowsInserted: number;
  readonly rereadIds: number;
  readonly window: SyncResult['watermark'];
  readonly pgRowsRead: number;
  readonly seqTupRead: number;
  readonly idxTupFetch: number;
  readonly copyStatements: string[];
  /** The handler's result as returned (fields beyond the ones above included). */
  readonly result: SyncResult;
}

/** Inserts `count` rows, then times one sync of them and counts what PostgreSQL read for it. */
async function measureOneSync(ctx: BenchContext, db: BenchDatabase, campaignId: number, count: number): Promise<Run> {
  await addImpressions(ctx.pool, campaignId, count);
  const before = await settledTableReads(ctx.pool);
  ctx.engines.copyStatements?.splice(0);
  const { ms, value } = await timed(() => invokeSync(ctx.handlers, 'impressions', db.name));
  const after = await settledTableReads(ctx.pool);
  const seqTupRead = after.seqTupRead - before.seqTupRead;
  const idxTupFetch = after.idxTupFetch - before.idxTupFetch;
  return {
    ms,
    rowsInserted: value.rowsInserted,
    rereadIds: value.mode === 'incremental' ? value.rereadIds : 0,
    window: value.watermark,
    pgRowsRead: seqTupRead + idxTupFetch,
    seqTupRead,
    idxTupFetch,
    copyStatements: [...(ctx.engines.copyStatements ?? [])],
    result: value,
  };
}

/**
 * Runs the impressions handler until the table is caught up and the safe mark has reached the last window's
 * end (the run after a load re-reads that load's window; see README, "Watermarks").
 */
async function catchUp(ctx: BenchContext, db: BenchDatabase): Promise<Record<string, number>[]> {
  const runs: Record<string, number>[] = [];
  for (let settled = false; !settled && runs.length < defaults.maxCatchUpRuns; ) {
    const { ms, value } = await timed(() => invokeSync(ctx.handlers, 'impressions', db.name));
    if (value.mode !== 'incremental') throw new Error('impressions is not an incremental table');
    runs.push({ ms: round(ms), rowsInserted: value.rowsInserted, rereadIds: value.rereadIds });
    const idle = value.rowsInserted === 0 && value.rereadIds === 0;
    settled = !value.hasMore && (value.safeMark === value.watermark.to || idle);
  }
  return runs;
}

/** Catches `db` up, settles the safe mark, then measures `warmup + reps` syncs of `increment` new rows. */
async function measureAt(ctx: BenchContext, db: BenchDatabase): Promise<Record<string, unknown>> {
  const { warmup, reps, increment } = ctx.options;
  const tableRows = await countImpressions(ctx.pool);
  const caughtUp = await catchUp(ctx, db);
  const summary = caughtUp.map(
    (run) => `${run.rowsInserted} new + ${run.rereadIds} re-read in ${Math.round(run.ms ?? 0)} ms`,
  );
  ctx.progress(`incremental ${tableRows}: catch-up runs: ${summary.join('; ')}`);
  const campaignId = await newestCampaignId(ctx.pool);
  const runs: Run[] = [];
  for (let rep = 0; rep < warmup + reps; rep += 1) {
    const run = await measureOneSync(ctx, db, campaignId, increment);
    const label = rep < warmup ? 'warm-up' : `rep ${rep - warmup + 1}/${reps}`;
    ctx.progress(
      `incremental ${tableRows}: ${label}: ${Math.round(run.ms)} ms, ${run.rowsInserted} new, ${run.rereadIds} re-read, PostgreSQL read ${run.pgRowsRead} rows`,
    );
    if (rep >= warmup) runs.push(run);
  }
  return {
    tableRows,
    newRowsPerSync: increment,
    catchUpRuns: caughtUp,
    time: summarize(runs.map((run) => run.ms)),
    pgRowsRead: { median: median(runs.map((run) => run.pgRowsRead)), samples: runs.map((run) => run.pgRowsRead) },
    runs: runs.map((run) => ({ ...run, ms: round(run.ms) })),
  };
}

/** Measures on the largest kept table first, then on a fresh small table (the source is emptied for it). */
async function measureIncremental(ctx: BenchContext): Promise<Record<string, unknown>> {
  const sizes = ctx.options.sizes;
  const largest = sizes[sizes.length - 1] ?? 0;
  for (const size of sizes) if (size !== largest) await dropLoaded(ctx, size);
  const large = await measureAt(ctx, await loadedDatabase(ctx, largest));
  await dropLoaded(ctx, largest);
  await prepareSource(ctx, ctx.options.incrementalBase);
  const db = await createBenchDatabase(ctx.engines.env);
  try {
    const small = await measureAt(ctx, db);
    const ratio = round((large.time as { median: number }).median / (small.time as { median: number }).median, 3);
    return { method, target: `time(large) ÷ time(small) ≤ ${target}`, small, large, ratio, met: ratio <= target };
  } finally {
    await db.drop();
  }
}

export { catchUp, measureIncremental, measureOneSync };
