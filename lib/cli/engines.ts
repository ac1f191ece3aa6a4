import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import pg from 'pg';
import { ensureLocalSecrets, readDotEnv } from '../local/dotEnv.ts';
import { type LocalStack, startLocalStack } from '../local/stack.ts';

/** Where the engines came from: the environment, a stack already running (.env), or started here. */
interface Engines {
  readonly env: Record<string, string>;
  readonly source: 'environment' | 'running stack' | 'embedded';
  readonly stack?: LocalStack & { enableReader(): Promise<void> };
}

interface EnginePorts {
  readonly pgPort: number;
  readonly clickhousePort: number;
}

const defaults = { probeTimeoutMs: 2_000 };

/**
 * Whether the engines named in `env` answer: PostgreSQL accepts a connection and ClickHouse a query with the
 * URL's credentials. Silent: a stack that is not running is the usual case, not a warning.
 */
async function answers(env: Record<string, string>): Promise<boolean> {
  if (!env.PG_URL || !env.CLICKHOUSE_URL) return false;
  const client = new pg.Client({ connectionString: env.PG_URL, connectionTimeoutMillis: defaults.probeTimeoutMs });
  client.on('error', () => {});
  const clickhouse = createClient({
    url: env.CLICKHOUSE_URL,
    request_timeout: defaults.probeTimeoutMs,
    log: { level: ClickHouseLogLevel.OFF },
  });
  try {
    await client.connect();
    await clickhouse.command({ query: 'SELECT 1' });
    return true;
  } catch {
    return false;
  } finally {
    await clickhouse.close();
    await client.end().catch(() => {});
  }
}

/**
 * Uses PG_URL/CLICKHOUSE_URL when set in the environment; otherwise the stack named in .env if it
 * answers (a `npm run stack` in another terminal); otherwise starts the embedded engines in `dataDir` on `ports`,
 * the ClickHouse endpoint requiring LOCAL_CLICKHOUSE_PASSWORD from .env (generated there when missing).
 * @throws the engines' start error.
 */
async function resolveEngines(dataDir: string, ports: EnginePorts): Promise<Engines> {
  const { PG_URL, CLICKHOUSE_URL } = process.env;
  if (PG_URL && CLICKHOUSE_URL) {
    return { env: { ...(process.env as Record<string, string>) }, source: 'environment' };
  }
  const dotEnv = readDotEnv('.env');
  if (await answers(dotEnv)) return { env: dotEnv, source: 'running stack' };
  const { LOCAL_CLICKHOUSE_PASSWORD: clickhousePassword } = ensureLocalSecrets('.env');
  const stack = await startLocalStack({ dataDir, ...ports, clickhousePassword });
  return { env: { ...stack.env }, source: 'embedded', stack };
}

export type { EnginePorts, Engines };
export { resolveEngines };
