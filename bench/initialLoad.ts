// Section 1: initial load of impressions through the sync handler, next to a plain INSERT … SELECT of the same rows
// and PostgreSQL's raw COPY-out; through the bench's in-process ClickHouse endpoint and through one in its own process.
import { join } from 'node:path';
import { quoteClickhouse, sourceCollectionName } from '../lib/tables/identifiers.ts';
import { renderTemplate } from '../lib/tables/render.ts';
import { type BenchDatabase, createBenchDatabase } from './clickhouseDb.ts';
import { syncUntilDone } from './invoke.ts';
import { median, round, rowsPerSecond, type Summary, summarize, timed } from './measure.ts';
import { prepareSource, syncOtherTables } from './prepare.ts';
import type { BenchContext } from './section.ts';
import { type SeparateEndpoint, startSeparateEndpoint } from './separateEndpoint.ts';
import { copyOutImpressions } from './source.ts';
import { benchSql } from './sql.ts';

const variants = ['copy', 'pull', 'plain', 'pg2ch', 'plainSeparate', 'pg2chSeparate'] as const;
type Variant = (typeof variants)[number];

const targets = { ownCost: 0.95, ingest: 0.9 };

const method =
  'copy: COPY (SELECT id, campaign_id, created_at FROM impressions) TO STDOUT over a new pg connection, drained by ' +
  'pg-copy-streams (text, rows counted): the physical limit. pull: ClickHouse reads the same rows through postgresql() ' +
  'into FORMAT Null. plain: one INSERT … SELECT FROM postgresql() into a table shaped like impressions_raw without ' +
  'the materialized view (emptied, untimed, before each repetition). pg2ch: the handlers/syncImpressions.ts handler ' +
  '(middy, config, run lock, snapshot, state read, INSERT through the reader with the dedup filter and token, ' +
  'materialized view into events_hourly, count, watermark) invoked in-process with a Lambda context until hasMore ' +
  'is false, into a fresh ClickHouse database each repetition (migrated, untimed). *Separate: plain and pg2ch ' +
  'through a second local endpoint running in its own process (npm run clickhouse), the way npm run stack serves ' +
  'other processes. Variants interleaved within each repetition, order reversed every other repetition. Ratios ' +
  'are of medians: ownCost = plain ÷ pg2ch (target ≥ 0.95), ingest = COPY ÷ plain (target ≥ 0.9).';

/** Per-size state: the samples so far, and scratch databases holding impressions_plain on each endpoint. */
interface Run {
  readonly size: number;
  readonly scratch: BenchDatabase;
  readonly scratchSeparate: BenchDatabase;
  readonly separate: SeparateEndpoint;
  readonly samples: Record<Variant, number[]>;
  readonly handlerReported: number[];
  runs: number;
  /** The newest pg2ch databases; the in-process one is kept (fully synced) for the KPI section. */
  last?: BenchDatabase;
  lastSeparate?: BenchDatabase;
}

async function timePg2ch(ctx: BenchContext, run: Run, separate: boolean): Promise<number> {
  const url = separate ? run.separate.url : ctx.engines.env.CLICKHOUSE_URL;
  const db = await createBenchDatabase({ ...ctx.engines.env, CLICKHOUSE_URL: url });
  await (separate ? run.lastSeparate : run.last)?.drop();
  if (separate) run.lastSeparate = db;
  else run.last = db;
  const { ms, value } = await timed(() => syncUntilDone(ctx.handlers, 'impressions', db.name, url));
  process.env.CLICKHOUSE_URL = ctx.engines.env.CLICKHOUSE_URL;
  if (value.rowsInserted !== run.size)
    throw new Error(`pg2ch inserted ${value.rowsInserted} rows, expected ${run.size}`);
  run.runs = value.runs;
  if (!separate) run.handlerReported.push(value.results.reduce((sum, result) => sum + result.durationMs, 0));
  return ms;
}

/** A bench statement reading PostgreSQL through the named collection of `database`. */
function throughCollection(template: string, database: string): string {
  return renderTemplate(template, { collection: quoteClickhouse(sourceCollectionName(database)) });
}

async function timePlain(scratch: BenchDatabase): Promise<number> {
  await scratch.clickhouse.command({ query: benchSql.truncatePlainImpressions });
  const query = throughCollection(benchSql.insertPlainImpressions, scratch.name);
  return (await timed(() => scratch.clickhouse.command({ query }))).ms;
}

async function timeVariant(ctx: BenchContext, run: Run, variant: Variant): Promise<number> {
  if (variant === 'copy') {
    const { ms, value } = await timed(() => copyOutImpressions(ctx.engines.env.PG_URL));
    if (value.rows !== run.size) throw new Error(`COPY returned ${value.rows} rows, expected ${run.size}`);
    return ms;
  }
  if (variant === 'pull') {
    const query = throughCollection(benchSql.pullToNull, run.scratch.name);
    return (await timed(() => ctx.admin.command({ query }))).ms;
  }
  if (variant === 'plain') return timePlain(run.scratch);
  if (variant === 'plainSeparate') return timePlain(run.scratchSeparate);
  return timePg2ch(ctx, run, variant === 'pg2chSeparate');
}

async function repeat(ctx: BenchContext, run: Run): Promise<void> {
  const { warmup, reps } = ctx.options;
  for (let rep = 0; rep < warmup + reps; rep += 1) {
    const order = rep % 2 === 0 ? [...variants] : [...variants].reverse();
    const times: Partial<Record<Variant, number>> = {};
    for (const variant of order) times[variant] = await timeVariant(ctx, run, variant);
    const label = rep < warmup ? 'warm-up' : `rep ${rep - warmup + 1}/${reps}`;
    const shown = variants.map((variant) => `${variant} ${Math.round(times[variant] ?? 0)} ms`).join(', ');
    ctx.progress(`initial load ${run.size}: ${label}: ${shown}`);
    if (rep < warmup) run.handlerReported.pop();
    else for (const variant of variants) run.samples[variant].push(times[variant] ?? Number.NaN);
  }
}

/** a ÷ b of medians, and the same per repetition (paired). */
function ratio(samples: Record<Variant, number[]>, numerator: Variant, denominator: Variant) {
  const paired = samples[numerator].map((ms, i) => ms / (samples[denominator][i] ?? Number.NaN));
  return {
    median: round(median(samples[numerator]) / median(samples[denominator]), 3),
    paired: { min: round(Math.min(...paired), 3), max: round(Math.max(...paired), 3) },
  };
}

function report(run: Run): Record<string, unknown> {
  const { size, samples } = run;
  const withRate = (summary: Summary) => ({ ...summary, rowsPerSecond: rowsPerSecond(size, summary.median) });
  const summaries = Object.fromEntries(variants.map((variant) => [variant, withRate(summarize(samples[variant]))]));
  const ownCost = ratio(samples, 'plain', 'pg2ch');
  const ownCostSeparate = ratio(samples, 'plainSeparate', 'pg2chSeparate');
  const ingest = ratio(samples, 'copy', 'plain');
  const ingestSeparate = ratio(samples, 'copy', 'plainSeparate');
  const fixedCostMs = round(median(samples.pg2ch) - median(samples.plain));
  return {
    rows: size,
    runs: run.runs,
    ...summaries,
    pg2ch: { ...summaries.pg2ch, handlerReportedMs: summarize(run.handlerReported) },
    ownCost: { ...ownCost, target: targets.ownCost, met: ownCost.median >= targets.ownCost },
    ownCostSeparate: { ...ownCostSeparate, target: targets.ownCost, met: ownCostSeparate.median >= targets.ownCost },
    ingest: { ...ingest, target: targets.ingest, met: ingest.median >= targets.ingest },
    ingestSeparate: { ...ingestSeparate, target: targets.ingest, met: ingestSeparate.median >= targets.ingest },
    pg2chOverPlainMs: fixedCostMs,
    pullRatio: ratio(samples, 'copy', 'pull').median,
    pg2chToCopy: ratio(samples, 'copy', 'pg2ch').median,
  };
}

async function measureSize(ctx: BenchContext, size: number, separate: SeparateEndpoint) {
  await prepareSource(ctx, size);
  const scratch = await createBenchDatabase(ctx.engines.env);
  const scratchSeparate = await createBenchDatabase({ ...ctx.engines.env, CLICKHOUSE_URL: separate.url });
  const samples = Object.fromEntries(variants.map((variant) => [variant, []])) as unknown as Record<Variant, number[]>;
  const run: Run = { size, scratch, scratchSeparate, separate, samples, handlerReported: [], runs: 0 };
  try {
    for (const db of [scratch, scratchSeparate])
      await db.clickhouse.command({ query: benchSql.createPlainImpressions });
    await repeat(ctx, run);
  } finally {
    await Promise.all([scratch.drop(), scratchSeparate.drop(), run.lastSeparate?.drop()]);
  }
  if (run.last) {
    await syncOtherTables(ctx, run.last);
    ctx.loaded.set(size, run.last);
  }
  return report(run);
}

/** Measures every size of `--sizes`, keeping the last pg2ch database of each (all tables synced) for the KPI section. */
async function measureInitialLoad(ctx: BenchContext): Promise<Record<string, unknown>> {
  const separate = await startSeparateEndpoint(join(ctx.workDir, 'separate-clickhouse'));
  try {
    const sizes: Record<string, unknown>[] = [];
    for (const size of ctx.options.sizes) sizes.push(await measureSize(ctx, size, separate));
    const targetText = `ownCost = plain ÷ pg2ch ≥ ${targets.ownCost}; ingest = COPY ÷ plain ≥ ${targets.ingest}`;
    return { method, maxRows: Number(process.env.MAX_ROWS), target: targetText, sizes };
  } finally {
    await separate.stop();
  }
}

export { measureInitialLoad };
