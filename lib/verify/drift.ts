/** One bucket of ids as aggregated on one side: row count and the sum of its rows' content hashes (text: exact). */
interface Bucket {
  readonly bucket: number;
  readonly rows: number;
  readonly hash: string;
}

/** A bucket whose aggregates differ between the two sides (a side without the bucket counts as 0 rows). */
interface BucketDifference {
  readonly bucket: number;
  readonly postgresRows: number;
  readonly clickhouseRows: number;
}

/**
 * Ids [firstId, lastId] (inclusive) where the sides differ; `exact` false when not drilled down to single ids.
 * `differingRows`: rows lost, doubled or altered in the range (exact ranges: per id, the count difference, or 1 for a
 * row whose content differs; inexact ones: a lower bound).
 */
interface DriftRange {
  readonly firstId: number;
  readonly lastId: number;
  readonly postgresRows: number;
  readonly clickhouseRows: number;
  readonly differingRows: number;
  readonly exact: boolean;
}

const empty: Bucket = { bucket: -1, rows: 0, hash: '0' };

/** Rows a differing bucket accounts for at least: the count difference, or 1 when only the content differs. */
function differingRowsOf(difference: BucketDifference): number {
  return Math.max(1, Math.abs(difference.postgresRows - difference.clickhouseRows));
}

/** Buckets present on either side whose count or content hash differ, lowest first, in any input order. Pure. */
function diffBuckets(postgres: readonly Bucket[], clickhouse: readonly Bucket[]): BucketDifference[] {
  const pg = new Map(postgres.map((b) => [b.bucket, b]));
  const ch = new Map(clickhouse.map((b) => [b.bucket, b]));
  const all = [...new Set([...pg.keys(), ...ch.keys()])].sort((a, b) => a - b);
  return all.flatMap((bucket) => {
    const left = pg.get(bucket) ?? empty;
    const right = ch.get(bucket) ?? empty;
    const same = left.rows === right.rows && left.hash === right.hash;
    return same ? [] : [{ bucket, postgresRows: left.rows, clickhouseRows: right.rows }];
  });
}

/**
 * Turns single-id buckets (width 1 from `idFrom`) into the id ranges where the sides differ: consecutive
 * differing ids form one range while they differ the same way (missing in ClickHouse, or extra there) and no
 * id present and equal on both sides lies between them. Pure.
 */
function driftRanges(idFrom: number, postgres: readonly Bucket[], clickhouse: readonly Bucket[]): DriftRange[] {
  const differing = new Map(diffBuckets(postgres, clickhouse).map((d) => [d.bucket, d]));
  const present = [...new Set([...postgres, ...clickhouse].map((b) => b.bucket))].sort((a, b) => a - b);
  const ranges: DriftRange[] = [];
  let open:
    | { firstId: number; lastId: number; postgresRows: number; clickhouseRows: number; differingRows: number }
    | undefined;
  for (const bucket of present) {
    const difference = differing.get(bucket);
    if (difference === undefined) {
      if (open) ranges.push({ ...open, exact: true });
      open = undefined;
      continue;
    }
    const id = idFrom + bucket + 1;
    const { postgresRows, clickhouseRows } = difference;
    const sameDirection =
      open && Math.sign(open.postgresRows - open.clickhouseRows) === Math.sign(postgresRows - clickhouseRows);
    if (open && sameDirection) {
      Object.assign(open, {
        lastId: id,
        postgresRows: open.postgresRows + postgresRows,
        clickhouseRows: open.clickhouseRows + clickhouseRows,
        differingRows: open.differingRows + differingRowsOf(difference),
      });
      continue;
    }
    if (open) ranges.push({ ...open, exact: true });
    open = { firstId: id, lastId: id, postgresRows, clickhouseRows, differingRows: differingRowsOf(difference) };
  }
  if (open) ranges.push({ ...open, exact: true });
  return ranges;
}

/**
 * Joins ranges found in neighbouring buckets: exact ranges that touch (one ends at id n, the next starts at
 * n + 1) and differ the same way become one. Pure.
 */
function joinTouchingRanges(ranges: readonly DriftRange[]): DriftRange[] {
  const joined: DriftRange[] = [];
  for (const range of ranges) {
    const last = joined.at(-1);
    const direction = (r: DriftRange) => Math.sign(r.postgresRows - r.clickhouseRows);
    if (last?.exact && range.exact && last.lastId + 1 === range.firstId && direction(last) === direction(range)) {
      joined[joined.length - 1] = {
        ...last,
        lastId: range.lastId,
        postgresRows: last.postgresRows + range.postgresRows,
        clickhouseRows: last.clickhouseRows + range.clickhouseRows,
        differingRows: last.differingRows + range.differingRows,
      };
    } else joined.push(range);
  }
  return joined;
}

/** Rows lost, doubled or altered within the ranges, summed (a lower bound for inexact ones). */
function driftRows(ranges: readonly DriftRange[]): number {
  return ranges.reduce((sum, range) => sum + range.differingRows, 0);
}

export type { Bucket, BucketDifference, DriftRange };
export { diffBuckets, differingRowsOf, driftRanges, driftRows, joinTouchingRanges };
