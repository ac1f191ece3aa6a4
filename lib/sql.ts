// Every SQL statement pg2ch runs, imported as text from sql/ (esbuild, vitest and lib/loader all load .sql
// files as strings). Nothing else in lib builds SQL.

import rangeRecorded from '../sql/backfill/range_recorded.sql';
import readBackfill from '../sql/backfill/read_backfill.sql';
import releaseClaim from '../sql/backfill/release_claim.sql';
import syncMarks from '../sql/backfill/sync_marks.sql';
import tryClaim from '../sql/backfill/try_claim.sql';
import writeBackfillEvent from '../sql/backfill/write_event.sql';
import chMigration0001 from '../sql/clickhouse/0001_source_tables.sql';
import chMigration0002 from '../sql/clickhouse/0002_live_event_views.sql';
import chMigration0003 from '../sql/clickhouse/0003_sync_state.sql';
import chMigration0004 from '../sql/clickhouse/0004_kpi_aggregates.sql';
import chMigration0005 from '../sql/clickhouse/0005_kpi_views.sql';
import chMigration0010 from '../sql/clickhouse/0010_sync_state_open_writers.sql';
import chMigration0011 from '../sql/clickhouse/0011_sync_state_run_facts.sql';
import chMigration0012 from '../sql/clickhouse/0012_sync_state_ranges_read.sql';
import chMigration0013 from '../sql/clickhouse/0013_sync_state_newest_at.sql';
import chMigration0014 from '../sql/clickhouse/0014_kpi_hours_in_range.sql';
import chMigration0020 from '../sql/clickhouse/0020_kpi_zoned_views.sql';
import chMigration0030 from '../sql/clickhouse/0030_sync_failures.sql';
import chMigration0040 from '../sql/clickhouse/0040_backfill_state.sql';
import chMigration0041 from '../sql/clickhouse/0041_aggregate_dedup_window.sql';
import clickhouseAppliedMigrations from '../sql/clickhouse/applied_migrations.sql';
import clickhouseMigrationsTable from '../sql/clickhouse/migrations_table.sql';
import clickhouseRecordMigration from '../sql/clickhouse/record_migration.sql';
import collectionAlter from '../sql/collection/alter.sql';
import collectionCreate from '../sql/collection/create.sql';
import collectionFingerprintsTable from '../sql/collection/fingerprints_table.sql';
import collectionRead from '../sql/collection/read_collection.sql';
import collectionReadFingerprint from '../sql/collection/read_fingerprint.sql';
import collectionRecordFingerprint from '../sql/collection/record_fingerprint.sql';
import kpiAdvertisers from '../sql/kpi/advertiser_kpis.sql';
import kpiCampaignCosts from '../sql/kpi/campaign_costs.sql';
import kpiCampaignSpend from '../sql/kpi/campaign_spend.sql';
import kpiCampaignsCtr from '../sql/kpi/campaigns_ctr.sql';
import kpiDailyImpressionsClicks from '../sql/kpi/daily_impressions_clicks.sql';
import kpiDriftByDay from '../sql/kpi/drift_by_day.sql';
import kpiHourlyImpressionsClicks from '../sql/kpi/hourly_impressions_clicks.sql';
import kpiPacing from '../sql/kpi/pacing.sql';
import kpiPerformanceAdvertisers from '../sql/kpi/performance_advertisers.sql';
import kpiPerformanceCampaigns from '../sql/kpi/performance_campaigns.sql';
import kpiRepairDrift from '../sql/kpi/repair_drift.sql';
import kpiTimeZones from '../sql/kpi/time_zones.sql';
import kpiTimeseries from '../sql/kpi/timeseries.sql';
import sourcePing from '../sql/source/ping.sql';
import tryLock from '../sql/source/try_lock.sql';
import unlock from '../sql/source/unlock.sql';
import completeThrough from '../sql/state/complete_through.sql';
import recordFailure from '../sql/status/record_failure.sql';
import tableStatus from '../sql/status/table_status.sql';

/** ClickHouse schema migrations, in the order they apply; `version` is recorded once applied. */
const clickhouseMigrations: readonly { version: string; text: string }[] = [
  { version: '0001_source_tables', text: chMigration0001 },
  { version: '0002_live_event_views', text: chMigration0002 },
  { version: '0003_sync_state', text: chMigration0003 },
  { version: '0004_kpi_aggregates', text: chMigration0004 },
  { version: '0005_kpi_views', text: chMigration0005 },
  { version: '0010_sync_state_open_writers', text: chMigration0010 },
  { version: '0011_sync_state_run_facts', text: chMigration0011 },
  { version: '0012_sync_state_ranges_read', text: chMigration0012 },
  { version: '0013_sync_state_newest_at', text: chMigration0013 },
  { version: '0014_kpi_hours_in_range', text: chMigration0014 },
  { version: '0020_kpi_zoned_views', text: chMigration0020 },
  { version: '0030_sync_failures', text: chMigration0030 },
  { version: '0040_backfill_state', text: chMigration0040 },
  { version: '0041_aggregate_dedup_window', text: chMigration0041 },
];

/**
 * Splits a .sql file into its statements: a statement ends with `;` at the end of a line.
 * Comment-only chunks are dropped. Our files keep semicolons out of literals and comments' line ends.
 */
function splitStatements(text: string): string[] {
  return text
    .split(/;[ \t]*\r?\n|;[ \t]*$/)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--')));
}

const sql = {
  clickhouseMigrationsTable,
  clickhouseAppliedMigrations,
  clickhouseRecordMigration,
  collectionCreate,
  collectionAlter,
  collectionRead,
  collectionFingerprintsTable,
  collectionReadFingerprint,
  collectionRecordFingerprint,
  sourcePing,
  tryLock,
  unlock,
  completeThrough,
  recordFailure,
  tableStatus,
  rangeRecorded,
  readBackfill,
  releaseClaim,
  syncMarks,
  tryClaim,
  writeBackfillEvent,
  kpiAdvertisers,
  kpiCampaignCosts,
  kpiCampaignSpend,
  kpiCampaignsCtr,
  kpiDailyImpressionsClicks,
  kpiDriftByDay,
  kpiHourlyImpressionsClicks,
  kpiRepairDrift,
  kpiTimeseries,
  kpiTimeZones,
  kpiPerformanceCampaigns,
  kpiPerformanceAdvertisers,
  kpiPacing,
} as const;

export { clickhouseMigrations, splitStatements, sql };
