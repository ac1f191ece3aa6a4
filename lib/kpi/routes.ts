import { sql } from '../sql.ts';
import { type Column, column, decimal } from './columns.ts';
import type { ParameterKey } from './parameters.ts';

/** One KPI endpoint: `GET /kpi/<name>`, its statement(s) (sql/kpi/), parameters and row columns. */
interface KpiRoute {
  readonly name: string;
  readonly summary: string;
  /** The statement; routes with `group_by` totals pick theirs from `queryByGroup`. */
  readonly query: string;
  readonly queryByGroup?: Readonly<Record<string, string>>;
  readonly parameters: readonly ParameterKey[];
  readonly required: readonly ParameterKey[];
  readonly columns: readonly Column[];
}

/** Query-string parameters a KPI route may accept (the catalogue keys of lib/kpi/parameters.ts). */
type KpiParameter = ParameterKey;

const output: readonly ParameterKey[] = ['format', 'limit', 'page_token'];
const range: readonly ParameterKey[] = ['from', 'to', 'preset', 'tz'];
const campaignFilters: readonly ParameterKey[] = ['advertiser_id', 'campaign_id', ...range, ...output];

const id = (name: string, description: string, nullable = false) => column(name, 'id', description, { nullable });
const count = (name: string, description: string) => column(name, 'count', description);
const text = (name: string, description: string, nullable = false) => column(name, 'text', description, { nullable });
const money = (name: string, description: string, nullable = false) => decimal(name, 2, description, { nullable });
const ratio = (name: string, scale: number, description: string) =>
  decimal(name, scale, description, { nullable: true });

const metrics: readonly Column[] = [
  count('impressions', 'Impressions.'),
  count('clicks', 'Clicks.'),
  ratio('ctr', 4, 'clicks / impressions; null without impressions.'),
  money('spend', 'clicks × the campaign’s current bid.'),
  money('cpc', 'spend / clicks; null without clicks.', true),
  money('cpm', 'spend × 1000 / impressions; null without impressions.', true),
];

const routeList: readonly KpiRoute[] = [
  {
    name: 'campaigns-ctr',
    summary: 'Click-through rate and cost of a click per live campaign',
    query: sql.kpiCampaignsCtr,
    parameters: campaignFilters,
    required: [],
    columns: [
      id('id', 'Campaign id.'),
      text('name', 'Campaign name.'),
      money('budget', 'Campaign budget.'),
      count('total_impressions', 'Impressions.'),
      count('total_clicks', 'Clicks.'),
      ratio('total_ctr', 3, 'total_clicks / total_impressions; null without impressions.'),
      money('cost_of_click', 'budget / total_clicks; the budget when there are no clicks.'),
    ],
  },
  {
    name: 'daily-impressions-clicks',
    summary: 'Impressions and clicks per day of tz having either',
    query: sql.kpiDailyImpressionsClicks,
    parameters: campaignFilters,
    required: [],
    columns: [
      column('date', 'day', 'Day in tz.'),
      count('daily_impressions', 'Impressions.'),
      count('daily_clicks', 'Clicks.'),
    ],
  },
  {
    name: 'hourly-impressions-clicks',
    summary: 'Impressions and clicks per UTC hour of one day of tz',
    query: sql.kpiHourlyImpressionsClicks,
    parameters: ['date', 'advertiser_id', 'campaign_id', 'tz', ...output],
    required: ['date'],
    columns: [
      column('hour', 'instant', 'Start of the hour, UTC.'),
      count('hourly_impressions', 'Impressions.'),
      count('hourly_clicks', 'Clicks.'),
    ],
  },
  {
    name: 'campaign-spend',
    summary: 'Spend and budget utilisation per live campaign',
    query: sql.kpiCampaignSpend,
    parameters: campaignFilters,
    required: [],
    columns: [
      id('id', 'Campaign id.'),
      text('name', 'Campaign name.'),
      id('advertiser_id', 'Advertiser id.', true),
      money('bid', 'Current bid.'),
      money('budget', 'Budget.'),
      count('total_clicks', 'Clicks.'),
      money('spend', 'total_clicks × bid.'),
      ratio('budget_utilisation', 4, 'spend / budget; null when the budget is 0.'),
    ],
  },
  {
    name: 'campaign-costs',
    summary: 'CPM and CPC of the spend per live campaign',
    query: sql.kpiCampaignCosts,
    parameters: campaignFilters,
    required: [],
    columns: [
      id('id', 'Campaign id.'),
      text('name', 'Campaign name.'),
      id('advertiser_id', 'Advertiser id.', true),
      count('total_impressions', 'Impressions.'),
      count('total_clicks', 'Clicks.'),
      money('spend', 'total_clicks × bid.'),
      money('cpm', 'spend × 1000 / total_impressions; null without impressions.', true),
      money('cpc', 'spend / total_clicks; null without clicks.', true),
    ],
  },
  {
    name: 'advertisers',
    summary: 'Per-advertiser rollup over live campaigns',
    query: sql.kpiAdvertisers,
    parameters: ['advertiser_id', ...range, ...output],
    required: [],
    columns: [
      id('id', 'Advertiser id.'),
      text('name', 'Advertiser name.'),
      count('campaigns', 'Live campaigns.'),
      count('total_impressions', 'Impressions.'),
      count('total_clicks', 'Clicks.'),
      ratio('ctr', 3, 'total_clicks / total_impressions; null without impressions.'),
      money('budget', 'Sum of the campaigns’ budgets.'),
      money('spend', 'Sum of the campaigns’ spend.'),
      ratio('budget_utilisation', 4, 'spend / budget; null when the budget is 0.'),
      money('cpm', 'spend × 1000 / total_impressions; null without impressions.', true),
      money('cpc', 'spend / total_clicks; null without clicks.', true),
    ],
  },
  {
    name: 'timeseries',
    summary: 'Impressions, clicks, CTR, spend, CPC and CPM per hour, day, week or month of tz',
    query: sql.kpiTimeseries,
    parameters: ['advertiser_id', 'campaign_id', ...range, 'granularity', 'group_by_series', ...output],
    required: [],
    columns: [
      column('period_start', 'instant', 'First instant of the period in tz, with its UTC offset.'),
      id('campaign_id', 'Campaign id (group_by=campaign), else null.', true),
      id('advertiser_id', 'Advertiser id (group_by=campaign or advertiser), else null.', true),
      ...metrics,
    ],
  },
  {
    name: 'performance',
    summary: 'Impressions, clicks, CTR, spend, CPC and CPM per campaign or advertiser',
    query: sql.kpiPerformanceCampaigns,
    queryByGroup: { campaign: sql.kpiPerformanceCampaigns, advertiser: sql.kpiPerformanceAdvertisers },
    parameters: ['advertiser_id', 'campaign_id', ...range, 'group_by_totals', ...output],
    required: [],
    columns: [
      id('advertiser_id', 'Advertiser id; null for a campaign without advertiser.', true),
      text('advertiser_name', 'Advertiser name.', true),
      id('campaign_id', 'Campaign id (group_by=campaign), else null.', true),
      text('campaign_name', 'Campaign name (group_by=campaign), else null.', true),
      ...metrics,
    ],
  },
  {
    name: 'pacing',
    summary: 'Budget pacing per live campaign: spend against the elapsed share of its flight',
    query: sql.kpiPacing,
    parameters: ['advertiser_id', 'campaign_id', 'tz', ...output],
    required: [],
    columns: [
      id('campaign_id', 'Campaign id.'),
      text('campaign_name', 'Campaign name.'),
      id('advertiser_id', 'Advertiser id.', true),
      column('start_date', 'day', 'First day of the flight (in tz).', { nullable: true }),
      column('end_date', 'day', 'Last day of the flight (in tz), inclusive.', { nullable: true }),
      money('budget', 'Budget of the flight.'),
      money('spend', 'Spend in the flight up to meta.generated_at.'),
      ratio('budget_used', 4, 'spend / budget; null when the budget is 0.'),
      ratio('flight_elapsed', 4, 'Elapsed share of the flight, 0 to 1; null without valid flight dates.'),
      money('expected_spend', 'budget × flight_elapsed.', true),
      ratio('pacing', 4, 'spend / expected_spend: 1 on pace, above 1 ahead; null before the flight starts.'),
    ],
  },
];

/** The closed set of KPI routes, keyed by request path. No request ever names a view or a statement. */
const kpiRoutes: ReadonlyMap<string, KpiRoute> = new Map(routeList.map((route) => [`/kpi/${route.name}`, route]));

/** The route serving `path` exactly (no trailing slash, case-sensitive); undefined for any other path. */
function findKpiRoute(path: string): KpiRoute | undefined {
  return kpiRoutes.get(path);
}

export type { KpiParameter, KpiRoute };
export { findKpiRoute, kpiRoutes };
