import type { ClickHouseClient } from '@clickhouse/client';
import type pg from 'pg';
import { type ClusterMode, singleServer, writeSettings } from '../cluster.ts';
import { withStep } from '../errors.ts';
import { readClickhouseColumns, readSourceColumns } from '../tables/catalog.ts';
import { planColumns } from '../tables/columnPlan.ts';
import { sourceCollectionName } from '../tables/identifiers.ts';
import type { TableSpec } from '../tables/registry.ts';
import { tableNames } from '../tables/statements.ts';
import { checkColumns } from './columns.ts';
import type { CopyContext } from './copy.ts';
import { insertQueryId } from './deps.ts';

/**
 * The copy context of an incremental table outside a scheduled run (repair, backfill): reads the source's catalog and
 * both ClickHouse tables' columns, and plans the columns to copy exactly as a run does.
 * @throws SyncError("check columns") when the source changed a column's type or lost the id column.
 */
async function readCopyContext(
  spec: TableSpec,
  deps: { clickhouse: ClickHouseClient; database: string; runId: string; signal?: AbortSignal; cluster?: ClusterMode },
  session: pg.Client,
): Promise<CopyContext> {
  const { clickhouse, signal } = deps;
  const names = tableNames(spec);
  const [source, target, reader] = await withStep(spec.key, 'read columns', () =>
    Promise.all([
      readSourceColumns(session, spec.source),
      readClickhouseColumns(clickhouse, names.target, signal),
      readClickhouseColumns(clickhouse, names.reader, signal),
    ]),
  );
  const plan = planColumns(spec, source, target, reader);
  checkColumns(spec, plan);
  return {
    ...{ clickhouse, spec, columns: plan.copy, sourceColumns: source },
    ...{ insertQueryId: insertQueryId(deps.database, spec.key), collection: sourceCollectionName(deps.database) },
    runId: deps.runId,
    ...{ cluster: deps.cluster ?? singleServer, settings: writeSettings(deps.cluster ?? singleServer, false) },
    ...(signal ? { signal } : {}),
  };
}

export { readCopyContext };
