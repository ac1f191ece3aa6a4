import { existsSync } from 'node:fs';
import { ConfigError } from './errors.ts';

/** Where pg2ch's ClickHouse data lives: the server (HTTP interface) and the database. */
interface ClickhouseConfig {
  readonly clickhouseUrl: string;
  readonly clickhouseDatabase: string;
}

/** Connection settings every sync, verify and migrate run uses (see README, "Configuration"). */
interface Config extends ClickhouseConfig {
  readonly pgUrl: string;
  /** The PostgreSQL address as the ClickHouse server reaches it (differs under docker compose). */
  readonly pgUrlForClickhouse: string;
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

/** PostgreSQL sslmode values under which the connection is always encrypted. */
const tlsSslModes = ['require', 'verify-ca', 'verify-full'];

const hint = 'start the local engines with `npm run stack`, or set them (see README, "Configuration")';

type Env = Readonly<Record<string, string | undefined>>;

/** Collects every problem of a configuration, so one error names them all. */
class Problems {
  readonly keys: string[] = [];
  readonly messages: string[] = [];
  add(key: string, message: string): void {
    if (this.keys.includes(key)) return;
    this.keys.push(key);
    this.messages.push(message);
  }
  /** @throws ConfigError naming every problem collected. */
  throwIfAny(): void {
    if (this.keys.length > 0) {
      throw new ConfigError(`invalid configuration: ${this.messages.join('; ')}; ${hint}`, this.keys);
    }
  }
}

/**
 * Loads `.env` from the working directory into process.env without overriding variables already set.
 * `npm run stack` writes that file so other terminals find the local engines.
 */
function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/** True for localhost, *.localhost, 127.0.0.0/8 and ::1: traffic that never leaves the machine. Pure. */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1';
}

/** Why `url` (already parsed) is refused as a plaintext address, or undefined when it is encrypted or local. */
function plaintextProblem(key: string, url: URL, env: Env): string | undefined {
  if (env.ALLOW_INSECURE === '1' || isLoopbackHost(url.hostname)) return undefined;
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') {
    return `${key} must use https:// for a host other than loopback (or set ALLOW_INSECURE=1)`;
  }
  const sslmode = url.searchParams.get('sslmode') ?? '';
  const ssl = url.searchParams.get('ssl') ?? '';
  if (tlsSslModes.includes(sslmode) || ssl === 'true' || ssl === '1') return undefined;
  return `${key} must ask for TLS with ?sslmode=verify-full (or require) for a host other than loopback (or set ALLOW_INSECURE=1)`;
}

/**
 * Checks one address: set, a URL of one of `protocols`, and encrypted unless it points at loopback or
 * ALLOW_INSECURE=1. Records a problem and returns the value.
 */
function checkAddress(problems: Problems, env: Env, key: string, value: string, protocols: readonly string[]): string {
  if (value === '') {
    problems.add(key, `${key} is not set`);
    return value;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.add(key, `${key} is not a valid URL`);
    return value;
  }
  if (!protocols.includes(url.protocol)) problems.add(key, `${key} must start with ${protocols.join(' or ')}//`);
  else {
    const plaintext = plaintextProblem(key, url, env);
    if (plaintext) problems.add(key, plaintext);
  }
  return value;
}

function checkDatabase(problems: Problems, env: Env): string {
  const database = env.CLICKHOUSE_DATABASE || 'default';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) {
    problems.add('CLICKHOUSE_DATABASE', 'CLICKHOUSE_DATABASE must be a plain identifier (letters, digits, underscore)');
  }
  return database;
}

/** CLICKHOUSE_CLUSTER: a cluster name, and not together with ClickHouse Cloud (whose database replicates DDL itself). */
function checkCluster(problems: Problems, env: Env, cloud: boolean): string | null {
  const cluster = env.CLICKHOUSE_CLUSTER || null;
  if (cluster !== null && !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(cluster)) {
    problems.add(
      'CLICKHOUSE_CLUSTER',
      'CLICKHOUSE_CLUSTER must be a cluster name (letters, digits, underscore, dot, dash)',
    );
  }
  if (cluster !== null && cloud) {
    problems.add(
      'CLICKHOUSE_CLUSTER',
      'CLICKHOUSE_CLUSTER and ClickHouse Cloud (CLICKHOUSE_CLOUD=1 or a *.clickhouse.cloud host) exclude each other: ' +
        'Cloud replicates DDL itself; unset CLICKHOUSE_CLUSTER, or set CLICKHOUSE_CLOUD=0 for a self-managed cluster',
    );
  }
  return cluster;
}

/** CLICKHOUSE_CLOUD=1/true, or unset with a ClickHouse Cloud host (*.clickhouse.cloud). */
function isCloud(flag: string | undefined, clickhouseUrl: string): boolean {
  if (flag === '1' || flag === 'true') return true;
  if (flag === '0' || flag === 'false') return false;
  return URL.canParse(clickhouseUrl) && new URL(clickhouseUrl).hostname.endsWith('.clickhouse.cloud');
}

function checkCount(problems: Problems, env: Env, key: keyof typeof countKeys): number {
  const value = Number(env[key] || countKeys[key]);
  if (Number.isSafeInteger(value) && value >= 1) return value;
  problems.add(key, `${key} must be a positive integer, got "${env[key]}"`);
  return countKeys[key];
}

/**
 * Reads the ClickHouse address alone (for `npm run status` and the kpi function): CLICKHOUSE_URL, or `urlKey`
 * when given and set (e.g. KPI_CLICKHOUSE_URL, a read-only user), and CLICKHOUSE_DATABASE.
 * @throws ConfigError naming every missing, malformed or plaintext key.
 */
function readClickhouseConfig(env: Env, urlKey = 'CLICKHOUSE_URL'): ClickhouseConfig {
  const problems = new Problems();
  const key = env[urlKey] ? urlKey : 'CLICKHOUSE_URL';
  const clickhouseUrl = checkAddress(problems, env, key, env[key] ?? '', ['http:', 'https:']);
  const clickhouseDatabase = checkDatabase(problems, env);
  problems.throwIfAny();
  return Object.freeze({ clickhouseUrl, clickhouseDatabase });
}

/**
 * Reads the connection contract of sync, verify and migrate runs. PostgreSQL and ClickHouse addresses must be
 * encrypted (https://, sslmode=require/verify-ca/verify-full) unless they point at loopback or ALLOW_INSECURE=1.
 * PG_URL_FOR_CLICKHOUSE is the ClickHouse server's own connection (see README, "Deploying") and is not checked for TLS.
 * @throws ConfigError naming every missing, malformed or plaintext key.
 */
function readConfig(env: Env): Config {
  const problems = new Problems();
  const pgProtocols = ['postgres:', 'postgresql:'];
  const pgUrl = checkAddress(problems, env, 'PG_URL', env.PG_URL ?? '', pgProtocols);
  const pgUrlForClickhouse = env.PG_URL_FOR_CLICKHOUSE || pgUrl;
  checkAddress(problems, { ...env, ALLOW_INSECURE: '1' }, 'PG_URL_FOR_CLICKHOUSE', pgUrlForClickhouse, pgProtocols);
  const clickhouseUrl = checkAddress(problems, env, 'CLICKHOUSE_URL', env.CLICKHOUSE_URL ?? '', ['http:', 'https:']);
  const clickhouseDatabase = checkDatabase(problems, env);
  const maxRows = checkCount(problems, env, 'MAX_ROWS');
  const maxRereadIds = checkCount(problems, env, 'MAX_REREAD_IDS');
  const clickhouseCloud = isCloud(env.CLICKHOUSE_CLOUD, clickhouseUrl);
  const clickhouseCluster = checkCluster(problems, env, clickhouseCloud);
  problems.throwIfAny();
  const verifyRepair = env.VERIFY_REPAIR === '1' || env.VERIFY_REPAIR === 'true';
  return Object.freeze({
    ...{ pgUrl, pgUrlForClickhouse, clickhouseUrl, clickhouseDatabase },
    ...{ maxRows, maxRereadIds, verifyRepair, clickhouseCluster, clickhouseCloud },
  });
}

export type { ClickhouseConfig, Config, Env };
export { isLoopbackHost, loadDotEnv, readClickhouseConfig, readConfig };
