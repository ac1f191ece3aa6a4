import { describe, expect, it } from 'vitest';
import { planGapReread, planWholeWindow } from '../../lib/sync/reread.ts';
import { planWindow } from '../../lib/sync/window.ts';

describe('planWholeWindow', () => {
  it('reads the window as one range and keeps the planned safe mark', () => {
    // Act
    const plan = planWholeWindow({
      watermarkFrom: 100,
      watermarkTo: 180,
      nextSafeMark: 150,
      rereadIds: 50,
      hasMore: false,
    });
    // Assess
    expect(plan).toEqual({ ranges: [{ from: 100, to: 180 }], nextSafeMark: 150, rereadIds: 50, complete: true });
  });

  it('reads no range when the window is empty', () => {
    // Act
    const plan = planWholeWindow({
      watermarkFrom: 180,
      watermarkTo: 180,
      nextSafeMark: 180,
      rereadIds: 0,
      hasMore: false,
    });
    // Assess
    expect(plan).toEqual({ ranges: [], nextSafeMark: 180, rereadIds: 0, complete: true });
  });
});

describe('planGapReread', () => {
  const window = {
    watermarkFrom: 1000,
    watermarkTo: 100_500,
    nextSafeMark: 100_000,
    rereadIds: 99_000,
    hasMore: false,
  };

  it('reads only the gaps below the high mark and the new ids above it', () => {
    // Act
    const plan = planGapReread(window, 100_000, [
      { from: 1000, to: 1001 },
      { from: 50_000, to: 50_003 },
    ]);
    // Assess
    expect(plan).toEqual({
      ranges: [
        { from: 1000, to: 1001 },
        { from: 50_000, to: 50_003 },
        { from: 100_000, to: 100_500 },
      ],
      nextSafeMark: 100_000,
      rereadIds: 4,
      complete: true,
    });
  });

  it('reads gaps with few present ids between them as one range', () => {
    // Act
    const plan = planGapReread(window, 100_000, [
      { from: 2000, to: 2001 },
      { from: 2500, to: 2502 },
      { from: 9000, to: 9001 },
    ]);
    // Assess
    expect(plan.ranges).toEqual([
      { from: 2000, to: 2502 },
      { from: 9000, to: 9001 },
      { from: 100_000, to: 100_500 },
    ]);
    expect(plan.rereadIds).toBe(503);
  });

  it('joins a gap that reaches the high mark to the new ids', () => {
    // Act
    const plan = planGapReread(window, 100_000, [{ from: 99_990, to: 100_000 }]);
    // Assess
    expect(plan.ranges).toEqual([{ from: 99_990, to: 100_500 }]);
    expect(plan.rereadIds).toBe(10);
  });

  it('holds the safe mark at the first gap it leaves for a later run', () => {
    // Prepare: five far-apart gaps, room for three ranges
    const gaps = [10_000, 20_000, 30_000, 40_000, 50_000].map((from) => ({ from, to: from + 1 }));
    // Act
    const plan = planGapReread(window, 100_000, gaps, { maxRanges: 3 });
    // Assess
    expect(plan.ranges.map((range) => range.from)).toEqual([10_000, 20_000, 30_000, 100_000]);
    expect(plan.nextSafeMark).toBe(40_000);
    expect(plan.complete).toBe(false);
  });

  it('holds the safe mark at the first gap ClickHouse did not list', () => {
    // Prepare: ClickHouse returned maxGaps + 1 rows
    const gaps = [10_000, 20_000, 30_000].map((from) => ({ from, to: from + 1 }));
    // Act
    const plan = planGapReread(window, 100_000, gaps, { maxGaps: 2 });
    // Assess
    expect(plan.ranges.map((range) => range.from)).toEqual([10_000, 20_000, 100_000]);
    expect(plan.nextSafeMark).toBe(30_000);
    expect(plan.complete).toBe(false);
  });

  it('never records a safe mark above the one planWindow allows', () => {
    // Prepare: releasable only up to 5000
    const planned = planWindow({ safeMark: 1000, highMark: 100_000, releasable: 5000 }, 100_500, 1_000_000);
    if (planned === null) throw new Error('expected a window');
    // Act
    const plan = planGapReread(planned, 100_000, []);
    // Assess
    expect(plan).toEqual({
      ranges: [{ from: 100_000, to: 100_500 }],
      nextSafeMark: 5000,
      rereadIds: 0,
      complete: true,
    });
  });

  it('reads gaps exactly mergeDistance apart as one range and farther ones apart', () => {
    // Act
    const plan = planGapReread(
      window,
      100_000,
      [
        { from: 2000, to: 2001 },
        { from: 3001, to: 3002 },
        { from: 4003, to: 4004 },
      ],
      { mergeDistance: 1000 },
    );
    // Assess
    expect(plan.ranges).toEqual([
      { from: 2000, to: 3002 },
      { from: 4003, to: 4004 },
      { from: 100_000, to: 100_500 },
    ]);
    expect(plan.rereadIds).toBe(1003);
  });

  it('adds no range for new ids when the window ends at the high mark', () => {
    // Prepare: a window that reads no id above the high mark
    const capped = { ...window, watermarkTo: 100_000 };
    // Act
    const plan = planGapReread(capped, 100_000, [{ from: 1000, to: 1001 }]);
    // Assess
    expect(plan).toEqual({ ranges: [{ from: 1000, to: 1001 }], nextSafeMark: 100_000, rereadIds: 1, complete: true });
  });

  it('holds the safe mark below a parked gap and still calls the run complete', () => {
    // Prepare: the gap from 60,000 is parked (only a writer still open can fill it), so it is not among the gaps
    // Act
    const plan = planGapReread(window, 100_000, [{ from: 1000, to: 1001 }], {}, 60_000);
    // Assess
    expect(plan).toEqual({
      ranges: [
        { from: 1000, to: 1001 },
        { from: 100_000, to: 100_500 },
      ],
      nextSafeMark: 60_000,
      rereadIds: 1,
      complete: true,
    });
  });
});
