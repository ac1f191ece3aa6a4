import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { Config } from './config.ts';

const defaults = {
  /** Below the sync functions' Lambda timeout (serverless.yml), so a slow query fails inside the run. */
  requestTimeoutMs: 240_000,
};

/**
 * Creates a ClickHouse client for the configured server and database. Call once per process (cold start).
 * Keep-alive is off: a frozen Lambda sandbox must not reuse a socket the server has already closed.
 */
function createClickhouse(
  config: Pick<Config, 'clickhouseUrl' | 'clickhouseDatabase'>,
  options: Partial<typeof defaults> = {},
): ClickHouseClient {
  const { requestTimeoutMs } = { ...defaults, ...options };
  return createClient({
    url: config.clickhouseUrl,
    database: config.clickhouseDatabase,
    request_timeout: requestTimeoutMs,
    keep_alive: { enabled: false },
    // Failures reach the caller as ClickHouseError and are logged once by pg2ch, with the failing step.
    log: { level: ClickHouseLogLevel.OFF },
    clickhouse_settings: {
      wait_end_of_query: 1,
      output_format_json_quote_64bit_integers: 1,
      // Keeps long INSERTs alive behind load balancers that drop idle connections.
      send_progress_in_http_headers: 1,
      http_headers_progress_interval_ms: '30000',
    },
  });
}

/**
 * Settings of every statement that pulls rows through postgresql(): timestamps are read as UTC whatever the
 * server's or the client's default zone; ClickHouse stops the query itself before the client gives up (so no
 * orphaned INSERT keeps the table's query_id); its connection to PostgreSQL waits at most 5 s for a pooled
 * connection (each connect attempt is bounded by postgresql_connection_attempt_timeout, 2 s by default, and
 * PostgreSQL cancels the COPY after pg2ch_reader's statement_timeout, sql/postgres/0003). A window whose rows span
 * many months inserts into as many monthly partitions as it needs (a long history backfills in one window), and the
 * strict value checks of the copy (lib/tables/columnTypes.ts) rely on if() evaluating only the branch it needs.
 */
const pullSettings = {
  session_timezone: 'UTC',
  max_execution_time: Math.floor(defaults.requestTimeoutMs / 1000) - 10,
  postgresql_connection_pool_wait_timeout: '5000',
  max_partitions_per_insert_block: '0',
  short_circuit_function_evaluation: 'enable',
} as const;

export { createClickhouse, pullSettings };
