import { resolve } from 'node:path';
import { parseCli, positiveInteger } from '../lib/cli/cliSupport.ts';
import { UsageError } from '../lib/errors.ts';

const sectionNames = [
  'initialLoad',
  'incremental',
  'reread',
  'kpi',
  'footprint',
  'generator',
  'overhead',
  'catchUp',
  'backfill',
  'kpiScale',
  'start',
] as const;
type SectionName = (typeof sectionNames)[number];

/** The generator command measured by the generator section (`npm run seed -- batch …`). */
interface BatchShape {
  readonly advertisers: number;
  readonly campaigns: number;
  readonly impressions: number;
  readonly ctr: string;
}

interface BenchOptions {
  /** Impression counts for the initial-load and KPI sections, ascending; the last one is also the "large" table. */
  readonly sizes: readonly number[];
  readonly reps: number;
  readonly warmup: number;
  /** Samples per KPI endpoint and variant (p50/p95 need more than `reps`). */
  readonly kpiSamples: number;
  /** Impressions in the small table of the incremental section. */
  readonly incrementalBase: number;
  /** New rows per incremental sync. */
  readonly increment: number;
  /** Syncs run while a transaction holds the safe mark back (re-read section). */
  readonly heldRuns: number;
  readonly batch: BatchShape;
  /** Impressions in the source for the backfill section, and the --parallel values it compares. */
  readonly backfillRows: number;
  readonly backfillParallel: readonly number[];
  /** Ids per backfill range (backfill section). */
  readonly backfillRangeIds: number;
  /** The catch-up section's backlog, and the MAX_ROWS one window may read. */
  readonly catchUpRows: number;
  readonly catchUpMaxRows: number;
  /** Events generated directly in ClickHouse for the KPI-at-scale section. */
  readonly kpiScaleEvents: number;
  readonly out: string;
  readonly quick: boolean;
  readonly sections: readonly SectionName[];
}

const defaults = {
  sizes: [1_000_000, 5_000_000],
  reps: 5,
  warmup: 1,
  kpiSamples: 20,
  incrementalBase: 100_000,
  increment: 10_000,
  heldRuns: 12,
  batch: { advertisers: 10, campaigns: 10, impressions: 10_000, ctr: '0.08' },
  backfillRows: 20_000_000,
  backfillParallel: [1, 2, 4],
  backfillRangeIds: 1_000_000,
  catchUpRows: 5_000_000,
  catchUpMaxRows: 1_000_000,
  kpiScaleEvents: 100_000_000,
  out: 'bench/results.json',
};

/** `--quick`: a smoke run of seconds (tiny tables, 1 repetition); timings are not meaningful. */
const quickDefaults = {
  sizes: [2_000, 5_000],
  reps: 1,
  kpiSamples: 2,
  incrementalBase: 1_000,
  increment: 100,
  heldRuns: 2,
  batch: { advertisers: 2, campaigns: 2, impressions: 250, ctr: '0.08' },
  backfillRows: 20_000,
  backfillRangeIds: 2_500,
  catchUpRows: 5_000,
  catchUpMaxRows: 1_000,
  kpiScaleEvents: 200_000,
};

const usage = `
Usage: npm run bench -- [--quick] [--sizes N,N] [--reps N] [--out FILE] [...]

Measures pg2ch on the embedded engines (own temp data dir and free ports, removed at the end), or on
PG_URL / CLICKHOUSE_URL when both are set (in a PostgreSQL database pg2ch_bench_<random> and ClickHouse databases
bench_<uuid> of its own, dropped at the end: nothing of yours is touched).
Prints a table and writes the results as JSON. See BENCHMARKS.md for what each figure means.

Sections: initial load vs COPY-out and vs a plain INSERT, incremental cost vs table size, incremental fixed overhead
and round trips, catch-up of a backlog in one invocation, backfill vs COPY-out, re-read overhead of the safety window,
KPI latency vs a naive query (and at scale, events generated in ClickHouse), function footprint, generator speed,
npm start on a fresh clone.

Options:
  --sizes N,N            impressions for initial load and KPIs (default 1000000,5000000; multiples of 100)
  --reps N               measured repetitions after warm-up (default 5)
  --warmup N             warm-up repetitions, not counted (default 1)
  --kpi-samples N        samples per KPI endpoint for p50/p95 (default 20)
  --incremental-base N   impressions in the small table of the incremental section (default 100000)
  --increment N          new rows per incremental sync (default 10000)
  --held-runs N          syncs while a transaction holds the safe mark back (default 12)
  --backfill-rows N      impressions for the backfill section (default 20000000)
  --backfill-parallel L  --parallel values the backfill section compares (default 1,2,4)
  --catch-up-rows N      backlog of the catch-up section (default 5000000, copied with MAX_ROWS 1000000)
  --kpi-scale-events N   events generated in ClickHouse for the KPI-at-scale section (default 100000000)
  --sections LIST        run only these (${sectionNames.join(',')}); the others are marked skipped
  --out FILE             results JSON (default bench/results.json)
  --quick                tiny sizes, 1 repetition: a smoke run of seconds, not a measurement
  -h, --help             show this help
`;

function parseList(flag: string, raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw new UsageError(flag, `${flag} must be a comma-separated list`);
  return items;
}

function parseSizes(raw: string | undefined): number[] | undefined {
  const sizes = parseList('--sizes', raw)?.map((item) => positiveInteger('--sizes', item, 0));
  if (sizes?.some((size) => size % 100 !== 0)) throw new UsageError('--sizes', '--sizes must be multiples of 100');
  return sizes?.sort((a, b) => a - b);
}

function parseSections(raw: string | undefined): SectionName[] | undefined {
  const names = parseList('--sections', raw);
  for (const name of names ?? []) {
    if (!(sectionNames as readonly string[]).includes(name)) {
      throw new UsageError('--sections', `unknown section "${name}" (expected ${sectionNames.join(', ')})`);
    }
  }
  return names as SectionName[] | undefined;
}

/**
 * Parses the bench CLI's flags (prints the usage and exits for --help).
 * @throws UsageError naming the offending flag.
 */
function parseBenchArgs(argv: string[]): BenchOptions {
  const text = (type: 'string') => ({ type });
  const { values } = parseCli(
    argv,
    {
      sizes: text('string'),
      reps: text('string'),
      warmup: text('string'),
      'kpi-samples': text('string'),
      'incremental-base': text('string'),
      increment: text('string'),
      'held-runs': text('string'),
      'backfill-rows': text('string'),
      'backfill-parallel': text('string'),
      'catch-up-rows': text('string'),
      'kpi-scale-events': text('string'),
      sections: text('string'),
      out: text('string'),
      quick: { type: 'boolean' },
    },
    usage,
  );
  const quick = values.quick === true;
  const base = quick ? { ...defaults, ...quickDefaults } : defaults;
  const string = (name: string) => values[name] as string | undefined;
  const warmup = string('warmup') === '0' ? 0 : positiveInteger('--warmup', string('warmup'), base.warmup);
  return {
    sizes: parseSizes(string('sizes')) ?? base.sizes,
    reps: positiveInteger('--reps', string('reps'), base.reps),
    warmup,
    kpiSamples: positiveInteger('--kpi-samples', string('kpi-samples'), base.kpiSamples),
    incrementalBase: positiveInteger('--incremental-base', string('incremental-base'), base.incrementalBase),
    increment: positiveInteger('--increment', string('increment'), base.increment),
    heldRuns: positiveInteger('--held-runs', string('held-runs'), base.heldRuns),
    batch: base.batch,
    backfillRows: positiveInteger('--backfill-rows', string('backfill-rows'), base.backfillRows),
    backfillParallel:
      parseList('--backfill-parallel', string('backfill-parallel'))?.map((item) =>
        positiveInteger('--backfill-parallel', item, 1),
      ) ?? base.backfillParallel,
    backfillRangeIds: base.backfillRangeIds,
    catchUpRows: positiveInteger('--catch-up-rows', string('catch-up-rows'), base.catchUpRows),
    catchUpMaxRows: base.catchUpMaxRows,
    kpiScaleEvents: positiveInteger('--kpi-scale-events', string('kpi-scale-events'), base.kpiScaleEvents),
    out: resolve(string('out') ?? base.out),
    quick,
    sections: parseSections(string('sections')) ?? [...sectionNames],
  };
}

export type { BatchShape, BenchOptions, SectionName };
export { parseBenchArgs, sectionNames };
