// SIGINT and SIGTERM for the long-running CLIs (npm start, npm run stack, npm run clickhouse). Their npm scripts
// `exec` node, so node is the process npm 11 forwards both signals to (a kill of the npm pid, a supervisor's stop).
// Ctrl-C in a terminal reaches the whole process group as well, so one request to stop can arrive twice within
// milliseconds: a repeat inside `repeatWindowMs` is the same request; a later one forces the exit.

interface StopSignals {
  /** The first stop signal received, if any. */
  readonly received: NodeJS.Signals | undefined;
  /** Resolves with the first stop signal. */
  readonly next: Promise<NodeJS.Signals>;
  /** Stops listening (the process then reacts to the signals as by default again). */
  dispose(): void;
}

interface StopSignalOptions {
  /** Called on a second request to stop; default: exit 130 at once. */
  onForce?: (signal: NodeJS.Signals) => void;
}

/** A stop signal arrived while a long step ran; the CLI stops instead of going on. */
class StopRequestedError extends Error {
  readonly signal: NodeJS.Signals;
  constructor(signal: NodeJS.Signals) {
    super(`stopped by ${signal}`);
    this.name = 'StopRequestedError';
    this.signal = signal;
  }
}

const defaults = {
  signals: ['SIGINT', 'SIGTERM'] as const,
  repeatWindowMs: 1_000,
  onForce: (_signal: NodeJS.Signals): void => process.exit(130),
};

/**
 * Listens for SIGINT and SIGTERM from now on. The first one resolves `next`; a repeat within a second is ignored
 * (Ctrl-C under npm arrives from the terminal and again from npm); a later one calls `onForce`.
 */
function watchStopSignals(options: StopSignalOptions = {}): StopSignals {
  const { onForce, signals, repeatWindowMs } = { ...defaults, ...options };
  let received: NodeJS.Signals | undefined;
  let firstAt = 0;
  let resolveNext: (signal: NodeJS.Signals) => void = () => {};
  const next = new Promise<NodeJS.Signals>((resolve) => {
    resolveNext = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => {
    if (received === undefined) {
      received = signal;
      firstAt = Date.now();
      resolveNext(signal);
    } else if (Date.now() - firstAt > repeatWindowMs) {
      onForce(signal);
    }
  };
  for (const signal of signals) process.on(signal, onSignal);
  return {
    get received() {
      return received;
    },
    next,
    dispose: () => {
      for (const signal of signals) process.off(signal, onSignal);
    },
  };
}

/**
 * Ends a long startup between steps once a stop signal has arrived.
 * @throws StopRequestedError naming the signal.
 */
function stopIfRequested(signals: Pick<StopSignals, 'received'>): void {
  if (signals.received !== undefined) throw new StopRequestedError(signals.received);
}

export type { StopSignalOptions, StopSignals };
export { StopRequestedError, stopIfRequested, watchStopSignals };
