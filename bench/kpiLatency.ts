// Section 4: KPI latency through the KPI handler, next to the same numbers computed from the raw events.
import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
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

const method =
  'handler: handlers/kpi.ts invoked in-process with an API Gateway v2 event (x-api-key) — auth, parameter checks, ' +
  'the KPI view over events_hourly, JSON. direct: the same lib/kpi/query.ts query without the handler. naive: the same ' +
  'numbers (same columns, rounding, order) counted from impressions_raw / clicks_raw per request ' +
  '(sql/bench/naive_*.sql); sameNumbers compares its rows with the handler response. Calls interleaved, ' +
  'after warm-up; p50/p95 are nearest-rank. roundTrip: SELECT 1 on the same client (the fixed cost of a request).';

async function naiveRows(clickhouse: ClickHouseClient, route: KpiRoute, date: string): Promise<unknown[]> {
  const query = naiveKpiSql[route.name];
  if (query === undefined) throw new Error(`no naive query for /kpi/${route.name}`);
  const result = await clickhouse.query({
    query,
    query_params: { date, fetch_rows: defaults.pageSize + 1 },
    format: 'JSONEachRow',
    clickhouse_settings: outputSettings,
  });
  return (await result.json<unknown>()).slice(0, defaults.pageSize);
}

async function measureRoute(
  ctx: BenchContext,
  database: { name: string; clickhouse: ClickHouseClient },
  route: KpiRoute,
  date: string,
) {
  const query: Record<string, string> = route.required.includes('date') ? { date } : {};
  const apiKey = process.env.KPI_API_KEY ?? '';
  const calls = {
    handler: async () => {
      const response = await invokeKpi(ctx.handlers, database.name, kpiEvent(`/kpi/${route.name}`, query, apiKey));
      if (response.statusCode !== 200)
        throw new Error(`/kpi/${route.name} answered ${response.statusCode}: ${response.body}`);
      return (JSON.parse(response.body) as { data: unknown[] }).data;
    },
    direct: async () => (await queryKpi(database.clickhouse, route, parseKpiQuery(route, query))).rows as unknown[],
    naive: () => naiveRows(database.clickhouse, route, date),
  };
  const samples: Record<keyof typeof calls, number[]> = { handler: [], direct: [], naive: [] };
  const last: Partial<Record<keyof typeof calls, unknown[]>> = {};
  for (let call = 0; call < defaults.warmupCalls + ctx.options.kpiSamples; call += 1) {
    for (const name of Object.keys(calls) as (keyof typeof calls)[]) {
      const { ms, value } = await timed(calls[name]);
      last[name] = value;
      if (call >= defaults.warmupCalls) samples[name].push(ms);
    }
  }
  const [handler, direct, naive] = [samples.handler, samples.direct, samples.naive].map(summarizePercentiles);
  return {
    route: `/kpi/${route.name}`,
    query,
    rows: last.handler?.length ?? 0,
    handler,
    direct,
    naive,
    preAggregationSpeedup: round((naive?.p50 ?? 0) / (direct?.p50 ?? 1), 1),
    sameNumbers: JSON.stringify(last.handler) === JSON.stringify(last.naive),
  };
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

/** Measures every KPI route on the fully synced database of each size. */
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
    sizes.push({ impressions: size, roundTrip: await measureRoundTrip(ctx, database.clickhouse), routes });
  }
  return { method, samplesPerVariant: ctx.options.kpiSamples, sizes };
}

export { measureKpiLatency };
