// Section 4: KPI latency through the KPI handler, next to the same numbers computed from the raw events; the
// analyst requests (time zone, granularity, presets, CSV) through the handler; the dashboard's page weight.
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { ClickHouseClient } from '@clickhouse/client';
import { buildDashboardPage } from '../lib/dashboard/build.mjs';
import { parseKpiQuery } from '../lib/kpi/params.ts';
import { outputSettings, queryKpi } from '../lib/kpi/query.ts';
import { type KpiRoute, kpiRoutes } from '../lib/kpi/routes.ts';
import { invokeKpi, kpiEvent } from './invoke.ts';
import { round, summarizePercentiles, timed } from './measure.ts';
import { loadedDatabase } from './prepare.ts';
import type { BenchContext } from './section.ts';
import { benchSql, naiveKpiSql } from './sql.ts';

const defaults = {
  warmupCalls: 2,
  /** The KPI function's default page size (lib/kpi/params.ts). */
  pageSize: 1_000,
};

/** The analyst requests measured through the handler: main routes with tz and granularity. */
const zonedRequests: readonly [string, Record<string, string>][] = [
  ['timeseries', { tz: 'America/New_York', granularity: 'day' }],
  ['timeseries', { tz: 'America/New_York', granularity: 'hour', preset: 'last_7_days' }],
  ['timeseries', { tz: 'Europe/Paris', granularity: 'week', group_by: 'campaign' }],
  ['timeseries', { tz: 'Asia/Tokyo', granularity: 'month', group_by: 'advertiser' }],
  ['performance', { tz: 'America/New_York', preset: 'last_7_days' }],
  ['performance', { tz: 'America/New_York', preset: 'last_7_days', format: 'csv' }],
  ['pacing', { tz: 'America/New_York' }],
  ['daily-impressions-clicks', { tz: 'America/New_York', preset: 'last_30_days' }],
  ['campaigns-ctr', { tz: 'Asia/Tokyo', preset: 'last_7_days' }],
];

const method =
  'handler: handlers/kpi.ts invoked in-process with an API Gateway v2 event (x-api-key) — auth, parameter checks, ' +
  'the KPI view over events_hourly, complete_through, JSON. direct: the same lib/kpi/query.ts query without the ' +
  'handler. naive: the same numbers (same columns, rounding, order) counted from impressions_raw / clicks_raw per ' +
  'request (sql/bench/naive_*.sql); sameNumbers compares its rows with the direct rows (exact text) and the ' +
  'handler response (numbers). zoned: analyst requests (tz, granularity, presets, CSV) through the handler. Calls ' +
  'interleaved, after warm-up; p50/p95 are nearest-rank. roundTrip: SELECT 1 on the same client (the fixed cost ' +
  'of a request). page: the dashboard HTML as GET /dashboard serves it, raw and gzipped.';

type Rows = Record<string, unknown>[];

/** Pacing columns that move with the clock: the handler and the direct query are asked at different instants. */
const clockColumns = new Set(['flight_elapsed', 'expected_spend', 'pacing']);

/** Rows with every numeric text turned into a number (to compare JSON numbers with query text), less clockColumns. */
function comparable(rows: Rows): Rows {
  const value = (item: unknown) => (typeof item === 'string' && /^-?\d+(\.\d+)?$/.test(item) ? Number(item) : item);
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row)
        .filter(([key]) => !clockColumns.has(key))
        .map(([key, item]) => [key, value(item)]),
    ),
  );
}

async function naiveRows(clickhouse: ClickHouseClient, route: KpiRoute, date: string): Promise<Rows | undefined> {
  const query = naiveKpiSql[route.name];
  if (query === undefined) return undefined;
  const result = await clickhouse.query({
    query,
    query_params: { date, fetch_rows: defaults.pageSize + 1 },
    format: 'JSONEachRow',
    clickhouse_settings: outputSettings,
  });
  return (await result.json<Record<string, unknown>>()).slice(0, defaults.pageSize);
}

async function callHandler(ctx: BenchContext, database: string, path: string, query: Record<string, string>) {
  const apiKey = process.env.KPI_API_KEY ?? '';
  const response = await invokeKpi(ctx.handlers, database, kpiEvent(path, query, apiKey));
  if (response.statusCode !== 200) throw new Error(`${path} answered ${response.statusCode}: ${response.body}`);
  const body = String(response.body);
  return query.format === 'csv' ? [] : (JSON.parse(body) as { data: Rows }).data;
}

async function measureRoute(
  ctx: BenchContext,
  database: { name: string; clickhouse: ClickHouseClient },
  route: KpiRoute,
  date: string,
  samplesPerVariant: number = ctx.options.kpiSamples,
) {
  const query: Record<string, string> = route.required.includes('date') ? { date } : {};
  const calls = {
    handler: () => callHandler(ctx, database.name, `/kpi/${route.name}`, query),
    direct: async () => (await queryKpi(database.clickhouse, route, parseKpiQuery(route, query))).rows,
    naive: async () => (await naiveRows(database.clickhouse, route, date)) ?? [],
  };
  const samples: Record<keyof typeof calls, number[]> = { handler: [], direct: [], naive: [] };
  const last: Partial<Record<keyof typeof calls, Rows>> = {};
  const hasNaive = naiveKpiSql[route.name] !== undefined;
  for (let call = 0; call < defaults.warmupCalls + samplesPerVariant; call += 1) {
    for (const name of Object.keys(calls) as (keyof typeof calls)[]) {
      if (name === 'naive' && !hasNaive) continue;
      const { ms, value } = await timed(calls[name]);
      last[name] = value;
      if (call >= defaults.warmupCalls) samples[name].push(ms);
    }
  }
  const [handler, direct, naive] = [samples.handler, samples.direct, samples.naive].map(summarizePercentiles);
  const sameAsDirect = JSON.stringify(comparable(last.handler ?? [])) === JSON.stringify(comparable(last.direct ?? []));
  return {
    route: `/kpi/${route.name}`,
    query,
    rows: last.handler?.length ?? 0,
    handler,
    direct,
    naive: hasNaive ? naive : null,
    preAggregationSpeedup: hasNaive ? round((naive?.p50 ?? 0) / (direct?.p50 ?? 1), 1) : null,
    sameNumbers: sameAsDirect && (!hasNaive || JSON.stringify(last.direct) === JSON.stringify(last.naive)),
  };
}

async function measureZoned(ctx: BenchContext, database: string, name: string, query: Record<string, string>) {
  const samples: number[] = [];
  let rows = 0;
  for (let call = 0; call < defaults.warmupCalls + ctx.options.kpiSamples; call += 1) {
    const { ms, value } = await timed(() => callHandler(ctx, database, `/kpi/${name}`, query));
    rows = value.length;
    if (call >= defaults.warmupCalls) samples.push(ms);
  }
  return { route: `/kpi/${name}?${new URLSearchParams(query)}`, rows, handler: summarizePercentiles(samples) };
}

/** p50/p95 of `SELECT 1` on the same client: the fixed cost every KPI query pays. */
async function measureRoundTrip(ctx: BenchContext, clickhouse: ClickHouseClient) {
  const samples: number[] = [];
  for (let call = 0; call < defaults.warmupCalls + ctx.options.kpiSamples; call += 1) {
    const { ms } = await timed(async () =>
      (await clickhouse.query({ query: benchSql.roundTrip, format: 'JSONEachRow' })).json(),
    );
    if (call >= defaults.warmupCalls) samples.push(ms);
  }
  return summarizePercentiles(samples);
}

/** The dashboard page's weight as served (one HTML document with its script and style inline). */
async function measurePage() {
  const { html } = await buildDashboardPage();
  const bytes = Buffer.byteLength(html);
  return { bytes, gzipBytes: gzipSync(html, { level: 9 }).length, budgetGzipBytes: 300 * 1024 };
}

/** Measures every KPI route and the analyst requests on the fully synced database of each size. */
async function measureKpiLatency(ctx: BenchContext): Promise<Record<string, unknown>> {
  process.env.KPI_API_KEY ||= randomUUID();
  const date = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const sizes: Record<string, unknown>[] = [];
  for (const size of ctx.options.sizes) {
    const database = await loadedDatabase(ctx, size);
    const routes = [];
    for (const route of kpiRoutes.values()) {
      ctx.progress(`kpi ${size}: /kpi/${route.name}`);
      routes.push(await measureRoute(ctx, database, route, date));
    }
    const zoned = [];
    for (const [name, query] of zonedRequests) {
      ctx.progress(`kpi ${size}: /kpi/${name} ${JSON.stringify(query)}`);
      zoned.push(await measureZoned(ctx, database.name, name, query));
    }
    sizes.push({ impressions: size, roundTrip: await measureRoundTrip(ctx, database.clickhouse), routes, zoned });
  }
  return { method, samplesPerVariant: ctx.options.kpiSamples, page: await measurePage(), sizes };
}

export { measureKpiLatency, measureRoute };
