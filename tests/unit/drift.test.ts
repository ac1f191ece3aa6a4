import { describe, expect, it } from 'vitest';
import { diffBuckets, driftRanges, driftRows, joinTouchingRanges } from '../../lib/verify/drift.ts';

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
});
