import { describe, expect, it } from 'vitest';
import { diffBuckets, differingRowsOf, driftRanges, driftRows, joinTouchingRanges } from '../../lib/verify/drift.ts';

const bucket = (index: number, rows: number, hash: number) => ({ bucket: index, rows, hash: String(hash) });

describe('diffBuckets', () => {
  it('reports buckets whose count or content hash differ, and buckets missing on one side', () => {
    // Prepare: bucket 1 holds an altered row (same count, other hash), bucket 2 exists only in PostgreSQL
    const postgres = [bucket(0, 10, 55), bucket(1, 10, 155), bucket(2, 1, 21)];
    const clickhouse = [bucket(0, 10, 55), bucket(1, 10, 156)];
    // Act
    const differences = diffBuckets(postgres, clickhouse);
    // Assess
    expect(differences).toEqual([
      { bucket: 1, postgresRows: 10, clickhouseRows: 10 },
      { bucket: 2, postgresRows: 1, clickhouseRows: 0 },
    ]);
  });
});

describe('differingRowsOf', () => {
  it('counts the difference in rows, and one row when only the content differs', () => {
    // Act
    const counts = [
      differingRowsOf({ bucket: 0, postgresRows: 10, clickhouseRows: 7 }),
      differingRowsOf({ bucket: 0, postgresRows: 7, clickhouseRows: 10 }),
      differingRowsOf({ bucket: 0, postgresRows: 10, clickhouseRows: 10 }),
    ];
    // Assess
    expect(counts).toEqual([3, 3, 1]);
  });
  it('reports a bucket whose hash sums are equal but whose counts differ', () => {
    // Prepare: a lost row and a doubled row whose hashes cancel out in the sum
    const postgres = [bucket(0, 4, 1000)];
    const clickhouse = [bucket(0, 5, 1000)];
    // Act
    const differences = diffBuckets(postgres, clickhouse);
    // Assess
    expect(differences).toEqual([{ bucket: 0, postgresRows: 4, clickhouseRows: 5 }]);
  });

  it('returns the differing buckets lowest first whatever the order of its input', () => {
    // Prepare: buckets 10, 9 and 2 differ, listed unsorted (and 10 before 2 and 9 as text)
    const postgres = [bucket(10, 3, 30), bucket(9, 1, 9), bucket(4, 1, 4)];
    const clickhouse = [bucket(4, 1, 4), bucket(2, 1, 2), bucket(10, 2, 20)];
    // Act
    const differences = diffBuckets(postgres, clickhouse);
    // Assess
    expect(differences).toEqual([
      { bucket: 2, postgresRows: 0, clickhouseRows: 1 },
      { bucket: 9, postgresRows: 1, clickhouseRows: 0 },
      { bucket: 10, postgresRows: 3, clickhouseRows: 2 },
    ]);
  });

  it('treats a side without a bucket like a bucket of no rows', () => {
    // Prepare: a bucket of no rows (hash sum 0) on one side, none on the other
    const postgres = [bucket(3, 0, 0)];
    // Act
    const differences = diffBuckets(postgres, []);
    // Assess
    expect(differences).toEqual([]);
  });
});

describe('driftRanges', () => {
  it('joins consecutive ids missing in ClickHouse into one range and splits at an id both sides hold', () => {
    // Prepare: ids 101..103 missing in ClickHouse, 104 on both sides, 105 missing again (buckets from id 100)
    const postgres = [bucket(0, 1, 101), bucket(1, 1, 102), bucket(2, 1, 103), bucket(3, 1, 104), bucket(4, 1, 105)];
    const clickhouse = [bucket(3, 1, 104)];
    // Act
    const ranges = driftRanges(100, postgres, clickhouse);
    // Assess
    expect(ranges).toEqual([
      { firstId: 101, lastId: 103, postgresRows: 3, clickhouseRows: 0, differingRows: 3, exact: true },
      { firstId: 105, lastId: 105, postgresRows: 1, clickhouseRows: 0, differingRows: 1, exact: true },
    ]);
    expect(driftRows(ranges)).toBe(4);
  });

  it('keeps a row missing in ClickHouse apart from a neighbouring extra or doubled one', () => {
    // Prepare: id 11 only in PostgreSQL, id 12 only in ClickHouse, id 13 twice in ClickHouse
    const postgres = [bucket(0, 1, 11), bucket(2, 1, 13)];
    const clickhouse = [bucket(1, 1, 12), bucket(2, 2, 26)];
    // Act
    const ranges = driftRanges(10, postgres, clickhouse);
    // Assess
    expect(ranges).toEqual([
      { firstId: 11, lastId: 11, postgresRows: 1, clickhouseRows: 0, differingRows: 1, exact: true },
      { firstId: 12, lastId: 13, postgresRows: 1, clickhouseRows: 3, differingRows: 2, exact: true },
    ]);
    expect(driftRows(ranges)).toBe(3);
  });
  it('reports nothing when every id is present and equal on both sides', () => {
    // Prepare
    const sides = [bucket(0, 1, 11), bucket(1, 1, 12)];
    // Act
    const ranges = driftRanges(10, sides, sides);
    // Assess
    expect(ranges).toEqual([]);
  });

  it('starts a range after ids that are equal on both sides and ends it before the next equal one', () => {
    // Prepare: ids 21 and 22 equal, 23 altered in ClickHouse, 24 equal
    const postgres = [bucket(0, 1, 21), bucket(1, 1, 22), bucket(2, 1, 23), bucket(3, 1, 24)];
    const clickhouse = [bucket(0, 1, 21), bucket(1, 1, 22), bucket(2, 1, 99), bucket(3, 1, 24)];
    // Act
    const ranges = driftRanges(20, postgres, clickhouse);
    // Assess
    expect(ranges).toEqual([
      { firstId: 23, lastId: 23, postgresRows: 1, clickhouseRows: 1, differingRows: 1, exact: true },
    ]);
  });
});

describe('joinTouchingRanges', () => {
  it('joins ranges from neighbouring buckets that touch and differ the same way', () => {
    // Prepare
    const range = (firstId: number, lastId: number, postgresRows: number, clickhouseRows: number, exact = true) => ({
      firstId,
      lastId,
      postgresRows,
      clickhouseRows,
      differingRows: Math.max(1, Math.abs(postgresRows - clickhouseRows)),
      exact,
    });
    // Act
    const joined = joinTouchingRanges([
      range(2000, 2000, 1, 0),
      range(2001, 2004, 4, 0),
      range(2005, 2005, 0, 1),
      range(3000, 3010, 2, 0, false),
    ]);
    // Assess
    expect(joined).toEqual([range(2000, 2004, 5, 0), range(2005, 2005, 0, 1), range(3000, 3010, 2, 0, false)]);
  });

  it('adds up the rows of joined ranges extra in ClickHouse and keeps ranges apart that do not touch', () => {
    // Prepare
    const range = (firstId: number, lastId: number, clickhouseRows: number) => ({
      firstId,
      lastId,
      postgresRows: 0,
      clickhouseRows,
      differingRows: clickhouseRows,
      exact: true,
    });
    // Act
    const joined = joinTouchingRanges([range(10, 12, 3), range(13, 13, 2), range(15, 15, 1)]);
    // Assess
    expect(joined).toEqual([range(10, 13, 5), range(15, 15, 1)]);
  });
});
