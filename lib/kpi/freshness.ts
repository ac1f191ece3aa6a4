import type { ClickHouseClient } from '@clickhouse/client';
import { sql } from '../sql.ts';

/** The source tables whose sync state every KPI response reports. */
const sourceTables = ['advertiser', 'campaign', 'clicks', 'impressions'] as const;

/** Per source table, the instant (RFC 3339, UTC) up to which ClickHouse holds every committed row; null if never. */
type CompleteThrough = Record<(typeof sourceTables)[number], string | null>;

/**
 * Reads `complete_through` per source table from sync_state (sql/state/complete_through.sql).
 * @throws the client's error.
 */
async function readCompleteThrough(clickhouse: ClickHouseClient, signal?: AbortSignal): Promise<CompleteThrough> {
  const result = await clickhouse.query({
    query: sql.completeThrough,
    format: 'JSONEachRow',
    clickhouse_settings: { readonly: '2' },
    abort_signal: signal,
  });
  const rows = await result.json<{ table_name: string; complete_through: string }>();
  const known = new Map(rows.map((row) => [row.table_name, `${row.complete_through.replace(' ', 'T')}Z`]));
  return Object.fromEntries(sourceTables.map((table) => [table, known.get(table) ?? null])) as CompleteThrough;
}

export type { CompleteThrough };
export { readCompleteThrough, sourceTables };
