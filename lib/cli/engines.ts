import { createClient } from '@clickhouse/client';
import pg from 'pg';
import { readDotEnv } from '../local/dotEnv.ts';
import { type LocalStack, startLocalStack } from '../local/stack.ts';

/** Where the engines came from: the environment, a stack already running (.env), or started here. */
interface Engines {
  readonly env: Record<string, string>;
  readonly source: 'environment' | 'running stack' | 'embedded';
  readonly stack?: LocalStack & { enableReader(): Promise<void> };
}

async function answers(env: Record<string, string>): Promise<boolean> {
  if (!env.PG_URL || !env.CLICKHOUSE_URL) return false;
  const clickhouse = createClient({ url: env.CLICKHOUSE_URL, request_timeout: 2_000 });
  const client = new pg.Client({ connectionString: env.PG_URL, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    const ping = await clickhouse.ping();
    await client.connect();
    return ping.success;
  } catch {
    return false;
  } finally {
    await clickhouse.close();
    await client.end().catch(() => {});
  }
}

/**
 * Uses PG_URL/CLICKHOUSE_URL when set in the environment; otherwise the stack named in .env if it
 * answers (a `npm run stack` in another terminal); otherwise starts the embedded engines in `dataDir`.
 */
async function resolveEngines(dataDir: string): Promise<Engines> {
  const { PG_URL, CLICKHOUSE_URL } = process.env;
  if (PG_URL && CLICKHOUSE_URL) {
    return { env: { ...(process.env as Record<string, string>) }, source: 'environment' };
  }
  const dotEnv = readDotEnv('.env');
  if (await answers(dotEnv)) return { env: dotEnv, source: 'running stack' };
  const stack = await startLocalStack({ dataDir, pgPort: 54329, clickhousePort: 18123 });
  return { env: { ...stack.env }, source: 'embedded', stack };
}

export type { Engines };
export { resolveEngines };
