import { readdir, readFile } from 'node:fs/promises';
import pg from 'pg';
import appliedMigrations from '../../sql/postgres_meta/applied_migrations.sql';
import lock from '../../sql/postgres_meta/lock.sql';
import migrationsTable from '../../sql/postgres_meta/migrations_table.sql';
import recordMigration from '../../sql/postgres_meta/record_migration.sql';
import unlock from '../../sql/postgres_meta/unlock.sql';

interface MigratePostgresOptions {
  /** Receives one line per applied file. */
  log?: (line: string) => void;
}

interface MigratePostgresResult {
  /** Versions (file names without `.sql`) applied by this run, in order. */
  applied: string[];
}

const defaults: Required<MigratePostgresOptions> = { log: () => {} };
// Read from disk at run time: this module runs from CLIs and tests, never inside a Lambda bundle.
const migrationsDir = new URL('../../sql/postgres/', import.meta.url);

async function readMigrations(): Promise<{ version: string; text: string }[]> {
  const files = (await readdir(migrationsDir)).filter((file) => file.endsWith('.sql')).sort();
  return Promise.all(
    files.map(async (file) => ({
      version: file.slice(0, -'.sql'.length),
      text: await readFile(new URL(file, migrationsDir), 'utf8'),
    })),
  );
}

async function applyMigration(client: pg.Client, version: string, text: string): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(text);
    await client.query(recordMigration, [version]);
    await client.query('COMMIT');
  } catch (cause) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new Error(`failed to apply sql/postgres/${version}.sql: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Applies the files of sql/postgres/ not yet recorded in pg2ch_schema_migrations, in file-name order, each in its
 * own transaction, under an advisory lock so that concurrent runs apply each file once.
 * @throws Error naming the failing file (earlier files stay applied), or the connection error.
 */
async function migratePostgres(pgUrl: string, options: MigratePostgresOptions = {}): Promise<MigratePostgresResult> {
  const { log } = { ...defaults, ...options };
  const migrations = await readMigrations();
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(lock);
    await client.query(migrationsTable);
    const done = new Set((await client.query<{ version: string }>(appliedMigrations)).rows.map((row) => row.version));
    const applied: string[] = [];
    for (const { version, text } of migrations) {
      if (done.has(version)) continue;
      await applyMigration(client, version, text);
      log(`applied sql/postgres/${version}.sql`);
      applied.push(version);
    }
    return { applied };
  } finally {
    await client.query(unlock).catch(() => undefined);
    await client.end();
  }
}

export type { MigratePostgresOptions, MigratePostgresResult };
export { migratePostgres };
