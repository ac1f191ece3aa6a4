// Section 1: initial load of impressions through the sync handler, next to PostgreSQL's raw COPY-out.
import { quoteClickhouse, sourceCollectionName } from '../lib/tables/identifiers.ts';
import { renderTemplate } from '../lib/tables/render.ts';
import { type BenchDatabase, createBenchDatabase } from './clickhouseDb.ts';
import { syncUntilDone } from './invoke.ts';
import { median, round, rowsPerSecond, type Summary, summarize, timed } from './measure.ts';
import { prepareSource, syncOtherTables } from './prepare.ts';
import type { BenchContext } from './section.ts';
import { copyOutImpressions } from './source.ts';
import { benchSql } from './sql.ts';

const variants = ['copy', 'pull', 'plain', 'pg2ch'] as const;
type Variant = (typeof variants)[number];

const target = 0.8;

const method =
  'pg2ch: the handlers/syncImpressions.ts handler (middy, config, run lock, snapshot, INSERT … SELECT FROM ' +
  'postgresql() with the dedup filter, window counts, materialized view into events_hourly, watermark) invoked ' +
  'in-process with a Lambda context until hasMore is false, each repetition into a fresh ClickHouse database ' +
  '(migrated, untimed). copy: COPY (SELECT id, campaign_id, created_at FROM impressions) TO STDOUT over a new pg ' +
  'connection, drained by pg-copy-streams (text format, rows counted). pull: ClickHouse reads the same rows through ' +
  'postgresql() into FORMAT Null (transfer, no table write). plain: one INSERT … SELECT FROM postgresql() into a ' +
  'table shaped like impressions_raw without the materialized view (emptied, untimed, before each repetition). ' +
  'Variants are interleaved within each repetition, order reversed every other repetition.';

/** Per-size state: the samples so far, and a scratch database holding impressions_plain. */
interface Run {
  readonly size: number;
  readonly scratch: BenchDatabase;
  readonly samples: Record<Variant, number[]>;
  readonly handlerReported: number[];
  runs: number;
  /** The newest pg2ch database; kept (fully synced) for the KPI section. */
  last?: BenchDatabase;
}

async function timeVariant(ctx: BenchContext, run: Run, variant: Variant): Promise<number> {
  if (variant === 'copy') {
    const { ms, value } = await timed(() => copyOutImpressions(ctx.engines.env.PG_URL));
    if (value.rows !== run.size) throw new Error(`COPY returned ${value.rows} rows, expected ${run.size}`);
    return ms;
  }
  const collection = { collection: quoteClickhouse(sourceCollectionName(run.scratch.name)) };
  if (variant === 'pull') {
    const query = renderTemplate(benchSql.pullToNull, collection);
    return (await timed(() => ctx.admin.command({ query }))).ms;
  }
  if (variant === 'plain') {
    await run.scratch.clickhouse.command({ query: benchSql.truncatePlainImpressions });
    const query = renderTemplate(benchSql.insertPlainImpressions, collection);
    return (await timed(() => run.scratch.clickhouse.command({ query }))).ms;
  }
  const db = await createBenchDatabase(ctx.engines.env);
  await run.last?.drop();
  run.last = db;
  const { ms, value } = await timed(() => syncUntilDone(ctx.handlers, 'impressions', db.name));
  if (value.rowsInserted !== run.size)
    throw new Error(`pg2ch inserted ${value.rowsInserted} rows, expected ${run.size}`);
  run.runs = value.runs;
  run.handlerReported.push(value.results.reduce((sum, result) => sum + result.durationMs, 0));
  return ms;
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

function report(run: Run): Record<string, unknown> {
  const { size, samples } = run;
  const withRate = (summary: Summary) => ({ ...summary, rowsPerSecond: rowsPerSecond(size, summary.median) });
  const [copy, pull, plain, pg2ch] = variants.map((variant) => withRate(summarize(samples[variant])));
  const paired = samples.pg2ch.map((ms, i) => (samples.copy[i] ?? Number.NaN) / ms);
  const ratio = round((copy?.median ?? 0) / (pg2ch?.median ?? 1), 3);
  return {
    rows: size,
    runs: run.runs,
    copy,
    pull,
    plain,
    pg2ch: { ...pg2ch, handlerReportedMs: summarize(run.handlerReported) },
    ratio,
    pairedRatio: {
      median: round(median(paired), 3),
      min: round(Math.min(...paired), 3),
      max: round(Math.max(...paired), 3),
    },
    pullRatio: round((copy?.median ?? 0) / (pull?.median ?? 1), 3),
    plainRatio: round((copy?.median ?? 0) / (plain?.median ?? 1), 3),
    target,
    met: ratio >= target,
  };
}

async function measureSize(ctx: BenchContext, size: number): Promise<Record<string, unknown>> {
  await prepareSource(ctx, size);
  const scratch = await createBenchDatabase(ctx.engines.env);
  const run: Run = {
    size,
    scratch,
    samples: { copy: [], pull: [], plain: [], pg2ch: [] },
    handlerReported: [],
    runs: 0,
  };
  try {
    await scratch.clickhouse.command({ query: benchSql.createPlainImpressions });
    await repeat(ctx, run);
  } finally {
    await scratch.drop();
  }
  if (run.last) {
    await syncOtherTables(ctx, run.last);
    ctx.loaded.set(size, run.last);
  }
  return report(run);
}

/** Measures every size of `--sizes`, keeping the last pg2ch database of each (all tables synced) for the KPI section. */
async function measureInitialLoad(ctx: BenchContext): Promise<Record<string, unknown>> {
  const sizes: Record<string, unknown>[] = [];
  for (const size of ctx.options.sizes) sizes.push(await measureSize(ctx, size));
  return { method, maxRows: Number(process.env.MAX_ROWS), target: `pg2ch rows/s ÷ COPY rows/s ≥ ${target}`, sizes };
}

export { measureInitialLoad };
