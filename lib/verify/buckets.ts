import type pg from 'pg';
import { withStep } from '../errors.ts';
import type { TableSpec } from '../tables.ts';
import { type Bucket, type DriftRange, diffBuckets, driftRanges } from './drift.ts';
import type { VerifyDeps, VerifyOptions } from './verify.ts';

/** One table's comparison: its spec, both connections, the drilling settings and the drills left. */
interface VerifyContext extends VerifyOptions {
  readonly spec: TableSpec;
  readonly session: pg.Client;
  readonly deps: VerifyDeps;
  drills: number;
}

/** Aggregates ids in (idFrom, idTo] into buckets of `width` ids on both sides at once. @throws SyncError. */
async function readBuckets(
  context: VerifyContext,
  idFrom: number,
  idTo: number,
  width: number,
): Promise<[Bucket[], Bucket[]]> {
  const { spec, session, deps } = context;
  const toBuckets = (rows: { bucket: string; rows: string; id_sum: string }[]) =>
    rows.map((row) => ({ bucket: Number(row.bucket), rows: Number(row.rows), idSum: row.id_sum }));
  const postgres = withStep(spec.key, 'aggregate PostgreSQL', async () => {
    const result = await session.query<{ bucket: string; rows: string; id_sum: string }>(spec.verify.postgres, [
      idFrom,
      idTo,
      width,
    ]);
    return toBuckets(result.rows);
  });
  const clickhouse = withStep(spec.key, 'aggregate ClickHouse', async () => {
    const result = await deps.clickhouse.query({
      query: spec.verify.clickhouse,
      query_params: { id_from: idFrom, id_to: idTo, width },
      format: 'JSONEachRow',
      abort_signal: deps.signal,
    });
    return toBuckets(await result.json());
  });
  return Promise.all([postgres, clickhouse]);
}

/** Compares one level of buckets of `width` ids from `idFrom`, drilling into the differing ones. */
async function compareLevel(
  context: VerifyContext,
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
      ranges.push({
        firstId: from + 1,
        lastId: to,
        postgresRows: difference.postgresRows,
        clickhouseRows: difference.clickhouseRows,
        exact: false,
      });
      continue;
    }
    context.drills -= 1;
    const next = width <= context.leafWidth ? 1 : Math.ceil(width / context.fanout);
    ranges.push(...(await compareLevel(context, from, to, next, await readBuckets(context, from, to, next))));
  }
  return ranges;
}

export type { VerifyContext };
export { compareLevel, readBuckets };
