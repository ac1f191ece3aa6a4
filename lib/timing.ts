/** Whole milliseconds elapsed since `startedAt`, a performance.now() reading. */
function elapsedMs(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
}

export { elapsedMs };
