import { describe, expect, it } from 'vitest';
import { type PastRead, triageGaps } from '../../lib/sync/holes.ts';

const gap = (from: number, to: number) => ({ from, to });
const read = (writers: readonly string[], ...ranges: { from: number; to: number }[]): PastRead => ({ ranges, writers });

describe('triageGaps', () => {
  it('reads a gap that fewer than two earlier runs read whole', () => {
    // Prepare: gap (10, 20] was read by one run, gap (50, 60] by none
    const reads = [read(['w1'], gap(0, 30))];
    // Act
    const triage = triageGaps([gap(10, 20), gap(50, 60)], reads, ['w1']);
    // Assess
    expect(triage).toEqual({ read: [gap(10, 20), gap(50, 60)], parked: [], permanent: [] });
  });

  it('marks a gap permanent when no writer was open during both runs that read it', () => {
    // Prepare: the writer seen by the older run ended before the newer one, which saw another writer
    const reads = [read(['w2'], gap(10, 20)), read(['w1'], gap(10, 20))];
    // Act
    const triage = triageGaps([gap(10, 20)], reads, ['w2']);
    // Assess
    expect(triage).toEqual({ read: [], parked: [], permanent: [gap(10, 20)] });
  });

  it('parks a gap while every writer both runs saw open is still open', () => {
    // Prepare: w1 was open during both reads and still is; w2 was seen by the newer read only
    const reads = [read(['w1', 'w2'], gap(0, 100)), read(['w1'], gap(0, 100))];
    // Act
    const triage = triageGaps([gap(10, 20)], reads, ['w1', 'w2']);
    // Assess
    expect(triage).toEqual({ read: [], parked: [gap(10, 20)], permanent: [] });
  });

  it('reads a gap again once one of the writers both runs saw open has ended', () => {
    // Prepare: w1 and w2 were open during both reads; w2 has ended since (it may have filled the gap)
    const reads = [read(['w1', 'w2'], gap(0, 100)), read(['w2', 'w1'], gap(0, 100))];
    // Act
    const triage = triageGaps([gap(10, 20)], reads, ['w1', 'w3']);
    // Assess
    expect(triage).toEqual({ read: [gap(10, 20)], parked: [], permanent: [] });
  });

  it('judges a gap by the two most recent runs that read it whole', () => {
    // Prepare: newest first; the newest read skipped the gap, the next two read it and saw no common writer; the
    // oldest saw w1, which the second saw too
    const reads = [
      read(['w1'], gap(50, 60)),
      read(['w2'], gap(10, 20)),
      read(['w1'], gap(10, 20)),
      read(['w1'], gap(10, 20)),
    ];
    // Act
    const triage = triageGaps([gap(10, 20)], reads, ['w1']);
    // Assess
    expect(triage).toEqual({ read: [], parked: [], permanent: [gap(10, 20)] });
  });

  it('counts a run only when one of its ranges covers the gap whole, ends included', () => {
    // Prepare: gap (10, 20]; the first two runs each read exactly the gap, the others one id short at either end
    const exact = [read(['w2'], gap(10, 20)), read(['w1'], gap(10, 20))];
    const shortAtStart = [read(['w2'], gap(11, 20)), read(['w1'], gap(11, 20))];
    const shortAtEnd = [read(['w2'], gap(10, 19)), read(['w1'], gap(10, 19))];
    // Act
    const triaged = [exact, shortAtStart, shortAtEnd].map((reads) => triageGaps([gap(10, 20)], reads, []));
    // Assess
    expect(triaged).toEqual([
      { read: [], parked: [], permanent: [gap(10, 20)] },
      { read: [gap(10, 20)], parked: [], permanent: [] },
      { read: [gap(10, 20)], parked: [], permanent: [] },
    ]);
  });

  it('sorts gaps and each run’s ranges, matching several gaps to one range and skipping ranges below a gap', () => {
    // Prepare: unsorted gaps and ranges; (0, 15] covers gap (2, 8], (16, 25] covers no gap whole, (30, 100] covers
    // three gaps, and gap (200, 210] lies above every range
    const gaps = [gap(200, 210), gap(60, 70), gap(10, 20), gap(40, 50), gap(2, 8), gap(31, 35)];
    const ranges = [gap(30, 100), gap(16, 25), gap(0, 15)];
    const reads = [read(['w2'], ...ranges), read(['w1'], ...ranges)];
    // Act
    const triage = triageGaps(gaps, reads, ['w1', 'w2']);
    // Assess
    expect(triage).toEqual({
      read: [gap(10, 20), gap(200, 210)],
      parked: [],
      permanent: [gap(2, 8), gap(31, 35), gap(40, 50), gap(60, 70)],
    });
  });
});
