import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import enableReader from '../../sql/local/enable_reader.sql';
import { startChdbServer } from './chdbServer.ts';
import { startEmbeddedPostgres } from './postgres.ts';

/** Connection values of a running local stack, as written to `.env`. */
type StackEnv = {
  PG_URL: string;
  PG_URL_FOR_CLICKHOUSE: string;
  CLICKHOUSE_URL: string;
  CLICKHOUSE_DATABASE: string;
};

interface LocalStackOptions {
  /** Holds `postgres/` and `clickhouse/`; kept between runs unless `fresh`. */
  dataDir: string;
  fresh?: boolean;
  /** 0 picks a free port. */
  pgPort?: number;
  clickhousePort?: number;
  /** Sends every PostgreSQL statement to `onPostgresLog` (tests check predicate pushdown with it). */
  logStatements?: boolean;
  onPostgresLog?: (line: string) => void;
  onClickhouseLog?: (line: string) => void;
}

interface LocalStack {
  readonly env: StackEnv;
  stop(): Promise<void>;
}

const defaults = { fresh: false, pgPort: 0, clickhousePort: 0, logStatements: false };
const readerUser = 'pg2ch_reader';
const readerPassword = 'pg2ch-reader-local';

/** The URL ClickHouse uses: same server and database, the read-only role (see sql/postgres/0002). */
function readerUrl(pgUrl: string): string {
  const url = new URL(pgUrl);
  url.username = readerUser;
  url.password = readerPassword;
  return url.toString();
}

async function enableReaderLogin(pgUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(enableReader);
  } finally {
    await client.end();
  }
}

/**
 * Starts the embedded PostgreSQL and the chDB-backed ClickHouse endpoint on loopback. Schemas are not
 * applied here (see lib/cli/migrate.ts), except that `migrate` must have created pg2ch_reader before
 * `enableReader` runs: call `stack.enableReader()` after migrating PostgreSQL.
 * @throws Error with the engine's reason when either fails to start; the other one is stopped again.
 */
async function startLocalStack(options: LocalStackOptions): Promise<LocalStack & { enableReader(): Promise<void> }> {
  const { dataDir, fresh, pgPort, clickhousePort, logStatements, onPostgresLog, onClickhouseLog } = {
    ...defaults,
    ...options,
  };
  const postgres = await startEmbeddedPostgres({
    dataDir: join(dataDir, 'postgres'),
    port: pgPort,
    fresh,
    logStatements,
    onLog: onPostgresLog,
  });
  const clickhouseDir = join(dataDir, 'clickhouse');
  if (fresh) await rm(clickhouseDir, { recursive: true, force: true });
  const clickhouse = await startChdbServer({
    dataDir: clickhouseDir,
    port: clickhousePort,
    onLog: onClickhouseLog,
  }).catch(async (error: unknown) => {
    await postgres.stop();
    throw error;
  });
  const env: StackEnv = {
    PG_URL: postgres.url,
    PG_URL_FOR_CLICKHOUSE: readerUrl(postgres.url),
    CLICKHOUSE_URL: clickhouse.url,
    CLICKHOUSE_DATABASE: 'default',
  };
  return {
    env,
    enableReader: () => enableReaderLogin(postgres.url),
    async stop() {
      await Promise.allSettled([clickhouse.close(), postgres.stop()]);
    },
  };
}

export type { LocalStack, LocalStackOptions, StackEnv };
export { readerUrl, startLocalStack };
