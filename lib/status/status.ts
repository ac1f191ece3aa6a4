// The front door of lib/status: each table's status (last success, age, rows, backlog, freshness lag, rejected rows,
// last error) from sync_state and sync_failures, read against the registry.
import type { ClickHouseClient } from '@clickhouse/client';
import type { TableSpec } from '../tables/registry.ts';
import { assessTable, type TableStatus } from './assess.ts';
import { readStatusRows } from './read.ts';

interface StatusOptions {
  /** Schedule periods a table may go without a successful run (default 3). */
  readonly maxAgePeriods?: number;
  readonly signal?: AbortSignal;
}

/**
 * The status of each of `specs`, in that order.
 * @throws ClickHouseError when ClickHouse cannot answer (UNKNOWN_TABLE before `npm run migrate`).
 */
async function readTableStatuses(
  clickhouse: ClickHouseClient,
  specs: readonly TableSpec[],
  options: StatusOptions = {},
): Promise<TableStatus[]> {
  const rows = await readStatusRows(
    clickhouse,
    specs.map((spec) => spec.key),
    options.signal ? { signal: options.signal } : {},
  );
  const byTable = new Map(rows.map((row) => [row.table_name, row]));
  return specs.flatMap((spec) => {
    const row = byTable.get(spec.key);
    return row ? [assessTable(spec, row, options.maxAgePeriods ? { maxAgePeriods: options.maxAgePeriods } : {})] : [];
  });
}

export type { TableStatus } from './assess.ts';
export { isOverdue } from './assess.ts';
export type { StatusOptions };
export { readTableStatuses };
