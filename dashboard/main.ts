// The dashboard: filters → four KPI requests → charts, tables, freshness. Every number shown is a number the
// API returned (README, KPIs, "Dashboard").
import type uPlot from 'uplot';
import { ApiError, fetchAll, fetchCsv, type Params, type Row } from './api.ts';
import { drawRatios, drawSeries } from './charts.ts';
import { formatCount, formatDecimal, formatInstant, formatPercent } from './format.ts';
import { forgetApiKey, readApiKey, saveApiKey } from './key.ts';
import { createTable, type TableColumn } from './tables.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const elements = {
  message: $<HTMLDivElement>('message'),
  keySection: $<HTMLElement>('key-section'),
  keyForm: $<HTMLFormElement>('key-form'),
  keyInput: $<HTMLInputElement>('api-key'),
  filters: $<HTMLFormElement>('filters'),
  main: $<HTMLElement>('main'),
  status: $<HTMLParagraphElement>('status'),
  freshness: $<HTMLParagraphElement>('freshness'),
  preset: $<HTMLSelectElement>('preset'),
  from: $<HTMLInputElement>('from'),
  to: $<HTMLInputElement>('to'),
  tz: $<HTMLSelectElement>('tz'),
  granularity: $<HTMLSelectElement>('granularity'),
  advertiser: $<HTMLSelectElement>('advertiser'),
  campaign: $<HTMLSelectElement>('campaign'),
};

const state: { key: string | null; charts: uPlot[]; campaigns: Row[]; loads: number } = {
  key: null,
  charts: [],
  campaigns: [],
  loads: 0,
};

const count = (key: string, label: string): TableColumn => ({ key, label, render: (row) => formatCount(row[key]) });
const money = (key: string, label: string): TableColumn => ({
  key,
  label,
  render: (row) => formatDecimal(row[key], 2),
});
const percent = (key: string, label: string): TableColumn => ({
  key,
  label,
  render: (row) => formatPercent(row[key]),
});
const text = (key: string, label: string): TableColumn => ({
  key,
  label,
  text: true,
  render: (row) => String(row[key] ?? '—'),
});

const seriesTable = createTable(
  $('series-table'),
  [
    text('period_start', 'Period start'),
    count('impressions', 'Impressions'),
    count('clicks', 'Clicks'),
    percent('ctr', 'CTR'),
    money('spend', 'Spend'),
  ],
  'Impressions and clicks per period',
);

const ratiosTable = createTable(
  $('ratios-table'),
  [text('campaign_name', 'Campaign'), percent('ctr', 'CTR'), money('cpc', 'CPC')],
  'CTR and CPC per campaign',
);

const pacingTable = createTable(
  $('pacing-table'),
  [
    text('campaign_name', 'Campaign'),
    {
      key: 'start_date',
      label: 'Flight',
      text: true,
      render: (row) => `${row.start_date ?? '?'} – ${row.end_date ?? '?'}`,
    },
    money('budget', 'Budget'),
    money('spend', 'Spend'),
    money('expected_spend', 'Expected spend'),
    { key: 'budget_used', label: 'Budget used', render: budgetMeter },
    { key: 'pacing', label: 'Pacing', render: pacingBadge },
  ],
  'Budget pacing per campaign',
  { key: 'pacing', direction: 'descending' },
);

const campaignTable = createTable(
  $('campaign-table'),
  [
    text('campaign_name', 'Campaign'),
    text('advertiser_name', 'Advertiser'),
    count('impressions', 'Impressions'),
    count('clicks', 'Clicks'),
    percent('ctr', 'CTR'),
    money('spend', 'Spend'),
    money('cpc', 'CPC'),
    money('cpm', 'CPM'),
  ],
  'Campaigns in the period (select a column header to sort)',
  { key: 'spend', direction: 'descending' },
);

function budgetMeter(row: Row): Node {
  const wrapper = document.createElement('span');
  const meter = document.createElement('meter');
  meter.min = 0;
  meter.max = 1;
  meter.value = Math.min(1, Number(row.budget_used ?? 0));
  meter.setAttribute('aria-hidden', 'true');
  wrapper.append(meter, ` ${formatPercent(row.budget_used)}`);
  return wrapper;
}

function pacingBadge(row: Row): Node {
  const span = document.createElement('span');
  if (row.pacing === null) {
    span.textContent = '—';
    return span;
  }
  const pacing = Number(row.pacing);
  const [label, className] =
    pacing > 1.1 ? ['ahead', 'ahead'] : pacing < 0.9 ? ['behind', 'behind'] : ['on pace', 'on-pace'];
  span.className = className;
  span.textContent = `${formatDecimal(row.pacing, 4)} (${label})`;
  return span;
}

function showMessage(message: string | null): void {
  elements.message.hidden = message === null;
  elements.message.textContent = message ?? '';
}

function askForKey(message: string | null): void {
  showMessage(message);
  elements.keySection.hidden = false;
  elements.filters.hidden = true;
  elements.main.hidden = true;
  elements.keyInput.focus();
}

/** The query parameters of the current filters. */
function filterParams(withRange: boolean): Params {
  const custom = elements.preset.value === 'custom';
  const range = !withRange
    ? {}
    : custom
      ? { from: elements.from.value || undefined, to: elements.to.value || undefined }
      : { preset: elements.preset.value };
  return {
    ...range,
    tz: elements.tz.value,
    advertiser_id: elements.advertiser.value || undefined,
    campaign_id: elements.campaign.value || undefined,
  };
}

function seriesParams(): Params {
  return { ...filterParams(true), granularity: elements.granularity.value, limit: '10000' };
}

function campaignParams(): Params {
  return { ...filterParams(true), group_by: 'campaign', limit: '10000' };
}

function showFreshness(completeThrough: Record<string, string | null>, generatedAt: string): void {
  const tz = elements.tz.value;
  const tables = Object.entries(completeThrough)
    .map(([table, instant]) => `${table} ${instant === null ? 'never synced' : formatInstant(instant, tz)}`)
    .join(' · ');
  elements.freshness.textContent = `Data complete through: ${tables} (${tz}). Generated ${formatInstant(generatedAt, tz)}.`;
}

async function load(): Promise<void> {
  const key = state.key;
  if (key === null) return askForKey(null);
  const run = ++state.loads;
  document.body.dataset.state = 'loading';
  elements.status.textContent = 'Loading…';
  elements.main.setAttribute('aria-busy', 'true');
  try {
    const [series, campaigns, pacing] = await Promise.all([
      fetchAll('timeseries', seriesParams(), key),
      fetchAll('performance', campaignParams(), key),
      fetchAll('pacing', { ...filterParams(false), limit: '10000' }, key),
    ]);
    if (run !== state.loads) return; // a newer load is under way
    showMessage(null);
    for (const chart of state.charts) chart.destroy();
    state.charts = [
      drawSeries($('series-chart'), series.data, elements.tz.value),
      drawRatios($('ratios-chart'), campaigns.data),
    ];
    seriesTable(series.data);
    ratiosTable(campaigns.data);
    pacingTable(pacing.data);
    campaignTable(campaigns.data);
    showFreshness(series.meta.complete_through, series.meta.generated_at);
    const { from, to } = series.meta.filters;
    const exact = series.meta.tz_exact ? '' : ' Day boundaries in this time zone are rounded to whole UTC hours.';
    elements.status.textContent = `Showing ${from ?? 'all time'} to ${to ?? 'now'} in ${elements.tz.value}.${exact}`;
    document.body.dataset.state = 'ready';
  } catch (error) {
    if (run !== state.loads) return;
    handleError(error);
  } finally {
    if (run === state.loads) elements.main.removeAttribute('aria-busy');
  }
}

function handleError(error: unknown): void {
  elements.status.textContent = '';
  document.body.dataset.state = 'error';
  if (error instanceof ApiError && error.status === 401) {
    forgetApiKey();
    state.key = null;
    askForKey('The API key was not accepted (HTTP 401). Enter a valid API key to see the KPIs.');
  } else if (error instanceof ApiError && error.status === 400) {
    showMessage(`The request was refused: ${error.message}`);
  } else {
    showMessage(`The KPIs could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function loadFilterOptions(key: string): Promise<void> {
  const [advertisers, campaigns] = await Promise.all([
    fetchAll('performance', { group_by: 'advertiser', limit: '10000' }, key),
    fetchAll('performance', { group_by: 'campaign', limit: '10000' }, key),
  ]);
  state.campaigns = campaigns.data;
  const options = advertisers.data.map((row) => new Option(String(row.advertiser_name), String(row.advertiser_id)));
  elements.advertiser.replaceChildren(new Option('All advertisers', ''), ...options);
  fillCampaigns();
}

function fillCampaigns(): void {
  const advertiser = elements.advertiser.value;
  const rows = state.campaigns.filter((row) => advertiser === '' || String(row.advertiser_id) === advertiser);
  const options = rows.map((row) => new Option(String(row.campaign_name), String(row.campaign_id)));
  elements.campaign.replaceChildren(new Option('All campaigns', ''), ...options);
}

function fillTimeZones(): void {
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zones = new Set(['UTC', browserZone, ...Intl.supportedValuesOf('timeZone')]);
  elements.tz.replaceChildren(...[...zones].map((zone) => new Option(zone, zone)));
  elements.tz.value = browserZone;
}

async function download(route: string, params: Params, filename: string): Promise<void> {
  if (state.key === null) return askForKey(null);
  try {
    const csv = await fetchCsv(route, params, state.key);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    link.download = filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  } catch (error) {
    handleError(error);
  }
}

async function start(): Promise<void> {
  if (state.key === null) return askForKey(null);
  elements.keySection.hidden = true;
  elements.filters.hidden = false;
  elements.main.hidden = false;
  try {
    await loadFilterOptions(state.key);
  } catch (error) {
    return handleError(error);
  }
  await load();
}

function wire(): void {
  elements.keyForm.addEventListener('submit', (event) => {
    event.preventDefault();
    state.key = elements.keyInput.value.trim();
    saveApiKey(state.key);
    elements.keyInput.value = '';
    void start();
  });
  elements.filters.addEventListener('submit', (event) => event.preventDefault());
  elements.preset.addEventListener('change', () => {
    const custom = elements.preset.value === 'custom';
    elements.from.disabled = !custom;
    elements.to.disabled = !custom;
  });
  elements.advertiser.addEventListener('change', fillCampaigns);
  elements.filters.addEventListener('change', () => void load());
  $('download-series').addEventListener('click', () => void download('timeseries', seriesParams(), 'timeseries.csv'));
  $('download-campaigns').addEventListener(
    'click',
    () => void download('performance', campaignParams(), 'campaigns.csv'),
  );
}

/** What the charts were drawn from (uPlot's data arrays), for tests and debugging in the console. */
Object.assign(window, { pg2chDashboard: { chartData: () => state.charts.map((chart) => chart.data) } });

fillTimeZones();
wire();
state.key = readApiKey();
void start();
