// When an invocation starts another window. Pure: no I/O.
//
// A run keeps copying windows while the source has more (a window was capped by MAX_ROWS) and the time left allows
// another one: at least the margin plus twice the longest window so far. Each window is a whole run (its own snapshot,
// copy and sync_state record), so an invocation killed in the middle loses nothing but the window it was copying.

/** How much time an invocation has. */
interface RunBudget {
  /** Milliseconds left before the invocation must have returned (Infinity: no limit). */
  remainingMs(): number;
  /** Time kept free at the end (the last window's state write, the log line, the platform's own margin). */
  readonly marginMs: number;
}

const defaults = {
  /** Another window starts only when this many times the longest window so far fits before the margin. */
  windowFactor: 2,
  /** The Lambda adapter's margin: above a window's state write and the middleware's early timeout (1 s). */
  lambdaMarginMs: 30_000,
};

/** No limit (the CLI's --until-done): windows follow one another while the source has more. */
const unlimitedBudget: RunBudget = Object.freeze({ remainingMs: () => Number.POSITIVE_INFINITY, marginMs: 0 });

/** A Lambda invocation's budget: its remaining time (context.getRemainingTimeInMillis) less a safety margin. */
function lambdaBudget(remainingMs: () => number, marginMs: number = defaults.lambdaMarginMs): RunBudget {
  return { remainingMs, marginMs };
}

/**
 * True when another window should start: the last one was capped (`hasMore`), the invocation was not aborted, and the
 * time left covers the margin plus `windowFactor` times the longest window so far.
 */
function shouldStartWindow(
  budget: RunBudget,
  last: { readonly hasMore: boolean; readonly longestWindowMs: number },
  aborted = false,
): boolean {
  if (!last.hasMore || aborted) return false;
  return budget.remainingMs() - budget.marginMs >= defaults.windowFactor * last.longestWindowMs;
}

export type { RunBudget };
export { defaults as budgetDefaults, lambdaBudget, shouldStartWindow, unlimitedBudget };
