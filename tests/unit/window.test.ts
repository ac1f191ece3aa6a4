import { describe, expect, it } from 'vitest';
import { planWindow } from '../../lib/sync/window.ts';

describe('planWindow', () => {
  it('skips the run when the source has no id above the safe mark', () => {
    // Prepare
    const marks = { safeMark: 500, highMark: 500, releasable: 500 };
    // Act
    const window = planWindow(marks, 500, 1000);
    // Assess
    expect(window).toBeNull();
  });

  it('reads from zero to the source max id on the first run', () => {
    // Act
    const window = planWindow({ safeMark: 0, highMark: 0, releasable: 0 }, 250, 1000);
    // Assess
    expect(window).toEqual({ watermarkFrom: 0, watermarkTo: 250, nextSafeMark: 0, rereadIds: 0, hasMore: false });
  });

  it('starts at the safe mark so ids below the high mark are read again for late commits', () => {
    // Act
    const window = planWindow({ safeMark: 100, highMark: 150, releasable: 100 }, 180, 1000);
    // Assess
    expect(window).toEqual({ watermarkFrom: 100, watermarkTo: 180, nextSafeMark: 100, rereadIds: 50, hasMore: false });
  });

  it('advances the safe mark to the releasable window end', () => {
    // Act
    const window = planWindow({ safeMark: 100, highMark: 150, releasable: 150 }, 150, 1000);
    // Assess
    expect(window).toEqual({ watermarkFrom: 100, watermarkTo: 150, nextSafeMark: 150, rereadIds: 50, hasMore: false });
  });

  it('caps new ids at maxRows past the high mark and reports that more remain', () => {
    // Act
    const window = planWindow({ safeMark: 0, highMark: 0, releasable: 0 }, 1_000_000, 100_000);
    // Assess
    expect(window).toEqual({ watermarkFrom: 0, watermarkTo: 100_000, nextSafeMark: 0, rereadIds: 0, hasMore: true });
  });

  it('never records a safe mark above the window it read', () => {
    // Act
    const window = planWindow({ safeMark: 10, highMark: 90, releasable: 90 }, 60, 1000);
    // Assess
    expect(window?.watermarkTo).toBe(60);
    expect(window?.nextSafeMark).toBe(60);
  });

  it('makes the window end safe at once when no transaction was writing the table', () => {
    // Act
    const settled = planWindow({ safeMark: 100, highMark: 150, releasable: 100 }, 180, 1000, true);
    const writing = planWindow({ safeMark: 100, highMark: 150, releasable: 100 }, 180, 1000, false);
    // Assess
    expect(settled?.nextSafeMark).toBe(180);
    expect(writing?.nextSafeMark).toBe(100);
  });

  it('crosses a sequence jump in one run by starting new ids just below the next existing id', () => {
    // Prepare: ids end at 1000, then a setval to 2,000,000,000; the next existing id is 2,000,000,001
    const marks = { safeMark: 1000, highMark: 1000, releasable: 1000 };
    // Act
    const window = planWindow(marks, 2_000_000_500, 100, false, 2_000_000_001);
    // Assess
    expect(window).toEqual({
      watermarkFrom: 1000,
      watermarkTo: 2_000_000_100,
      nextSafeMark: 1000,
      rereadIds: 0,
      hasMore: true,
    });
  });

  it('starts new ids no lower than the high mark when the next id lies below it', () => {
    // Prepare: a late commit made id 120 visible below the high mark 150
    const marks = { safeMark: 100, highMark: 150, releasable: 100 };
    // Act
    const window = planWindow(marks, 500, 10, false, 120);
    // Assess
    expect(window).toEqual({ watermarkFrom: 100, watermarkTo: 160, nextSafeMark: 100, rereadIds: 50, hasMore: true });
  });

  it('caps new ids at maxRows past marks at or below zero', () => {
    // Prepare: a sequence that starts at -100
    const marks = { safeMark: -100, highMark: -100, releasable: -100 };
    // Act
    const window = planWindow(marks, 100, 10);
    // Assess
    expect(window).toEqual({ watermarkFrom: -100, watermarkTo: -90, nextSafeMark: -100, rereadIds: 0, hasMore: true });
  });
});
