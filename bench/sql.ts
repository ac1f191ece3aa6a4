// The benchmark's own statements, imported as text from sql/bench/ (run with lib/loader, like the CLIs).
import clickhouseVersion from '../sql/bench/clickhouse_version.sql';
import copyImpressions from '../sql/bench/copy_impressions.sql';
import createPlainImpressions from '../sql/bench/create_plain_impressions.sql';
import dropDatabase from '../sql/bench/drop_database.sql';
import generateEvents from '../sql/bench/generate_events.sql';
import impressionsReads from '../sql/bench/impressions_reads.sql';
import insertPlainImpressions from '../sql/bench/insert_plain_impressions.sql';
import maxCampaignId from '../sql/bench/max_campaign_id.sql';
import naiveAdvertisers from '../sql/bench/naive_advertisers.sql';
import naiveCampaignCosts from '../sql/bench/naive_campaign_costs.sql';
import naiveCampaignSpend from '../sql/bench/naive_campaign_spend.sql';
import naiveCampaignsCtr from '../sql/bench/naive_campaigns_ctr.sql';
import naiveDailyImpressionsClicks from '../sql/bench/naive_daily_impressions_clicks.sql';
import naiveHourlyImpressionsClicks from '../sql/bench/naive_hourly_impressions_clicks.sql';
import postgresVersion from '../sql/bench/postgres_version.sql';
import pullToNull from '../sql/bench/pull_to_null.sql';
import roundTrip from '../sql/bench/round_trip.sql';
import truncatePlainImpressions from '../sql/bench/truncate_plain_impressions.sql';
import vacuumSource from '../sql/bench/vacuum_source.sql';

const benchSql = {
  clickhouseVersion,
  copyImpressions,
  createPlainImpressions,
  dropDatabase,
  generateEvents,
  impressionsReads,
  insertPlainImpressions,
  maxCampaignId,
  postgresVersion,
  pullToNull,
  roundTrip,
  truncatePlainImpressions,
  vacuumSource,
} as const;

/** Naive versions of the KPI routes (raw events counted per request), keyed by route name (lib/kpi/routes.ts). */
const naiveKpiSql: Readonly<Record<string, string>> = {
  'campaigns-ctr': naiveCampaignsCtr,
  'daily-impressions-clicks': naiveDailyImpressionsClicks,
  'hourly-impressions-clicks': naiveHourlyImpressionsClicks,
  'campaign-spend': naiveCampaignSpend,
  'campaign-costs': naiveCampaignCosts,
  advertisers: naiveAdvertisers,
};

export { benchSql, naiveKpiSql };
