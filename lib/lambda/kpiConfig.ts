// The kpi function's own configuration: an API key and a read-only ClickHouse address. It never reads PG_URL, and in
// AWS its role may fetch only these two SSM parameters (serverless.yml, KpiRole).
import { type ClickhouseConfig, type Env, readClickhouseConfig } from '../config.ts';
import { ConfigError } from '../errors.ts';
import { acceptedKeys } from '../kpi/auth.ts';

/** What the kpi function is configured with. */
interface KpiConfig extends ClickhouseConfig {
  /** The keys x-api-key may carry: KPI_API_KEY, or "new,old" during a rotation. */
  readonly apiKeys: readonly string[];
}

/**
 * Reads the kpi function's configuration: KPI_API_KEY, and ClickHouse as KPI_CLICKHOUSE_URL (a user that may only
 * read the KPI views; see docs/operations.md, "Least privilege"), falling back to CLICKHOUSE_URL
 * where that is not set (the local stack), with CLICKHOUSE_DATABASE. Addresses must be https:// unless they point at
 * loopback or ALLOW_INSECURE=1.
 * @throws ConfigError when no API key is configured or the ClickHouse address is missing, malformed or plaintext.
 */
function readKpiConfig(env: Env): KpiConfig {
  const apiKeys = acceptedKeys(env.KPI_API_KEY ?? '');
  if (apiKeys.length === 0) {
    throw new ConfigError('KPI_API_KEY is not set: no request can be authenticated', ['KPI_API_KEY']);
  }
  return Object.freeze({ ...readClickhouseConfig(env, 'KPI_CLICKHOUSE_URL'), apiKeys: Object.freeze(apiKeys) });
}

export type { KpiConfig };
export { readKpiConfig };
