import type { ClickHouseClient } from '@clickhouse/client';
import { createClickhouse } from '../clickhouse.ts';
import type { Config } from '../config.ts';
import { createSessionCache } from '../sync/sessions.ts';

let cached: { key: string; clickhouse: ClickHouseClient } | undefined;

/**
 * The ClickHouse client for this process, created on first use (cold start) and reused by every
 * invocation; recreated only when the ClickHouse URL or database changes (e.g. a rotated password in SSM).
 */
function clickhouseFor(config: Pick<Config, 'clickhouseUrl' | 'clickhouseDatabase'>): ClickHouseClient {
  const key = `${config.clickhouseUrl}\n${config.clickhouseDatabase}`;
  if (cached?.key !== key) {
    void cached?.clickhouse.close();
    cached = { key, clickhouse: createClickhouse(config) };
  }
  return cached.clickhouse;
}

/** PostgreSQL coordination sessions kept between this warm instance's runs (lib/sync/sessions.ts). */
const sourceSessions = createSessionCache();

export { clickhouseFor, sourceSessions };
