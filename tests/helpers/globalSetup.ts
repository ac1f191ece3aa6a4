import { appendFileSync, chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSecret } from '../../lib/local/dotEnv.ts';
import { createScratchDatabase } from '../../lib/local/givenServers.ts';
import { startLocalStack } from '../../lib/local/stack.ts';
import { migratePostgres } from '../../lib/migrate/postgres.ts';

/**
 * Integration tests run on the embedded engines (a fresh PostgreSQL and a chDB endpoint in a temp dir),
 * or on the servers named by PG_URL and CLICKHOUSE_URL when both are set. On given servers they write only to
 * what they create: a database pg2ch_test_<random> on the given PostgreSQL (dropped afterwards; refused when the
 * role cannot create databases) and test_<uuid> databases on ClickHouse (see lib/local/givenServers.ts).
 * Test files get the URLs through process.env. PG2CH_TEST_STACK=1 marks the embedded engines, and
 * PG2CH_TEST_PG_LOG names a file receiving every statement PostgreSQL runs (embedded engines only).
 */
export default async function setup(): Promise<() => Promise<void>> {
  const { PG_URL, CLICKHOUSE_URL, PG_URL_FOR_CLICKHOUSE } = process.env;
  if (PG_URL && CLICKHOUSE_URL) {
    const given = { pgUrl: PG_URL, clickhouseUrl: CLICKHOUSE_URL, pgUrlForClickhouse: PG_URL_FOR_CLICKHOUSE };
    const scratch = await createScratchDatabase(given, 'pg2ch_test_');
    Object.assign(process.env, scratch.env);
    process.stdout.write(`Tests use the given servers; PostgreSQL database ${scratch.name} (dropped at the end).\n`);
    return () => scratch.release();
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'pg2ch-test-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as the OS user "postgres" when tests run as root
  const statementLog = join(dataDir, 'postgres-statements.log');
  const stack = await startLocalStack({
    dataDir,
    fresh: true,
    clickhousePassword: generateSecret(),
    logStatements: true,
    onPostgresLog: (line) => appendFileSync(statementLog, `${line}\n`),
  });
  try {
    await migratePostgres(stack.env.PG_URL);
    await stack.enableReader();
  } catch (error) {
    await stack.stop();
    throw error;
  }
  Object.assign(process.env, stack.env, { PG2CH_TEST_PG_LOG: statementLog, PG2CH_TEST_STACK: '1' });
  return async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
