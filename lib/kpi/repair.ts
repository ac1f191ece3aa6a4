import type { ClickHouseClient } from '@clickhouse/client';
import type pg from 'pg';
import { withStep } from '../errors.ts';
import { sql } from '../sql.ts';
import { closeSourceSession, openSourceSession, tryLockTable } from '../sync/source.ts';
import { registry } from '../tables/registry.ts';

/** An optional UTC date range, inclusive; null = unbounded. */
interface DateRange {
  readonly from: string | null;
  readonly to: string | null;
}

/** One day on which events_hourly disagrees with the raw tables (counts are raw minus aggregate, as text). */
interface DriftDay {
  readonly date: string;
  readonly campaign_hours: string;
  readonly missing_impressions: string;
  readonly missing_clicks: string;
}

type RepairOutcome = { readonly repaired: DriftDay[] } | { readonly skipped: 'locked' };

/**
 * Compares the KPI aggregate (events_hourly) with the raw tables over `range`; reads the range's raw rows once.
 * @returns the days that differ (none when every KPI is exact for the range).
 * @throws SyncError(kpi, "check aggregates") wrapping the client's error.
 */
async function checkKpiAggregates(clickhouse: ClickHouseClient, range: DateRange, signal?: AbortSignal) {
  return withStep('kpi', 'check aggregates', async () => {
    const result = await clickhouse.query({
      query: sql.kpiDriftByDay,
      query_params: { date_from: range.from, date_to: range.to },
      format: 'JSONEachRow',
      clickhouse_settings: { output_format_json_quote_64bit_integers: 1 },
      abort_signal: signal,
    });
    return result.json<DriftDay>();
  });
}

/**
 * Makes events_hourly exact again over `range` (after a crash between a raw part and its materialized-view
 * part): appends the drift as correction rows while holding the run locks of every table feeding it, so
 * no sync INSERT runs meanwhile. Idempotent: with nothing to repair it writes nothing.
 * @returns the days repaired, or `{ skipped: 'locked' }` when a sync run holds a lock (try again later).
 * @throws SyncError(kpi, step) naming the failing step.
 */
async function repairKpiAggregates(
  deps: { clickhouse: ClickHouseClient; pgUrl: string; signal?: AbortSignal },
  range: DateRange,
): Promise<RepairOutcome> {
  const session = await withStep('kpi', 'connect to PostgreSQL', () => openSourceSession(deps.pgUrl));
  try {
    return await repairKpiAggregatesIn(session, deps, range);
  } finally {
    await closeSourceSession(session);
  }
}

/**
 * repairKpiAggregates in a coordination session of the caller's, which may already hold some of the run locks (they
 * are re-entrant), e.g. a resync emptying a raw table. The locks stay held until the caller closes its session.
 */
async function repairKpiAggregatesIn(
  session: pg.Client,
  deps: { clickhouse: ClickHouseClient; signal?: AbortSignal },
  range: DateRange,
): Promise<RepairOutcome> {
  const feeding = registry.filter((spec) => spec.feedsKpiAggregates).map((spec) => spec.key);
  const locked = await withStep('kpi', 'take run locks', async () => {
    for (const key of feeding) if (!(await tryLockTable(session, key))) return false;
    return true;
  });
  if (!locked) return { skipped: 'locked' };
  const drift = await checkKpiAggregates(deps.clickhouse, range, deps.signal);
  if (drift.length === 0) return { repaired: [] };
  await withStep('kpi', 'repair aggregates', () =>
    deps.clickhouse.command({
      query: sql.kpiRepairDrift,
      query_params: { date_from: range.from, date_to: range.to },
      abort_signal: deps.signal,
    }),
  );
  return { repaired: drift };
}

export type { DateRange, DriftDay, RepairOutcome };
export { checkKpiAggregates, repairKpiAggregates, repairKpiAggregatesIn };
