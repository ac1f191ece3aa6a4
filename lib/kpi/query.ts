import type { ClickHouseClient } from '@clickhouse/client';
import type { KpiQuery } from './params.ts';
import type { KpiRoute } from './routes.ts';

/** One page of a KPI: its rows as ClickHouse rendered them, and whether more rows follow the page. */
interface KpiPage {
  readonly rows: Record<string, unknown>[];
  readonly hasMore: boolean;
}

const defaults = {
  /** Server-side cap per KPI query, below the KPI function's timeout (serverless.yml). */
  maxExecutionTimeS: 5,
};

/**
 * How ClickHouse renders KPI values: ids as numbers; 64-bit counts and every Decimal (money, ratios) as strings
 * holding the exact decimal text at the column's fixed scale ("100.00", "0.080"), which lib/kpi/render.ts writes
 * as JSON numbers with the same digits; dates as "YYYY-MM-DD", hours as ISO 8601 UTC ("2026-11-20T13:00:00Z");
 * missing values as null.
 */
const outputSettings = {
  output_format_json_quote_64bit_integers: 1,
  output_format_json_quote_decimals: 1,
  output_format_decimal_trailing_zeros: 1,
  date_time_output_format: 'iso',
} as const;

/** The statement `route` runs for `query` (a group_by of totals picks its own). */
function statementFor(route: KpiRoute, query: KpiQuery): string {
  return (query.groupBy !== null ? route.queryByGroup?.[query.groupBy] : undefined) ?? route.query;
}

/**
 * Runs one KPI route's read-only statement with every value bound as a query parameter. `asOf` is the request
 * time (pacing counts spend up to it).
 * @throws the client's error (ClickHouseError for a server-side failure).
 */
async function queryKpi(
  clickhouse: ClickHouseClient,
  route: KpiRoute,
  query: KpiQuery,
  signal?: AbortSignal,
  options: Partial<typeof defaults> & { asOf?: Date } = {},
): Promise<KpiPage> {
  const { maxExecutionTimeS, asOf } = { ...defaults, ...options };
  const result = await clickhouse.query({
    query: statementFor(route, query),
    query_params: {
      advertiser_id: query.advertiserId,
      campaign_id: query.campaignId,
      date_from: query.from,
      date_to: query.to,
      tz: query.zone,
      granularity: query.granularity ?? 'day',
      group_by: query.groupBy ?? 'none',
      as_of: (asOf ?? new Date()).toISOString().replace('T', ' ').replace('Z', ''),
      fetch_rows: query.limit + 1,
      offset: query.offset,
    },
    format: 'JSONEachRow',
    clickhouse_settings: { ...outputSettings, max_execution_time: maxExecutionTimeS, readonly: '2' },
    abort_signal: signal,
  });
  const rows = await result.json<Record<string, unknown>>();
  return { rows: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
}

export type { KpiPage };
export { outputSettings, queryKpi, statementFor };
