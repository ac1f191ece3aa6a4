import type { ClickHouseClient } from '@clickhouse/client';
import type pg from 'pg';
import { withStep } from '../errors.ts';
import type { BucketStatements } from '../tables/verifyStatements.ts';
import { type Bucket, type DriftRange, diffBuckets, differingRowsOf, driftRanges } from './drift.ts';

/** How far a comparison drills (lib/verify/verify.ts has the defaults). */
interface DrillSettings {
  /** A differing bucket is split into this many sub-buckets. */
  readonly fanout: number;
  /** A differing bucket at most this wide is compared id by id. */
  readonly leafWidth: number;
}

/** Where one table's buckets are read: both sides' statements and parameters, and the connections. */
interface VerifyContext {
  readonly table: string;
  readonly statements: BucketStatements;
  readonly session: pg.Client;
  readonly clickhouse: ClickHouseClient;
  readonly signal?: AbortSignal;
  /** Ids quarantined in ClickHouse: left out of the PostgreSQL side. */
  readonly excludedIds: readonly string[];
  /** Live parent ids on both sides, or null when the table has no live filter. */
  readonly liveIds: readonly string[] | null;
}

/** Reads the buckets of `width` ids over (idFrom, idTo] on both sides: [PostgreSQL, ClickHouse]. */
type BucketReader = (idFrom: number, idTo: number, width: number) => Promise<[Bucket[], Bucket[]]>;

/** One table's comparison: how far it drills, the drills left, and where it reads the buckets of a drill. */
interface CompareContext extends DrillSettings {
  readonly readBuckets: BucketReader;
  drills: number;
}

// Stryker disable all: I/O, covered by the integration tests (tests/integration/verify.test.ts).
type BucketRow = { bucket: string; rows: string; row_hash: string };

function toBuckets(rows: readonly BucketRow[]): Bucket[] {
  return rows.map((row) => ({ bucket: Number(row.bucket), rows: Number(row.rows), hash: row.row_hash }));
}

/** Aggregates ids in (idFrom, idTo] into buckets of `width` ids on both sides at once. @throws SyncError. */
async function readBuckets(
  context: VerifyContext,
  idFrom: number,
  idTo: number,
  width: number,
): Promise<[Bucket[], Bucket[]]> {
  const { statements, session, clickhouse, table } = context;
  const postgres = withStep(table, 'aggregate PostgreSQL', async () => {
    const params = [idFrom, idTo, width, context.excludedIds, context.liveIds];
    const result = await session.query<BucketRow>(statements.postgres, params);
    return toBuckets(result.rows);
  });
  const fromClickhouse = withStep(table, 'aggregate ClickHouse', async () => {
    const result = await clickhouse.query({
      query: statements.clickhouse,
      query_params: {
        ...{ id_from: idFrom, id_to: idTo, width },
        ...{ filter_live: context.liveIds === null ? 0 : 1, live_ids: (context.liveIds ?? []).map(Number) },
      },
      format: 'JSONEachRow',
      abort_signal: context.signal,
    });
    return toBuckets(await result.json<BucketRow>());
  });
  return Promise.all([postgres, fromClickhouse]);
}
// Stryker restore all

/**
 * Compares one level of buckets of `width` ids from `idFrom`, drilling into the differing ones while drills are left;
 * the rest are reported as inexact ranges. Pure but for `context.readBuckets`; counts the drills it uses in `context`.
 */
async function compareLevel(
  context: CompareContext,
  idFrom: number,
  idTo: number,
  width: number,
  buckets: [Bucket[], Bucket[]],
): Promise<DriftRange[]> {
  if (width === 1) return driftRanges(idFrom, ...buckets);
  const ranges: DriftRange[] = [];
  for (const difference of diffBuckets(...buckets)) {
    const from = idFrom + difference.bucket * width;
    const to = Math.min(idTo, from + width);
    if (context.drills <= 0) {
      const { postgresRows, clickhouseRows } = difference;
      const differingRows = differingRowsOf(difference);
      ranges.push({ firstId: from + 1, lastId: to, postgresRows, clickhouseRows, differingRows, exact: false });
      continue;
    }
    context.drills -= 1;
    const next = width <= context.leafWidth ? 1 : Math.ceil(width / context.fanout);
    ranges.push(...(await compareLevel(context, from, to, next, await context.readBuckets(from, to, next))));
  }
  return ranges;
}

export type { BucketReader, CompareContext, DrillSettings, VerifyContext };
export { compareLevel, readBuckets };
