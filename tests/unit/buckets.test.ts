import { describe, expect, it } from 'vitest';
import { type CompareContext, compareLevel } from '../../lib/verify/buckets.ts';
import type { Bucket } from '../../lib/verify/drift.ts';

type Sides = [Bucket[], Bucket[]];

const bucket = (index: number, rows: number, hash: string): Bucket => ({ bucket: index, rows, hash });

/** Single-id buckets of (idFrom, …] holding each of `ids` once, its hash the id itself. */
const singleIds = (idFrom: number, ids: readonly number[]): Bucket[] =>
  ids.map((id) => bucket(id - idFrom - 1, 1, String(id)));

/** Ids first..last (inclusive) but those in `except`. */
const span = (first: number, last: number, except: readonly number[] = []): number[] =>
  Array.from({ length: last - first + 1 }, (_, i) => first + i).filter((id) => !except.includes(id));

/**
 * A comparison context whose bucket reader answers from `answers` (keyed `from-to-width`) and records each call,
 * as verify.ts's reader would aggregate both sides. An unexpected read fails the test.
 */
function contextWith(answers: Record<string, Sides>, settings: { fanout: number; leafWidth: number; drills: number }) {
  const reads: [number, number, number][] = [];
  const context: CompareContext = {
    ...settings,
    readBuckets: async (idFrom, idTo, width) => {
      reads.push([idFrom, idTo, width]);
      const answer = answers[`${idFrom}-${idTo}-${width}`];
      if (answer === undefined) throw new Error(`unexpected read of (${idFrom}, ${idTo}] by ${width}`);
      return answer;
    },
  };
  return { context, reads };
}

describe('compareLevel', () => {
  it('reports nothing and reads nothing when every bucket matches on both sides', async () => {
    // Prepare
    const sides: Sides = [
      [bucket(0, 100, '5050'), bucket(1, 100, '15050')],
      [bucket(0, 100, '5050'), bucket(1, 100, '15050')],
    ];
    const { context, reads } = contextWith({}, { fanout: 10, leafWidth: 100, drills: 5 });
    // Act
    const ranges = await compareLevel(context, 0, 200, 100, sides);
    // Assess
    expect(ranges).toEqual([]);
    expect(reads).toEqual([]);
    expect(context.drills).toBe(5);
  });

  it('names exact ranges at once when the buckets are single ids', async () => {
    // Prepare: ids 101..110 in PostgreSQL; ClickHouse lacks 104 and 105
    const sides: Sides = [singleIds(100, span(101, 110)), singleIds(100, span(101, 110, [104, 105]))];
    const { context, reads } = contextWith({}, { fanout: 10, leafWidth: 100, drills: 5 });
    // Act
    const ranges = await compareLevel(context, 100, 110, 1, sides);
    // Assess
    expect(ranges).toEqual([
      { firstId: 104, lastId: 105, postgresRows: 2, clickhouseRows: 0, differingRows: 2, exact: true },
    ]);
    expect(reads).toEqual([]);
  });

  it('drills a differing bucket no wider than leafWidth down to the single ids that differ', async () => {
    // Prepare: buckets of 100 ids over (1000, 1300]; ClickHouse lacks id 1142 of bucket 1 ((1100, 1200])
    const sides: Sides = [
      [bucket(0, 100, 'a'), bucket(1, 100, 'b'), bucket(2, 100, 'c')],
      [bucket(0, 100, 'a'), bucket(1, 99, 'b-1142'), bucket(2, 100, 'c')],
    ];
    const answers = {
      '1100-1200-1': [singleIds(1100, span(1101, 1200)), singleIds(1100, span(1101, 1200, [1142]))],
    } satisfies Record<string, Sides>;
    const { context, reads } = contextWith(answers, { fanout: 10, leafWidth: 100, drills: 5 });
    // Act
    const ranges = await compareLevel(context, 1000, 1300, 100, sides);
    // Assess
    expect(ranges).toEqual([
      { firstId: 1142, lastId: 1142, postgresRows: 1, clickhouseRows: 0, differingRows: 1, exact: true },
    ]);
    expect(reads).toEqual([[1100, 1200, 1]]);
    expect(context.drills).toBe(4);
  });

  it('splits a bucket wider than leafWidth into fanout sub-buckets, rounding their width up, before single ids', async () => {
    // Prepare: one bucket of 1050 ids over (0, 1050], split by 100 into buckets of 11 ids, of which the one over
    // (297, 308] differs: id 300 is doubled in ClickHouse
    const sides: Sides = [[bucket(0, 1050, 'x')], [bucket(0, 1051, 'x+300')]];
    const answers = {
      '0-1050-11': [
        [bucket(0, 11, 'p'), bucket(27, 11, 'q')],
        [bucket(0, 11, 'p'), bucket(27, 12, 'q+300')],
      ],
      '297-308-1': [
        singleIds(297, span(298, 308)),
        [...singleIds(297, span(298, 308)).filter((b) => b.bucket !== 2), bucket(2, 2, '600')],
      ],
    } satisfies Record<string, Sides>;
    const { context, reads } = contextWith(answers, { fanout: 100, leafWidth: 100, drills: 5 });
    // Act
    const ranges = await compareLevel(context, 0, 1050, 1050, sides);
    // Assess
    expect(reads).toEqual([
      [0, 1050, 11],
      [297, 308, 1],
    ]);
    expect(ranges).toEqual([
      { firstId: 300, lastId: 300, postgresRows: 1, clickhouseRows: 2, differingRows: 1, exact: true },
    ]);
    expect(context.drills).toBe(3);
  });

  it('compares a bucket exactly leafWidth wide id by id', async () => {
    // Prepare: buckets of 100 ids, leafWidth 100; id 55 altered in ClickHouse (same count, other hash)
    const sides: Sides = [[bucket(0, 100, 'a')], [bucket(0, 100, 'a*')]];
    const altered = singleIds(0, span(1, 100)).map((b) => (b.bucket === 54 ? bucket(54, 1, '55*') : b));
    const answers = { '0-100-1': [singleIds(0, span(1, 100)), altered] } satisfies Record<string, Sides>;
    const { context, reads } = contextWith(answers, { fanout: 10, leafWidth: 100, drills: 5 });
    // Act
    const ranges = await compareLevel(context, 0, 100, 100, sides);
    // Assess
    expect(reads).toEqual([[0, 100, 1]]);
    expect(ranges).toEqual([
      { firstId: 55, lastId: 55, postgresRows: 1, clickhouseRows: 1, differingRows: 1, exact: true },
    ]);
  });

  it('reports the differing buckets left once the drill budget is used up as inexact ranges, capped at idTo', async () => {
    // Prepare: buckets of 100 ids over (0, 950]; bucket 2 lacks 3 rows in ClickHouse, bucket 5 holds an altered
    // row, the last bucket (900, 950] lacks one row; one drill left
    const sides: Sides = [
      [bucket(5, 100, 'f'), bucket(2, 100, 'c'), bucket(9, 50, 'j')],
      [bucket(9, 49, 'j-1'), bucket(5, 100, 'f*'), bucket(2, 97, 'c-3')],
    ];
    const answers = {
      '200-300-1': [singleIds(200, span(201, 300)), singleIds(200, span(204, 300))],
    } satisfies Record<string, Sides>;
    const { context, reads } = contextWith(answers, { fanout: 10, leafWidth: 100, drills: 1 });
    // Act
    const ranges = await compareLevel(context, 0, 950, 100, sides);
    // Assess
    expect(reads).toEqual([[200, 300, 1]]);
    expect(ranges).toEqual([
      { firstId: 201, lastId: 203, postgresRows: 3, clickhouseRows: 0, differingRows: 3, exact: true },
      { firstId: 501, lastId: 600, postgresRows: 100, clickhouseRows: 100, differingRows: 1, exact: false },
      { firstId: 901, lastId: 950, postgresRows: 50, clickhouseRows: 49, differingRows: 1, exact: false },
    ]);
    expect(context.drills).toBe(0);
  });

  it('reads nothing when no drill is left, and counts every row of the difference as a lower bound', async () => {
    // Prepare: bucket 1 of (1000, 1100] lacks 7 rows in ClickHouse, bucket 3 holds 2 extra rows there
    const sides: Sides = [
      [bucket(1, 10, 'b'), bucket(3, 10, 'd')],
      [bucket(1, 3, 'b-7'), bucket(3, 12, 'd+2')],
    ];
    const { context, reads } = contextWith({}, { fanout: 10, leafWidth: 100, drills: 0 });
    // Act
    const ranges = await compareLevel(context, 1000, 1100, 25, sides);
    // Assess
    expect(reads).toEqual([]);
    expect(ranges).toEqual([
      { firstId: 1026, lastId: 1050, postgresRows: 10, clickhouseRows: 3, differingRows: 7, exact: false },
      { firstId: 1076, lastId: 1100, postgresRows: 10, clickhouseRows: 12, differingRows: 2, exact: false },
    ]);
  });

  it('finds a bucket whose hash sums are equal but whose counts differ', async () => {
    // Prepare: ClickHouse's bucket 0 holds one more row with the same hash sum (a row lost and another doubled
    // whose hashes happen to cancel out)
    const sides: Sides = [[bucket(0, 4, '1000')], [bucket(0, 5, '1000')]];
    const { context } = contextWith({}, { fanout: 10, leafWidth: 100, drills: 0 });
    // Act
    const ranges = await compareLevel(context, 0, 4, 4, sides);
    // Assess
    expect(ranges).toEqual([
      { firstId: 1, lastId: 4, postgresRows: 4, clickhouseRows: 5, differingRows: 1, exact: false },
    ]);
  });

  it('finds a bucket whose counts are equal but whose content hashes differ', async () => {
    // Prepare
    const sides: Sides = [[bucket(0, 4, '1000')], [bucket(0, 4, '1001')]];
    const { context } = contextWith({}, { fanout: 10, leafWidth: 100, drills: 0 });
    // Act
    const ranges = await compareLevel(context, 0, 4, 4, sides);
    // Assess
    expect(ranges).toEqual([
      { firstId: 1, lastId: 4, postgresRows: 4, clickhouseRows: 4, differingRows: 1, exact: false },
    ]);
  });

  it('drills into buckets given in any order lowest first and returns their ranges lowest first', async () => {
    // Prepare: both sides list their buckets unsorted; buckets 7 and 2 differ (one id missing in each)
    const sides: Sides = [
      [bucket(7, 10, 'h'), bucket(0, 10, 'a'), bucket(2, 10, 'c')],
      [bucket(2, 9, 'c-23'), bucket(7, 9, 'h-75'), bucket(0, 10, 'a')],
    ];
    const answers = {
      '20-30-1': [singleIds(20, span(21, 30)), singleIds(20, span(21, 30, [23]))],
      '70-80-1': [singleIds(70, span(71, 80)).reverse(), singleIds(70, span(71, 80, [75]))],
    } satisfies Record<string, Sides>;
    const { context, reads } = contextWith(answers, { fanout: 10, leafWidth: 10, drills: 5 });
    // Act
    const ranges = await compareLevel(context, 0, 80, 10, sides);
    // Assess
    expect(reads).toEqual([
      [20, 30, 1],
      [70, 80, 1],
    ]);
    expect(ranges).toEqual([
      { firstId: 23, lastId: 23, postgresRows: 1, clickhouseRows: 0, differingRows: 1, exact: true },
      { firstId: 75, lastId: 75, postgresRows: 1, clickhouseRows: 0, differingRows: 1, exact: true },
    ]);
  });
});
