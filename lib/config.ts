import { existsSync } from 'node:fs';
import { ConfigError } from './errors.ts';

/** Connection settings every command and function uses (see README, "Configuration"). */
interface Config {
  readonly pgUrl: string;
  /** The PostgreSQL address as the ClickHouse server reaches it (differs under docker compose). */
  readonly pgUrlForClickhouse: string;
  readonly clickhouseUrl: string;
  readonly clickhouseDatabase: string;
  /** Cap on new ids one incremental run reads (MAX_ROWS, default 1,000,000). */
  readonly maxRows: number;
  /**
   * Widest span (safe mark, high mark] an incremental run re-reads whole (MAX_REREAD_IDS, default 1,000,000:
   * a re-read then costs at most about one full run).
   * While a long transaction holds the safe mark back, wider spans re-read only the ids ClickHouse lacks.
   */
  readonly maxRereadIds: number;
  /** The hourly verify function also repairs the drift it finds (VERIFY_REPAIR=1; off by default). */
  readonly verifyRepair: boolean;
  /** A self-managed ClickHouse cluster: DDL runs ON CLUSTER it, tables are Replicated (CLICKHOUSE_CLUSTER; lib/cluster.ts). */
  readonly clickhouseCluster: string | null;
  /** ClickHouse Cloud (CLICKHOUSE_CLOUD=1, or a *.clickhouse.cloud host unless CLICKHOUSE_CLOUD=0; lib/cluster.ts). */
  readonly clickhouseCloud: boolean;
}

/** Positive integer settings: environment key, default. */
const countKeys = { MAX_ROWS: 1_000_000, MAX_REREAD_IDS: 1_000_000 } as const;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Loads `.env` from the working directory into process.env without overriding variables already set.
 * `npm run stack` writes that file so other terminals find the local engines.
 */
function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

function checkUrl(value: string, key: string, protocols: readonly string[]): string | undefined {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) ? undefined : `${key} must start with ${protocols.join(' or ')}//`;
  } catch {
    return `${key} is not a valid URL`;
  }
}

/** CLICKHOUSE_CLOUD=1/true, or unset with a ClickHouse Cloud host (*.clickhouse.cloud). */
function isCloud(flag: string | undefined, clickhouseUrl: string): boolean {
  if (flag === '1' || flag === 'true') return true;
  if (flag === '0' || flag === 'false') return false;
  return URL.canParse(clickhouseUrl) && new URL(clickhouseUrl).hostname.endsWith('.clickhouse.cloud');
}

/**
 * Reads the connection contract from the environment.
 * @throws ConfigError naming every missing or malformed key.
 */
function readConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const keys: string[] = [];
  const pgUrl = env.PG_URL ?? '';
  const clickhouseUrl = env.CLICKHOUSE_URL ?? '';
  const pgUrlForClickhouse = env.PG_URL_FOR_CLICKHOUSE || pgUrl;
  const checks: [string, string, string[]][] = [
    ['PG_URL', pgUrl, ['postgres:', 'postgresql:']],
    ['PG_URL_FOR_CLICKHOUSE', pgUrlForClickhouse, ['postgres:', 'postgresql:']],
    ['CLICKHOUSE_URL', clickhouseUrl, ['http:', 'https:']],
  ];
  for (const [key, value, protocols] of checks) {
    const problem = value === '' ? `${key} is not set` : checkUrl(value, key, protocols);
    if (problem && !keys.includes(key)) {
      keys.push(key);
      problems.push(problem);
    }
  }
  const clickhouseDatabase = env.CLICKHOUSE_DATABASE || 'default';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(clickhouseDatabase)) {
    keys.push('CLICKHOUSE_DATABASE');
    problems.push('CLICKHOUSE_DATABASE must be a plain identifier (letters, digits, underscore)');
  }
  const clickhouseCluster = env.CLICKHOUSE_CLUSTER || null;
  if (clickhouseCluster !== null && !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(clickhouseCluster)) {
    keys.push('CLICKHOUSE_CLUSTER');
    problems.push('CLICKHOUSE_CLUSTER must be a cluster name (letters, digits, underscore, dot, dash)');
  }
  const [maxRows, maxRereadIds] = (['MAX_ROWS', 'MAX_REREAD_IDS'] as const).map((key) => {
    const value = Number(env[key] || countKeys[key]);
    if (Number.isSafeInteger(value) && value >= 1) return value;
    keys.push(key);
    problems.push(`${key} must be a positive integer, got "${env[key]}"`);
    return countKeys[key];
  });
  if (problems.length > 0) {
    const hint = 'start the local engines with `npm run stack`, or set them (see README, "Configuration")';
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}; ${hint}`, keys);
  }
  return Object.freeze({
    pgUrl,
    pgUrlForClickhouse,
    clickhouseUrl,
    clickhouseDatabase,
    maxRows: maxRows ?? countKeys.MAX_ROWS,
    maxRereadIds: maxRereadIds ?? countKeys.MAX_REREAD_IDS,
    verifyRepair: env.VERIFY_REPAIR === '1' || env.VERIFY_REPAIR === 'true',
    clickhouseCluster,
    clickhouseCloud: isCloud(env.CLICKHOUSE_CLOUD, clickhouseUrl),
  });
}

export type { Config, Env };
export { loadDotEnv, readConfig };
