import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningPostgres, startEmbeddedPostgres } from '../../lib/local/postgres/server.ts';
import { migratePostgres } from '../../lib/migrate/postgres.ts';

/** A PostgreSQL of a test's own (migrated source schema) that the test can stop and start again on the same port. */
interface ScratchPostgres {
  readonly url: string;
  stop(): Promise<void>;
  /** Starts the server again on the same data directory and port (same URL). */
  restart(): Promise<void>;
  /** Stops the server and deletes its data. */
  remove(): Promise<void>;
}

/** A PostgreSQL of the test's own; `settings` are server settings kept across restarts (e.g. max_prepared_transactions). */
async function startScratchPostgres(settings: Readonly<Record<string, string>> = {}): Promise<ScratchPostgres> {
  const parent = mkdtempSync(join(tmpdir(), 'pg2ch-scratch-'));
  chmodSync(parent, 0o755); // PostgreSQL runs as the OS user "postgres" when tests run as root
  const dataDir = join(parent, 'postgres');
  let server: RunningPostgres = await startEmbeddedPostgres({ dataDir, settings });
  await migratePostgres(server.url);
  const { url, port } = server;
  return {
    url,
    stop: () => server.stop(),
    async restart() {
      server = await startEmbeddedPostgres({ dataDir, port, settings });
    },
    async remove() {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

export type { ScratchPostgres };
export { startScratchPostgres };
