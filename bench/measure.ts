import { loadavg } from 'node:os';

/** Repeated timings of one thing, in milliseconds (warm-up runs excluded). */
interface Summary {
  readonly samples: number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

interface Percentiles extends Summary {
  readonly p50: number;
  readonly p95: number;
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function sorted(samples: readonly number[]): number[] {
  return [...samples].sort((a, b) => a - b);
}

/** Median of `samples` (mean of the middle two for an even count). */
function median(samples: readonly number[]): number {
  const values = sorted(samples);
  if (values.length === 0) return Number.NaN;
  const middle = Math.floor(values.length / 2);
  return values.length % 2 === 1
    ? (values[middle] ?? Number.NaN)
    : ((values[middle - 1] ?? 0) + (values[middle] ?? 0)) / 2;
}

/** Nearest-rank percentile: the smallest sample with at least p % of the samples at or below it. */
function percentile(samples: readonly number[], p: number): number {
  const values = sorted(samples);
  const rank = Math.max(1, Math.ceil((p / 100) * values.length));
  return values[rank - 1] ?? Number.NaN;
}

/** Median and min–max of measured samples. */
function summarize(samples: readonly number[]): Summary {
  const values = sorted(samples);
  return {
    samples: samples.map((value) => round(value)),
    median: round(median(values)),
    min: round(values[0] ?? Number.NaN),
    max: round(values[values.length - 1] ?? Number.NaN),
  };
}

/** summarize() plus nearest-rank p50 and p95. */
function summarizePercentiles(samples: readonly number[]): Percentiles {
  return { ...summarize(samples), p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)) };
}

/** Runs `work` and returns how long it took in milliseconds, with its result. */
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const startedAt = performance.now();
  const value = await work();
  return { ms: performance.now() - startedAt, value };
}

/** Rows per second for `rows` rows in `ms` milliseconds. */
function rowsPerSecond(rows: number, ms: number): number {
  return Math.round((rows * 1000) / ms);
}

/** The 1-, 5- and 15-minute load averages, as `uptime` shows them. */
function loadAverage(): number[] {
  return loadavg().map((value) => round(value, 2));
}

export type { Percentiles, Summary };
export { loadAverage, median, percentile, round, rowsPerSecond, summarize, summarizePercentiles, timed };
