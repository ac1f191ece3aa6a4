/**
 * A run that did nothing: 'locked' when another run of the table held its run lock, 'backfill' when a backfill of
 * the table is open (README, "Backfill": the scheduled sync takes over at its handover).
 */
interface SkippedSync {
  readonly table: string;
  readonly skipped: 'locked' | 'backfill';
}

export type { SkippedSync };
