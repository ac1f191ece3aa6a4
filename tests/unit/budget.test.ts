import { describe, expect, it } from 'vitest';
import { budgetDefaults, lambdaBudget, shouldStartWindow, unlimitedBudget } from '../../lib/sync/budget.ts';
import { combineWindows } from '../../lib/sync/combine.ts';
import type { IncrementalResult } from '../../lib/sync/incremental.ts';

describe('shouldStartWindow', () => {
  it('starts another window only while the last one was capped', () => {
    expect(shouldStartWindow(unlimitedBudget, { hasMore: true, longestWindowMs: 10 })).toBe(true);
    expect(shouldStartWindow(unlimitedBudget, { hasMore: false, longestWindowMs: 10 })).toBe(false);
  });

  it('needs the margin plus twice the longest window so far', () => {
    // Prepare: a Lambda budget keeps 30 s free
    const left = (ms: number) => lambdaBudget(() => ms);
    // Assess
    expect(budgetDefaults.lambdaMarginMs).toBe(30_000);
    expect(shouldStartWindow(left(30_000 + 2_000), { hasMore: true, longestWindowMs: 1_000 })).toBe(true);
    expect(shouldStartWindow(left(30_000 + 1_999), { hasMore: true, longestWindowMs: 1_000 })).toBe(false);
    expect(shouldStartWindow(left(29_000), { hasMore: true, longestWindowMs: 0 })).toBe(false);
  });

  it('starts none once the invocation was aborted', () => {
    expect(shouldStartWindow(unlimitedBudget, { hasMore: true, longestWindowMs: 1 }, true)).toBe(false);
  });
});

function window(overrides: Partial<IncrementalResult>): IncrementalResult {
  return {
    table: 'impressions',
    mode: 'incremental',
    rowsInserted: 0,
    rowsRejected: 0,
    watermark: { from: 0, to: 0 },
    safeMark: 0,
    rereadIds: 0,
    rangesRead: 0,
    openWriters: 0,
    backlogIds: 0,
    newestRowAt: null,
    schema: { pending: [], missing: [], unsupported: [] },
    durationMs: 0,
    insertMs: 0,
    windows: 1,
    hasMore: false,
    ...overrides,
  };
}

describe('combineWindows', () => {
  it('sums rows, re-read ids, ranges, insert time and windows, spans first start to last end, keeps the last marks', () => {
    // Prepare
    const first = window({
      ...{ rowsInserted: 100, rowsRejected: 1, watermark: { from: 0, to: 100 }, safeMark: 0, rereadIds: 5 },
      ...{ rangesRead: 1, openWriters: 2, backlogIds: 100, newestRowAt: '2026-11-20 10:00:00', insertMs: 30 },
      hasMore: true,
    });
    const last = window({
      ...{ rowsInserted: 50, watermark: { from: 0, to: 200 }, safeMark: 150, rereadIds: 100, rangesRead: 2 },
      ...{ openWriters: 1, backlogIds: 0, newestRowAt: null, insertMs: 20, hasMore: false },
    });
    // Act
    const combined = combineWindows([first, last], 321);
    // Assess
    expect(combined).toEqual(
      window({
        ...{ rowsInserted: 150, rowsRejected: 1, watermark: { from: 0, to: 200 }, safeMark: 150, rereadIds: 105 },
        ...{ rangesRead: 3, openWriters: 1, backlogIds: 0, newestRowAt: '2026-11-20 10:00:00', insertMs: 50 },
        ...{ windows: 2, durationMs: 321, hasMore: false },
      }),
    );
  });

  it('refuses an empty list', () => {
    expect(() => combineWindows([], 0)).toThrow(/no window/);
  });
});
