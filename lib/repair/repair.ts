// `npm run verify -- --repair`: re-copies exactly the id ranges verify found different, without doubling anything.
// A range where ClickHouse holds rows (extra, doubled or altered ones) is emptied there first; then every range is
// copied again from PostgreSQL with the sync's own copy (ids present are skipped, refused rows quarantined). All under
// the table's run lock; afterwards the KPI pre-aggregates are made exact again for tables that feed them.
import type pg from 'pg';
import { withStep } from '../errors.ts';
import { repairKpiAggregates } from '../kpi/repair.ts';
import { copyRange } from '../sync/copy.ts';
import { readCopyContext } from '../sync/copyContext.ts';
import type { SyncDeps } from '../sync/deps.ts';
import { closeSourceSession, openSourceSession, tryLockTable } from '../sync/source.ts';
import { runSync } from '../sync.ts';
import { findTable, type TableSpec } from '../tables/registry.ts';
import { deleteRangeStatement } from '../tables/statements.ts';
import type { DriftRange } from '../verify/drift.ts';
import type { TableDrift, VerifyReport } from '../verify/verify.ts';

/** What the repair did to one table. */
interface TableRepair {
  readonly table: string;
  /** 'locked': a sync of the table was running; nothing was changed (try again). */
  readonly outcome: 'repaired' | 'reloaded' | 'locked';
  /** Ranges copied again, and how many of them were emptied in ClickHouse first. */
  readonly ranges: number;
  readonly emptied: number;
}

async function recopyRanges(
  spec: TableSpec,
  deps: SyncDeps,
  session: pg.Client,
  ranges: readonly DriftRange[],
): Promise<number> {
  const context = await readCopyContext(spec, deps, session);
  let emptied = 0;
  for (const range of ranges) {
    const window = { from: range.firstId - 1, to: range.lastId };
    if (range.clickhouseRows > 0) {
      emptied += 1;
      await withStep(spec.key, 'empty range', () =>
        deps.clickhouse.command({
          query: deleteRangeStatement(spec),
          query_params: { id_from: window.from, id_to: window.to },
          abort_signal: deps.signal,
        }),
      );
    }
    await copyRange(context, window);
  }
  return emptied;
}

/** Repairs one table's drift: reloads a full-mode table, re-copies an incremental table's ranges under its lock. */
async function repairTable(drift: TableDrift, deps: SyncDeps, specs: readonly TableSpec[]): Promise<TableRepair> {
  const spec = specs.find((candidate) => candidate.key === drift.table) ?? findTable(drift.table);
  if (spec.mode === 'full') {
    const outcome = await runSync(spec, deps);
    return { table: spec.key, outcome: 'skipped' in outcome ? 'locked' : 'reloaded', ranges: 0, emptied: 0 };
  }
  const session = await withStep(spec.key, 'connect to PostgreSQL', () => openSourceSession(deps.pgUrl));
  try {
    if (!(await withStep(spec.key, 'take run lock', () => tryLockTable(session, spec.key)))) {
      return { table: spec.key, outcome: 'locked', ranges: 0, emptied: 0 };
    }
    const emptied = await recopyRanges(spec, deps, session, drift.ranges);
    return { table: spec.key, outcome: 'repaired', ranges: drift.ranges.length, emptied };
  } finally {
    await closeSourceSession(session);
  }
}

/** What a repair did: per table, and to the KPI pre-aggregates ('locked': a sync held their tables; run again). */
interface DriftRepair {
  readonly tables: readonly TableRepair[];
  readonly kpiAggregates: 'repaired' | 'locked' | 'untouched';
}

/**
 * Repairs every table of `report` that drifted, then (when a repaired table feeds them) makes the KPI pre-aggregates
 * exact again over all days. Verify again afterwards to see the result. `specs`: tables outside the registry (tests).
 * @throws SyncError naming the failing step and table.
 */
async function repairDrift(
  report: VerifyReport,
  deps: SyncDeps,
  specs: readonly TableSpec[] = [],
): Promise<DriftRepair> {
  const tables: TableRepair[] = [];
  for (const drift of report.tables.filter((table) => table.driftRows > 0)) {
    tables.push(await repairTable(drift, deps, specs));
  }
  const specOf = (key: string) => specs.find((candidate) => candidate.key === key) ?? findTable(key);
  const feeds = tables.some((repair) => repair.outcome === 'repaired' && specOf(repair.table).feedsKpiAggregates);
  if (!feeds) return { tables, kpiAggregates: 'untouched' };
  const outcome = await repairKpiAggregates(
    { clickhouse: deps.clickhouse, pgUrl: deps.pgUrl },
    { from: null, to: null },
  );
  return { tables, kpiAggregates: 'skipped' in outcome ? 'locked' : 'repaired' };
}

export type { DriftRepair, TableRepair };
export { repairDrift };
