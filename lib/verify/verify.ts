import type { ClickHouseClient } from '@clickhouse/client';
import { withStep } from '../errors.ts';
import { sql } from '../sql.ts';
import { explainFailure } from '../sync/reachability.ts';
import { closeSourceSession, openSourceSession } from '../sync/source.ts';
import { type TableKey, tables } from '../tables.ts';
import { compareLevel, readBuckets, type VerifyContext } from './buckets.ts';
import { type DriftRange, driftRows, joinTouchingRanges } from './drift.ts';

interface VerifyDeps {
  readonly clickhouse: ClickHouseClient;
  readonly pgUrl: string;
  readonly signal?: AbortSignal;
}

/** How one table compares over ids (idFrom, idTo]. */
interface TableDrift {
  readonly table: TableKey;
  readonly idFrom: number;
  readonly idTo: number;
  /** Where idTo comes from: rows above it may legitimately still be in flight. */
  readonly bound: 'safe mark' | 'last full load';
  readonly postgresRows: number;
  readonly clickhouseRows: number;
  readonly driftRows: number;
  readonly ranges: readonly DriftRange[];
}

interface VerifyReport {
  readonly driftRows: number;
  readonly tables: readonly TableDrift[];
}

const defaults = {
  /** First pass: about this many buckets per table. */
  topBuckets: 1_000,
  /** A differing bucket is split into this many sub-buckets. */
  fanout: 100,
  /** A differing bucket at most this wide is compared id by id. */
  leafWidth: 1_000,
  /** Differing buckets drilled into per table; the rest are reported as inexact ranges. */
  maxDrills: 30,
  /** The PostgreSQL aggregates scan every id up to the bound once. */
  statementTimeoutMs: 120_000,
};

type VerifyOptions = typeof defaults;

async function verifyTable(context: VerifyContext, idTo: number): Promise<TableDrift> {
  const width = Math.max(1, Math.ceil(idTo / context.topBuckets));
  const buckets = await readBuckets(context, 0, idTo, width);
  const [postgresRows, clickhouseRows] = buckets.map((side) => side.reduce((sum, bucket) => sum + bucket.rows, 0));
  const ranges = joinTouchingRanges(await compareLevel(context, 0, idTo, width, buckets));
  const bound = context.spec.mode === 'incremental' ? 'safe mark' : 'last full load';
  const table = context.spec.key;
  return {
    table,
    idFrom: 0,
    idTo,
    bound,
    postgresRows: postgresRows ?? 0,
    clickhouseRows: clickhouseRows ?? 0,
    driftRows: driftRows(ranges),
    ranges,
  };
}

/**
 * Compares PostgreSQL and ClickHouse for each table over the ids at or below its bound (sql/verify/bounds.sql),
 * with aggregates on each side (count and id sum per id bucket; differing buckets are split until single ids
 * name the exact ranges). No row is transferred.
 * @throws SyncError naming the failing step and, when found, the unreachable side.
 */
async function verifyTables(
  keys: readonly TableKey[],
  deps: VerifyDeps,
  options: Partial<VerifyOptions> = {},
): Promise<VerifyReport> {
  const settings = { ...defaults, ...options };
  try {
    const bounds = await withStep('verify', 'read bounds', async () => {
      const result = await deps.clickhouse.query({
        query: sql.verifyBounds,
        format: 'JSONEachRow',
        abort_signal: deps.signal,
      });
      const [row] = await result.json<Record<TableKey, string>>();
      return row;
    });
    const session = await withStep('verify', 'connect to PostgreSQL', () =>
      openSourceSession(deps.pgUrl, { statementTimeoutMs: settings.statementTimeoutMs }),
    );
    try {
      const results: TableDrift[] = [];
      for (const key of keys) {
        const context: VerifyContext = { ...settings, spec: tables[key], session, deps, drills: settings.maxDrills };
        results.push(await verifyTable(context, Number(bounds?.[key] ?? 0)));
      }
      return { driftRows: results.reduce((sum, table) => sum + table.driftRows, 0), tables: results };
    } finally {
      await closeSourceSession(session);
    }
  } catch (error) {
    throw await explainFailure(error, deps);
  }
}

export type { TableDrift, VerifyDeps, VerifyOptions, VerifyReport };
export { verifyTables };
