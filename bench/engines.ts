import { generateSecret } from '../lib/local/dotEnv.ts';
import { createScratchDatabase } from '../lib/local/givenServers.ts';
import { startLocalStack } from '../lib/local/stack.ts';
import { migratePostgres } from '../lib/migrate/postgres.ts';

/** The engines a bench run uses, and what PostgreSQL logged (embedded engines only). */
interface BenchEngines {
  readonly mode: 'embedded' | 'environment';
  readonly env: { PG_URL: string; PG_URL_FOR_CLICKHOUSE: string; CLICKHOUSE_URL: string };
  /** COPY statements PostgreSQL received, newest last; null when the log is not available. */
  readonly copyStatements: string[] | null;
  stop(): Promise<void>;
}

const defaults = {
  /** COPY statements kept from PostgreSQL's statement log. */
  keptStatements: 50,
};

function keepCopyStatement(kept: string[], line: string): void {
  const at = line.indexOf('statement: COPY');
  if (at < 0) return;
  kept.push(line.slice(at + 'statement: '.length));
  if (kept.length > defaults.keptStatements) kept.shift();
}

/**
 * Uses PG_URL / CLICKHOUSE_URL when both are set, writing only to what it creates there: a PostgreSQL database
 * pg2ch_bench_<random> (the source schema applied, dropped by stop()) and bench_<uuid> ClickHouse databases.
 * Otherwise starts the embedded engines in `dataDir` (fresh, free ports, PostgreSQL statement log on).
 * @throws GivenServerError when the given servers cannot be used that way; the engine's start or migration error.
 */
async function startBenchEngines(dataDir: string): Promise<BenchEngines> {
  const { PG_URL, CLICKHOUSE_URL, PG_URL_FOR_CLICKHOUSE } = process.env;
  if (PG_URL && CLICKHOUSE_URL) {
    const given = { pgUrl: PG_URL, clickhouseUrl: CLICKHOUSE_URL, pgUrlForClickhouse: PG_URL_FOR_CLICKHOUSE };
    const scratch = await createScratchDatabase(given, 'pg2ch_bench_');
    const env = { ...scratch.env, CLICKHOUSE_URL };
    return { mode: 'environment', env, copyStatements: null, stop: () => scratch.release() };
  }
  const copyStatements: string[] = [];
  const stack = await startLocalStack({
    dataDir,
    fresh: true,
    clickhousePassword: generateSecret(),
    logStatements: true,
    onPostgresLog: (line) => keepCopyStatement(copyStatements, line),
  });
  try {
    await migratePostgres(stack.env.PG_URL);
    await stack.enableReader();
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const { PG_URL: pgUrl, PG_URL_FOR_CLICKHOUSE: readerUrl, CLICKHOUSE_URL: clickhouseUrl } = stack.env;
  return {
    mode: 'embedded',
    env: { PG_URL: pgUrl, PG_URL_FOR_CLICKHOUSE: readerUrl, CLICKHOUSE_URL: clickhouseUrl },
    copyStatements,
    stop: () => stack.stop(),
  };
}

export type { BenchEngines };
export { startBenchEngines };
