import { appendFileSync, chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSecret } from '../../lib/local/dotEnv.ts';
import { startLocalStack } from '../../lib/local/stack.ts';
import { migratePostgres } from '../../lib/migrate/postgres.ts';

/**
 * Integration tests run on the embedded engines (a fresh PostgreSQL and a chDB endpoint in a temp dir),
 * or on the servers named by PG_URL and CLICKHOUSE_URL when both are set (e.g. docker compose).
 * Test files get the URLs through process.env, and PG2CH_TEST_PG_LOG names a file receiving every
 * statement PostgreSQL runs (embedded engines only).
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.PG_URL && process.env.CLICKHOUSE_URL) {
    await migratePostgres(process.env.PG_URL);
    return async () => {};
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
  await migratePostgres(stack.env.PG_URL);
  await stack.enableReader();
  Object.assign(process.env, stack.env, { PG2CH_TEST_PG_LOG: statementLog, PG2CH_TEST_STACK: '1' });
  return async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
