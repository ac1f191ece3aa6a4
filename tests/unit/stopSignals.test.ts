import { afterEach, describe, expect, it } from 'vitest';
import { StopRequestedError, type StopSignals, stopIfRequested, watchStopSignals } from '../../lib/cli/stopSignals.ts';

// process.emit() calls the listeners the way a delivered signal does, without signalling the test runner.
let watched: StopSignals | undefined;
afterEach(() => watched?.dispose());

describe('watchStopSignals', () => {
  it('resolves with the first of SIGINT and SIGTERM', async () => {
    // Prepare
    watched = watchStopSignals({ onForce: () => {} });
    // Act
    process.emit('SIGTERM', 'SIGTERM');
    // Assess
    await expect(watched.next).resolves.toBe('SIGTERM');
    expect(watched.received).toBe('SIGTERM');
  });

  it('ignores the same request arriving twice at once (terminal and npm), and forces on a later one', async () => {
    // Prepare
    const forced: NodeJS.Signals[] = [];
    let afterRepeat: NodeJS.Signals[] = [];
    let now = 1_000;
    const realNow = Date.now;
    Date.now = () => now;
    try {
      watched = watchStopSignals({ onForce: (signal) => forced.push(signal) });
      // Act
      process.emit('SIGINT', 'SIGINT');
      process.emit('SIGINT', 'SIGINT');
      afterRepeat = [...forced];
      now += 1_500;
      process.emit('SIGINT', 'SIGINT');
    } finally {
      Date.now = realNow;
    }
    // Assess
    expect(afterRepeat).toEqual([]);
    expect(forced).toEqual(['SIGINT']);
  });
});

describe('stopIfRequested', () => {
  it('throws StopRequestedError naming the signal once one arrived, and nothing before', () => {
    // Act
    const before = () => stopIfRequested({ received: undefined });
    const after = () => stopIfRequested({ received: 'SIGTERM' });
    // Assess
    expect(before).not.toThrow();
    expect(after).toThrow(StopRequestedError);
    expect(after).toThrow('stopped by SIGTERM');
  });
});
