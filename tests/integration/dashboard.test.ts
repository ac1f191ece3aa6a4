/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { readFile, writeFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type KpiServer, startKpiServer } from '../../lib/local/kpiServer.ts';
import { isolatedContext, launchBrowser } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { seedOriginalScenario, testApiKey } from '../helpers/kpiRequests.ts';
import { syncAll } from '../helpers/runSyncFor.ts';
import { sourcePool } from '../helpers/seedPostgres.ts';

// The dashboard in a real headless Chromium, served by the local KPI server over the original "Check KPI Queries"
// scenario (10 campaigns × 1000 impressions at CTR 0.08, 2 more campaigns, 500 impressions for campaign 11).
// Set DASHBOARD_SCREENSHOT=path to keep a screenshot of the loaded page.
const pool = sourcePool();
const savedEnv = { ...process.env };
let db: TestDatabase;
let server: KpiServer;
let browser: Browser;
let current: { context: BrowserContext; blocked: string[] } | undefined;

type Row = Record<string, string | number | null>;

beforeAll(async () => {
  await seedOriginalScenario(pool);
  db = await createTestDatabase();
  await syncAll(db);
  process.env.CLICKHOUSE_DATABASE = db.config.clickhouseDatabase;
  process.env.KPI_API_KEY = testApiKey;
  process.env.LOG_LEVEL = 'WARN';
  server = await startKpiServer({ port: 0 });
  browser = await launchBrowser();
}, 120_000);
afterEach(async () => {
  await current?.context.close();
  current = undefined;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  process.env = { ...savedEnv };
  await db.drop();
  await pool.end();
});

/** A page in a fresh context; console errors, page errors and requests leaving the server are collected. */
async function openPage(fragment = `#key=${testApiKey}`) {
  current = await isolatedContext(browser, server.url);
  const page = await current.context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.url}/dashboard${fragment}`);
  return { page, errors, blocked: current.blocked };
}

/** Waits until the dashboard has drawn the figures of its latest request. */
async function settled(page: Page): Promise<void> {
  await page.waitForSelector('body[data-state="ready"]', { timeout: 20_000 });
}

async function api(route: string, params: Record<string, string>): Promise<{ data: Row[]; meta: Row }> {
  const response = await fetch(`${server.url}/kpi/${route}?${new URLSearchParams(params)}`, {
    headers: { 'x-api-key': testApiKey },
  });
  return (await response.json()) as { data: Row[]; meta: Row };
}

async function apiCsv(route: string, params: Record<string, string>): Promise<string> {
  const query = new URLSearchParams({ ...params, format: 'csv' });
  const response = await fetch(`${server.url}/kpi/${route}?${query}`, { headers: { 'x-api-key': testApiKey } });
  return response.text();
}

async function tableCells(page: Page, id: string): Promise<string[][]> {
  return page.$$eval(`#${id} tbody tr`, (rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent?.trim() ?? '')),
  );
}

// How a person reads the API's numbers (written here independently of the dashboard's code).
const count = (value: unknown) => Number(value).toLocaleString('en-US');
const money = (value: unknown) =>
  value === null ? '—' : Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = (value: unknown) => (value === null ? '—' : `${(Number(value) * 100).toFixed(2)}%`);

function seriesCells(rows: Row[]): string[][] {
  return rows.map((row) => [
    String(row.period_start),
    count(row.impressions),
    count(row.clicks),
    percent(row.ctr),
    money(row.spend),
  ]);
}

function campaignCells(rows: Row[]): string[][] {
  return rows.map((row) => [
    String(row.campaign_name),
    String(row.advertiser_name),
    count(row.impressions),
    count(row.clicks),
    percent(row.ctr),
    money(row.spend),
    money(row.cpc),
    money(row.cpm),
  ]);
}

/** The filters the page shows, as API parameters. */
async function shownFilters(page: Page): Promise<Record<string, string>> {
  const value = (id: string): Promise<string> => page.$eval(`#${id}`, (element) => (element as HTMLInputElement).value);
  const preset = await value('preset');
  const range: Record<string, string> =
    preset === 'custom' ? { from: await value('from'), to: await value('to') } : { preset };
  return { ...range, tz: await value('tz') };
}

const today = new Date().toISOString().slice(0, 10);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

describe('dashboard in a real browser', () => {
  it('loads from one self-contained page with the key from the fragment: no console error, no other host', async () => {
    // Prepare
    const dashboard = await fetch(`${server.url}/dashboard`);
    const html = await dashboard.text();
    // Act
    const { page, errors, blocked } = await openPage();
    await settled(page);
    // Assess
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
    expect(page.url()).toBe(`${server.url}/dashboard`);
    expect(html).not.toMatch(/<(script|img|iframe)[^>]+src=|<link[^>]+href=|@import|url\(http/);
    expect(await page.evaluate(() => sessionStorage.getItem('pg2ch.kpiApiKey'))).toBe(testApiKey);
    expect(await page.textContent('#freshness')).toMatch(
      /^Data complete through: advertiser \d{4}-\d\d-\d\d \d\d:\d\d/,
    );
  });

  it('shows exactly the API numbers of the original scenario in the chart, its data table and the campaign table', async () => {
    // Prepare: a custom range over every event (the scenario spreads them over the past 7 days)
    const { page, errors } = await openPage();
    await settled(page);
    // Act
    await page.selectOption('#preset', 'custom');
    await page.fill('#from', daysAgo(8));
    await page.fill('#to', today);
    await settled(page);
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes(' to '));
    const filters = await shownFilters(page);
    const series = await api('timeseries', { ...filters, granularity: 'day', limit: '10000' });
    const campaigns = await api('performance', { ...filters, group_by: 'campaign', limit: '10000' });
    const chart = (await page.evaluate(() =>
      (window as unknown as { pg2chDashboard: { chartData: () => number[][][] } }).pg2chDashboard.chartData(),
    )) as number[][][];
    if (process.env.DASHBOARD_SCREENSHOT) {
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await writeFile(process.env.DASHBOARD_SCREENSHOT, await page.screenshot({ fullPage: true }));
    }
    // Assess
    expect(filters).toEqual({ from: daysAgo(8), to: today, tz: 'UTC' });
    expect(await tableCells(page, 'series-table')).toEqual(seriesCells(series.data));
    expect(series.data.reduce((sum, row) => sum + Number(row.impressions), 0)).toBe(10_500);
    expect(series.data.reduce((sum, row) => sum + Number(row.clicks), 0)).toBe(800);
    expect(chart[0]?.[1]).toEqual(series.data.map((row) => row.impressions));
    expect(chart[0]?.[2]).toEqual(series.data.map((row) => row.clicks));
    expect(chart[1]?.[1]).toEqual(campaigns.data.map((row) => (row.ctr === null ? null : Number(row.ctr) * 100)));
    expect(chart[1]?.[2]).toEqual(campaigns.data.map((row) => row.cpc));
    const bySpend = [...campaigns.data].sort(
      (a, b) => Number(b.spend) - Number(a.spend) || Number(a.campaign_id) - Number(b.campaign_id),
    );
    expect(await tableCells(page, 'campaign-table')).toEqual(campaignCells(bySpend));
    const scenario = (await tableCells(page, 'campaign-table')).map((cells) => cells.slice(2, 5));
    expect(scenario.filter(([i, c, ctr]) => i === '1,000' && c === '80' && ctr === '8.00%')).toHaveLength(10);
    expect(scenario).toContainEqual(['500', '0', '0.00%']);
    expect(scenario).toContainEqual(['0', '0', '—']);
    expect(errors).toEqual([]);
  });

  it('follows preset, time zone and granularity changes with exactly what the API answers for them', async () => {
    // Prepare
    const { page, errors } = await openPage();
    await settled(page);
    const before = await tableCells(page, 'series-table');
    const steps: [string, string][] = [
      ['#granularity', 'hour'],
      ['#tz', 'America/New_York'],
      ['#preset', 'yesterday'],
      ['#granularity', 'week'],
    ];
    // Act
    const seen = [];
    for (const [select, value] of steps) {
      await page.selectOption(select, value);
      await settled(page);
      const filters = await shownFilters(page);
      const granularity = await page.$eval('#granularity', (element) => (element as HTMLInputElement).value);
      const expected = await api('timeseries', { ...filters, granularity, limit: '10000' });
      seen.push({ shown: await tableCells(page, 'series-table'), expected: seriesCells(expected.data) });
    }
    // Assess
    for (const { shown, expected } of seen) expect(shown).toEqual(expected);
    expect(seen[0]?.shown.length).toBeGreaterThan(before.length);
    expect(seen[1]?.shown[0]?.[0]).toMatch(/-0[45]:00$/);
    expect(seen[2]?.shown).not.toEqual(seen[1]?.shown);
    expect(errors).toEqual([]);
  });

  it('downloads the campaign table as the same CSV the API returns', async () => {
    // Prepare
    const { page } = await openPage();
    await settled(page);
    const filters = await shownFilters(page);
    // Act
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-campaigns')]);
    const file = await readFile((await download.path()) ?? '', 'utf8');
    // Assess
    expect(download.suggestedFilename()).toBe('campaigns.csv');
    expect(file).toBe(await apiCsv('performance', { ...filters, group_by: 'campaign', limit: '10000' }));
    expect(file.split('\r\n')[0]).toBe(
      'advertiser_id,advertiser_name,campaign_id,campaign_name,impressions,clicks,ctr,spend,cpc,cpm',
    );
  });

  it('says clearly that a wrong key was refused, and loads once a right key is typed in', async () => {
    // Prepare
    const { page } = await openPage('#key=not-the-key');
    // Act
    await page.waitForSelector('#message:not([hidden])');
    const message = await page.textContent('#message');
    const focused = await page.evaluate(() => document.activeElement?.id);
    await page.keyboard.type(testApiKey);
    await page.keyboard.press('Enter');
    await settled(page);
    // Assess
    expect(message).toBe('The API key was not accepted (HTTP 401). Enter a valid API key to see the KPIs.');
    expect(focused).toBe('api-key');
    expect(await page.isHidden('#message')).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('pg2ch.kpiApiKey'))).toBe(testApiKey);
  });

  it('works from the keyboard: labelled controls in order, a preset changed with arrow keys, a column sorted', async () => {
    // Prepare
    const { page } = await openPage();
    await settled(page);
    // Act
    const order = [];
    await page.focus('body');
    for (let step = 0; step < 8; step += 1) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent));
    }
    await page.focus('#preset');
    await page.keyboard.press('ArrowDown');
    await settled(page);
    const preset = await page.$eval('#preset', (element) => (element as HTMLInputElement).value);
    await page.focus('#campaign-table th button[data-key="clicks"]');
    await page.keyboard.press('Enter');
    const sort = await page.getAttribute('#campaign-table th:nth-child(4)', 'aria-sort');
    const clicks = (await tableCells(page, 'campaign-table')).map((cells) => Number(cells[3]?.replace(/,/g, '')));
    const labels = await page.$$eval('#filters select, #filters input', (controls) =>
      controls.map((control) => (control as unknown as { labels: { textContent: string }[] }).labels[0]?.textContent),
    );
    // Assess
    expect(order).toEqual([
      'Skip to the figures',
      'preset',
      'tz',
      'granularity',
      'advertiser',
      'campaign',
      'download-series',
      'Chart data',
    ]);
    expect(preset).toBe('last_30_days');
    expect(sort).toBe('descending');
    expect(clicks).toEqual([...clicks].sort((a, b) => b - a));
    expect(labels).toEqual(['Period', 'From', 'To', 'Time zone', 'Granularity', 'Advertiser', 'Campaign']);
  });
});
