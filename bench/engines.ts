import { generateSecret } from '../lib/local/dotEnv.ts';
import { createScratchDatabase } from '../lib/local/givenServers.ts';
import { startLocalStack } from '../lib/local/stack.ts';
import { migratePostgres } from '../lib/migrate/postgres.ts';

/** Round trips the engines saw (embedded engines only): for counting those of one sync run. */
interface RoundTrips {
  /** HTTP requests the ClickHouse endpoint answered. */
  clickhouse: number;
  /** Statements and connections of sessions whose application_name is pg2ch (its coordination sessions). */
  postgresStatements: number;
  postgresConnections: number;
}

/** The engines a bench run uses, and what PostgreSQL logged (embedded engines only). */
interface BenchEngines {
  readonly mode: 'embedded' | 'environment';
  readonly env: { PG_URL: string; PG_URL_FOR_CLICKHOUSE: string; CLICKHOUSE_URL: string };
  /** COPY statements PostgreSQL received, newest last; null when the log is not available. */
  readonly copyStatements: string[] | null;
  /** Counters since the engines started; null on given servers. */
  readonly roundTrips: RoundTrips | null;
  stop(): Promise<void>;
}

const defaults = {
  /** COPY statements kept from PostgreSQL's statement log. */
  keptStatements: 50,
};

/** Each log line names the session's application (log_line_prefix below), so pg2ch's own sessions can be counted. */
const postgresSettings = { log_line_prefix: '%m [%p] app=%a ', log_connections: 'on' };

function readPostgresLine(kept: string[], counts: RoundTrips, line: string): void {
  // Simple queries log `statement: …`, parameterized ones (extended protocol) `execute <unnamed>: …`.
  if (line.includes(' app=pg2ch ') && /(statement|execute [^:]*): /.test(line)) counts.postgresStatements += 1;
  if (line.includes('connection authorized') && line.includes('application_name=pg2ch'))
    counts.postgresConnections += 1;
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
    return { mode: 'environment', env, copyStatements: null, roundTrips: null, stop: () => scratch.release() };
  }
  const copyStatements: string[] = [];
  const roundTrips: RoundTrips = { clickhouse: 0, postgresStatements: 0, postgresConnections: 0 };
  const stack = await startLocalStack({
    dataDir,
    fresh: true,
    clickhousePassword: generateSecret(),
    logStatements: true,
    postgresSettings,
    onPostgresLog: (line) => readPostgresLine(copyStatements, roundTrips, line),
    onClickhouseLog: () => {
      roundTrips.clickhouse += 1;
    },
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
    roundTrips,
    stop: () => stack.stop(),
  };
}

export type { BenchEngines, RoundTrips };
export { startBenchEngines };
