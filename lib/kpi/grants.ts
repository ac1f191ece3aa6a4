// The read-only ClickHouse user of the kpi function (KPI_CLICKHOUSE_URL; SSM /pg2ch/<stage>/clickhouse-kpi-url): SELECT
// on the KPI views and on what they read, nothing else. Printed by `npm run doctor -- --print-kpi-grants`; a test
// checks that the KPI routes read nothing outside this list (tests/integration/kpiReader.test.ts).
import { quoteClickhouse } from '../tables/identifiers.ts';

const kpiReaderUser = 'pg2ch_kpi';

/**
 * What the KPI routes read, in pg2ch's database: the views they query (normal views run with the caller's rights,
 * SQL SECURITY INVOKER by default, so the user needs the tables under them too) and those tables. system.time_zones,
 * which the routes also read, needs no grant.
 */
const kpiReadObjects = [
  'advertiser_kpis_tz',
  'campaign_costs_tz',
  'campaign_spend_tz',
  'campaign_totals_tz',
  'campaigns_ctr_tz',
  'daily_impressions_clicks_tz',
  'events_by_period_tz',
  'hourly_impressions_clicks_tz',
  'advertiser',
  'campaign',
  'events_hourly',
  'sync_state',
] as const;

/** The statements creating the kpi function's user with SELECT on exactly kpiReadObjects of `database`. Pure. */
function kpiReaderGrants(database: string): string {
  const user = quoteClickhouse(kpiReaderUser);
  const db = quoteClickhouse(database);
  return [
    '-- Run as a ClickHouse administrator; set your own password, then store',
    `-- https://${kpiReaderUser}:<password>@<host>:8443 as the SecureString /pg2ch/<stage>/clickhouse-kpi-url.`,
    `CREATE USER IF NOT EXISTS ${user} IDENTIFIED WITH sha256_password BY 'change-me';`,
    ...kpiReadObjects.map((name) => `GRANT SELECT ON ${db}.${quoteClickhouse(name)} TO ${user};`),
    '-- Nothing else: no INSERT, ALTER, CREATE or DROP, no named collection (pg2ch_source_<database> holds the',
    '-- PostgreSQL password),',
    '-- no sync_failures, *_raw, *_rejected or *_source tables.',
  ].join('\n');
}

export { kpiReaderGrants, kpiReaderUser, kpiReadObjects };
