import { createHash } from 'node:crypto';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import enableReader from '../../sql/local/enable_reader.sql';
import { startChdbServer } from './clickhouse/chdbServer.ts';
import { findBlockedDir, resolveOsIds } from './postgres/binaries.ts';
import { startEmbeddedPostgres } from './postgres/server.ts';

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
  /** The password the ClickHouse endpoint requires (LOCAL_CLICKHOUSE_PASSWORD, see lib/local/dotEnv.ts). */
  clickhousePassword: string;
  fresh?: boolean;
  /** 0 picks a free port. */
  pgPort?: number;
  clickhousePort?: number;
  /** Sends every PostgreSQL statement to `onPostgresLog` (tests check predicate pushdown with it). */
  logStatements?: boolean;
  /** Extra PostgreSQL server settings (`-c name=value`), e.g. a log_line_prefix naming each session's application. */
  postgresSettings?: Readonly<Record<string, string>>;
  onPostgresLog?: (line: string) => void;
  onClickhouseLog?: (line: string) => void;
}

interface LocalStack {
  readonly env: StackEnv;
  /** Things the user should know, e.g. where PostgreSQL data went when the project dir is not reachable. */
  readonly notes: readonly string[];
  /** Stops both engines and waits for them. Idempotent. */
  stop(): Promise<void>;
  /** Asks PostgreSQL to shut down without waiting (it finishes alone); for a process about to exit at once. */
  stopNow(): void;
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
 * Where PostgreSQL keeps its data: `<dataDir>/postgres`, unless the server's OS user (root runs it as
 * "postgres") cannot traverse the project's parent directories, e.g. a project under a 0700 home.
 * Then a directory under the system temp dir, named after `dataDir`, so it is the same one every run.
 */
async function postgresDataDir(dataDir: string): Promise<{ dir: string; note?: string }> {
  await mkdir(dataDir, { recursive: true });
  await chmod(dataDir, 0o755);
  const ids = await resolveOsIds();
  const blocked = ids ? await findBlockedDir(dataDir, ids) : undefined;
  if (!blocked) return { dir: join(dataDir, 'postgres') };
  const key = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `pg2ch-data-${key}`, 'postgres');
  await mkdir(join(tmpdir(), `pg2ch-data-${key}`), { recursive: true, mode: 0o755 });
  return { dir, note: `${blocked} is not reachable by the OS user "postgres": PostgreSQL data is in ${dir}` };
}

/**
 * Starts the embedded PostgreSQL and the chDB-backed ClickHouse endpoint on loopback. Schemas are not
 * applied here (see lib/cli/migrate.ts), except that `migrate` must have created pg2ch_reader before
 * `enableReader` runs: call `stack.enableReader()` after migrating PostgreSQL. The ClickHouse endpoint requires
 * `clickhousePassword`; `env.CLICKHOUSE_URL` carries it.
 * @throws Error with the engine's reason when either fails to start; the other one is stopped again.
 */
async function startLocalStack(options: LocalStackOptions): Promise<LocalStack & { enableReader(): Promise<void> }> {
  const { dataDir, fresh, pgPort, clickhousePort, logStatements, onPostgresLog, onClickhouseLog, clickhousePassword } =
    { ...defaults, ...options };
  const postgresDir = await postgresDataDir(dataDir);
  const postgres = await startEmbeddedPostgres({
    dataDir: postgresDir.dir,
    port: pgPort,
    fresh,
    logStatements,
    ...(options.postgresSettings ? { settings: options.postgresSettings } : {}),
    onLog: onPostgresLog ?? (() => {}),
  });
  const clickhouseDir = join(dataDir, 'clickhouse');
  if (fresh) await rm(clickhouseDir, { recursive: true, force: true });
  const clickhouse = await startChdbServer({
    dataDir: clickhouseDir,
    port: clickhousePort,
    password: clickhousePassword,
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
    notes: postgresDir.note ? [postgresDir.note] : [],
    enableReader: () => enableReaderLogin(postgres.url),
    async stop() {
      await Promise.allSettled([clickhouse.close(), postgres.stop()]);
    },
    stopNow: () => postgres.requestStop(),
  };
}

export type { LocalStack, LocalStackOptions, StackEnv };
export { readerUrl, startLocalStack };
