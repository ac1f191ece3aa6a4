// Section 6: speed of the data generator's batch command (the 1M-impression demo batch by default).
import { round, rowsPerSecond, summarize, timed } from './measure.ts';
import type { BenchContext } from './section.ts';
import { batchCommand, runSeed } from './source.ts';

const method =
  'runSeedCommand(batch …) — what `npm run seed -- batch` runs, in one transaction — on emptied tables ' +
  '(`reset`, untimed) each repetition. Rows are generated inside PostgreSQL (generate_series); clicks are a ' +
  'random sample of each campaign’s impressions. The last repetition is left in place for the next sections.';

/** Times `warmup + reps` runs of the batch, each on emptied source tables. */
async function measureGenerator(ctx: BenchContext): Promise<Record<string, unknown>> {
  const { batch, warmup, reps } = ctx.options;
  const impressions = batch.advertisers * batch.campaigns * batch.impressions;
  const clicks = batch.advertisers * batch.campaigns * Math.floor(batch.impressions * Number(batch.ctr));
  const samples: number[] = [];
  for (let rep = 0; rep < warmup + reps; rep += 1) {
    await runSeed(ctx.pool, { name: 'reset' });
    const { ms } = await timed(() => runSeed(ctx.pool, batchCommand(batch)));
    ctx.progress(`generator: ${rep < warmup ? 'warm-up' : `rep ${rep - warmup + 1}/${reps}`}: ${Math.round(ms)} ms`);
    if (rep >= warmup) samples.push(ms);
  }
  const time = summarize(samples);
  const command = `batch --advertisers ${batch.advertisers} --campaigns ${batch.campaigns} --impressions ${batch.impressions} --ctr ${batch.ctr}`;
  return {
    method,
    command,
    impressions,
    clicks,
    time,
    impressionsPerSecond: rowsPerSecond(impressions, time.median),
    rowsPerSecond: rowsPerSecond(impressions + clicks, time.median),
    secondsPerMillionImpressions: round(time.median / 1000 / (impressions / 1_000_000), 2),
  };
}

export { measureGenerator };
