import { generateSecret } from '../lib/local/dotEnv.ts';
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
 * Uses PG_URL / CLICKHOUSE_URL when both are set, otherwise starts the embedded engines in `dataDir`
 * (fresh, free ports, PostgreSQL statement log on). Applies the PostgreSQL schema either way.
 * @throws the engine's start or migration error.
 */
async function startBenchEngines(dataDir: string): Promise<BenchEngines> {
  const { PG_URL, CLICKHOUSE_URL, PG_URL_FOR_CLICKHOUSE } = process.env;
  if (PG_URL && CLICKHOUSE_URL) {
    await migratePostgres(PG_URL);
    const env = { PG_URL, CLICKHOUSE_URL, PG_URL_FOR_CLICKHOUSE: PG_URL_FOR_CLICKHOUSE || PG_URL };
    return { mode: 'environment', env, copyStatements: null, stop: async () => {} };
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
