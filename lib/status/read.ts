// Reads what `npm run status` shows from sync_state, sync_failures and backfill_state (sql/status/table_status.sql),
// read-only.
import { type ClickHouseClient, ClickHouseError } from '@clickhouse/client';
import { ConfigError } from '../errors.ts';
import { sql } from '../sql.ts';

/** One table's row of sql/status/table_status.sql: numbers as text (64-bit), times as UTC text, NULL when unknown. */
interface StatusRow {
  readonly table_name: string;
  readonly last_success_at: string | null;
  readonly rows: string | null;
  readonly last_rows_rejected: string | null;
  readonly total_rows_rejected: string | null;
  readonly source_max_id: string | null;
  readonly watermark_to: string | null;
  readonly newest_at: string | null;
  readonly complete_through: string | null;
  readonly last_failed_at: string | null;
  readonly last_failed_step: string | null;
  readonly last_error: string | null;
  readonly failures_since_success: string;
  /** The open backfill, if any: ranges recorded, ranges planned, when it last recorded progress. */
  readonly backfill_ranges_done: string | null;
  readonly backfill_ranges_total: string | null;
  readonly backfill_progress_at: string | null;
  readonly now: string;
}

/**
 * The status rows of `tables` (registry keys), in that order.
 * @throws ConfigError when the database lacks sync_state, sync_failures or backfill_state (`npm run migrate` creates them);
 * the client's error when ClickHouse cannot answer.
 */
async function readStatusRows(
  clickhouse: ClickHouseClient,
  tables: readonly string[],
  options: { signal?: AbortSignal } = {},
): Promise<StatusRow[]> {
  try {
    const result = await clickhouse.query({
      query: sql.tableStatus,
      query_params: { tables },
      format: 'JSONEachRow',
      clickhouse_settings: { readonly: '2' },
      abort_signal: options.signal,
    });
    return await result.json<StatusRow>();
  } catch (error) {
    if (error instanceof ClickHouseError && error.type === 'UNKNOWN_TABLE') {
      const message =
        'ClickHouse lacks sync_state, sync_failures or backfill_state in this database: run `npm run migrate`';
      throw new ConfigError(message, ['CLICKHOUSE_DATABASE'], { cause: error });
    }
    throw error;
  }
}

export type { StatusRow };
export { readStatusRows };
