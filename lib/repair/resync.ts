// `npm run resync -- <table>`: copies a table again from scratch, keeping every KPI exact: under the table's run lock
// its copy and quarantine are emptied (or, with `rebuild`, dropped and created again from the source's current
// columns) and its sync history cleared; then the KPI pre-aggregates it feeds are corrected to match.
import { renderForCluster, singleServer } from '../cluster.ts';
import { withStep } from '../errors.ts';
import { repairKpiAggregatesIn } from '../kpi/repair.ts';
import { migrateTablesIn } from '../migrate/tables.ts';
import type { SyncDeps } from '../sync/deps.ts';
import { closeSourceSession, openSourceSession, tryLockTable } from '../sync/source.ts';
import { runSync } from '../sync.ts';
import type { TableSpec } from '../tables/registry.ts';
import { resetStatements } from '../tables/statements.ts';

/** What a resync did ('locked': a sync of the table was running, nothing changed). */
interface ResyncOutcome {
  readonly table: string;
  readonly outcome: 'reset' | 'reloaded' | 'locked';
  readonly kpiAggregates: 'repaired' | 'locked' | 'untouched';
}

/**
 * Empties (or drops and creates again) the copy and its history under the table's run lock and, in the same session,
 * corrects the KPI pre-aggregates (holding the locks of every table that feeds them), so no count is ever doubled.
 * @returns null when a sync of the table holds its lock (nothing changed), else the KPI outcome.
 */
async function resetTable(
  spec: TableSpec,
  deps: SyncDeps,
  rebuild: boolean,
): Promise<ResyncOutcome['kpiAggregates'] | null> {
  const session = await withStep(spec.key, 'connect to PostgreSQL', () => openSourceSession(deps.pgUrl));
  try {
    if (!(await withStep(spec.key, 'take run lock', () => tryLockTable(session, spec.key)))) return null;
    for (const statement of resetStatements(spec, rebuild)) {
      await withStep(spec.key, 'reset copy', () =>
        deps.clickhouse.command({
          query: renderForCluster(statement, deps.cluster ?? singleServer),
          query_params: { table_name: spec.key },
          abort_signal: deps.signal,
        }),
      );
    }
    await migrateTablesIn({ clickhouse: deps.clickhouse, database: deps.database }, session, [spec], deps.cluster);
    if (!spec.feedsKpiAggregates) return 'untouched';
    const kpi = await repairKpiAggregatesIn(session, deps, { from: null, to: null });
    return 'skipped' in kpi ? 'locked' : 'repaired';
  } finally {
    await closeSourceSession(session);
  }
}

/**
 * Empties an incremental table's copy (dropping it when `rebuild`), brings it to the source's columns, and corrects
 * the KPI pre-aggregates; the next sync runs copy it again. A full-mode table is simply reloaded.
 * @throws SyncError naming the failing step; SchemaChangeError when even a rebuilt copy cannot take the source.
 */
async function resyncTable(spec: TableSpec, deps: SyncDeps, rebuild = false): Promise<ResyncOutcome> {
  if (spec.mode === 'full') {
    const outcome = await runSync(spec, deps);
    return { table: spec.key, outcome: 'skipped' in outcome ? 'locked' : 'reloaded', kpiAggregates: 'untouched' };
  }
  const kpiAggregates = await resetTable(spec, deps, rebuild);
  if (kpiAggregates === null) return { table: spec.key, outcome: 'locked', kpiAggregates: 'untouched' };
  return { table: spec.key, outcome: 'reset', kpiAggregates };
}

export type { ResyncOutcome };
export { resyncTable };
