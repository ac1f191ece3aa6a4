import { describe, expect, it } from 'vitest';
import { planBounds, planHandover, planRanges, remainingRanges } from '../../lib/backfill/plan.ts';
import { renderProgress } from '../../lib/cli/progress.ts';

const plan = { backfillId: 'b1', from: 0, to: 1_050, rangeIds: 300 };

describe('planBounds', () => {
  it('starts at the sync safe mark (or the table start before its first run) and ends at the highest id', () => {
    expect(planBounds({}, { syncSafeMark: 500, start: 0, maxId: 2_000 })).toEqual({ from: 500, to: 2_000 });
    expect(planBounds({}, { syncSafeMark: null, start: -11, maxId: 2_000 })).toEqual({ from: -11, to: 2_000 });
  });

  it('takes --from-id and --to-id, never beyond the highest id (ids above may still be handed out)', () => {
    const facts = { syncSafeMark: 0, start: 0, maxId: 2_000 };
    expect(planBounds({ fromId: 100, toId: 900 }, facts)).toEqual({ from: 100, to: 900 });
    expect(planBounds({ toId: 9_000 }, facts)).toEqual({ from: 0, to: 2_000 });
  });

  it('has nothing to copy for an empty source or an empty span', () => {
    expect(planBounds({}, { syncSafeMark: null, start: 0, maxId: null })).toBeNull();
    expect(planBounds({}, { syncSafeMark: 2_000, start: 0, maxId: 2_000 })).toBeNull();
    expect(planBounds({ fromId: 50, toId: 50 }, { syncSafeMark: 0, start: 0, maxId: 2_000 })).toBeNull();
  });
});

describe('planRanges and remainingRanges', () => {
  it('splits (from, to] into ranges of rangeIds ids, the last one ending at to', () => {
    expect(planRanges(plan)).toEqual([
      { from: 0, to: 300 },
      { from: 300, to: 600 },
      { from: 600, to: 900 },
      { from: 900, to: 1_050 },
    ]);
    expect(planRanges({ from: -5, to: 5, rangeIds: 10 })).toEqual([{ from: -5, to: 5 }]);
  });

  it('leaves out the ranges recorded as done, whatever their order', () => {
    const done = [
      { from: 600, to: 900 },
      { from: 0, to: 300 },
    ];
    expect(remainingRanges(plan, done)).toEqual([
      { from: 300, to: 600 },
      { from: 900, to: 1_050 },
    ]);
  });
});

describe('planHandover', () => {
  it('moves the safe mark to the plan end when the plan starts at or below the sync safe mark', () => {
    expect(planHandover(plan, 0, 0)).toEqual({
      watermarkFrom: 0,
      watermarkTo: 1_050,
      safeMark: 1_050,
      movesSafeMark: true,
    });
    expect(planHandover(plan, null, 0)).toMatchObject({ safeMark: 1_050, movesSafeMark: true });
    expect(planHandover({ ...plan, to: 100 }, 400, 0)).toMatchObject({ safeMark: 400, movesSafeMark: true });
  });

  it('keeps the safe mark when the ids between it and the plan start were not loaded', () => {
    expect(planHandover({ ...plan, from: 600 }, 100, 0)).toEqual({
      watermarkFrom: 600,
      watermarkTo: 1_050,
      safeMark: 100,
      movesSafeMark: false,
    });
  });
});

describe('renderProgress', () => {
  it('shows the share of ids done, ranges, rows, the rate and the time left at this invocation pace', () => {
    const line = renderProgress({
      ...{ plan, rangesTotal: 4, rangesDone: 2, idsTotal: 1_000_000, idsDone: 500_000, idsAtStart: 250_000 },
      ...{ rowsCopied: 250_000, copyingSinceMs: 2_000 },
    });
    expect(line).toBe('[############------------]   50.0 %  2/4 ranges  250,000 rows  125.0 k rows/s  ETA 4 s');
  });

  it('shows no ETA before the first range of this invocation, and 0 s at the end', () => {
    const start = { plan, rangesTotal: 4, rangesDone: 0, idsTotal: 100, idsDone: 0, idsAtStart: 0 };
    expect(renderProgress({ ...start, rowsCopied: 0, copyingSinceMs: 0 })).toMatch(/0 rows\/s {2}ETA \?$/);
    expect(
      renderProgress({ ...start, rangesDone: 4, idsDone: 100, rowsCopied: 3_000_000, copyingSinceMs: 1_000 }),
    ).toMatch(/\[#{24}\] {2}100\.0 % {2}4\/4 ranges {2}3,000,000 rows {2}3\.00 M rows\/s {2}ETA 0 s$/);
  });
});
