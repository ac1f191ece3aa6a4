// The data generator's statements, imported as text from sql/seed/ (the CLI runs with lib/loader, tests with vitest).
import countAdvertisers from '../../sql/seed/count_advertisers.sql';
import countCampaigns from '../../sql/seed/count_campaigns.sql';
import countImpressions from '../../sql/seed/count_impressions.sql';
import insertAdvertisers from '../../sql/seed/insert_advertisers.sql';
import insertCampaigns from '../../sql/seed/insert_campaigns.sql';
import insertClicks from '../../sql/seed/insert_clicks.sql';
import insertImpressions from '../../sql/seed/insert_impressions.sql';
import reset from '../../sql/seed/reset.sql';
import stats from '../../sql/seed/stats.sql';

const seedSql = {
  countAdvertisers,
  countCampaigns,
  countImpressions,
  insertAdvertisers,
  insertCampaigns,
  insertClicks,
  insertImpressions,
  reset,
  stats,
} as const;

export { seedSql };
