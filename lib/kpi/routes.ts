import { sql } from '../sql.ts';

/** Query-string parameters a KPI route may accept. */
type KpiParameter = 'advertiser_id' | 'campaign_id' | 'from' | 'to' | 'date' | 'limit';

/** One KPI endpoint: `GET /kpi/<name>`, its statement (sql/kpi/) and the parameters it accepts. */
interface KpiRoute {
  readonly name: string;
  readonly query: string;
  readonly parameters: readonly KpiParameter[];
  readonly required: readonly KpiParameter[];
}

const campaignFilters: readonly KpiParameter[] = ['advertiser_id', 'campaign_id', 'from', 'to', 'limit'];

const routeList: readonly KpiRoute[] = [
  { name: 'campaigns-ctr', query: sql.kpiCampaignsCtr, parameters: campaignFilters, required: [] },
  { name: 'daily-impressions-clicks', query: sql.kpiDailyImpressionsClicks, parameters: campaignFilters, required: [] },
  {
    name: 'hourly-impressions-clicks',
    query: sql.kpiHourlyImpressionsClicks,
    parameters: ['date', 'advertiser_id', 'campaign_id', 'limit'],
    required: ['date'],
  },
  { name: 'campaign-spend', query: sql.kpiCampaignSpend, parameters: campaignFilters, required: [] },
  { name: 'campaign-costs', query: sql.kpiCampaignCosts, parameters: campaignFilters, required: [] },
  {
    name: 'advertisers',
    query: sql.kpiAdvertisers,
    parameters: ['advertiser_id', 'from', 'to', 'limit'],
    required: [],
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
