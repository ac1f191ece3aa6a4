import type { ClickHouseClient } from '@clickhouse/client';
import type pg from 'pg';
import type { BenchOptions, SectionName } from './args.ts';
import type { BenchDatabase } from './clickhouseDb.ts';
import type { BenchEngines } from './engines.ts';
import type { Handlers } from './invoke.ts';
import { loadAverage, round } from './measure.ts';
import type { Print } from './source.ts';

/** What every section gets: options, engines, a source pool, the handlers, a ClickHouse admin client. */
interface BenchContext {
  readonly options: BenchOptions;
  readonly engines: BenchEngines;
  readonly pool: pg.Pool;
  readonly handlers: Handlers;
  /** A client on the server's default database (for statements outside any bench database). */
  readonly admin: ClickHouseClient;
  readonly progress: Print;
  /** ClickHouse databases fully synced (all four tables) at a source size, kept for later sections. */
  readonly loaded: Map<number, BenchDatabase>;
  /** The bench's temporary directory (removed at the end). */
  readonly workDir: string;
  /** Results of sections already run, for the ones that compare with them. */
  readonly results: Map<string, SectionResult>;
}

/** One section's entry in results.json: its figures plus when it ran and how busy the machine was. */
interface SectionResult {
  readonly status: 'ok' | 'failed' | 'skipped' | 'todo';
  readonly startedAt?: string;
  readonly durationS?: number;
  /** os.loadavg() (1, 5, 15 min) before and after the section, as `uptime` prints them. */
  readonly load?: { readonly before: number[]; readonly after: number[] };
  readonly error?: string;
  readonly note?: string;
  readonly [figure: string]: unknown;
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const causes = [error.message];
  for (let cause = error.cause; cause instanceof Error && causes.length < 4; cause = cause.cause)
    causes.push(cause.message);
  return causes.join(': ');
}

/**
 * Runs one section, recording the load average around it. A failure is recorded (status "failed") rather than
 * thrown, so the other sections still run.
 */
async function runSection(
  name: SectionName,
  options: BenchOptions,
  progress: Print,
  work: () => Promise<Record<string, unknown>>,
): Promise<SectionResult> {
  if (!options.sections.includes(name)) return { status: 'skipped' };
  const startedAt = new Date();
  const before = loadAverage();
  progress(`== ${name} (load ${before.join(' ')})`);
  const finish = (fields: Record<string, unknown>): SectionResult => ({
    status: 'ok',
    startedAt: startedAt.toISOString(),
    durationS: round((Date.now() - startedAt.getTime()) / 1000),
    load: { before, after: loadAverage() },
    ...fields,
  });
  try {
    return finish(await work());
  } catch (error) {
    if (process.env.DEBUG) console.error(error);
    progress(`${name} failed: ${describeFailure(error)}`);
    return finish({ status: 'failed', error: describeFailure(error) });
  }
}

export type { BenchContext, SectionResult };
export { describeFailure, runSection };
