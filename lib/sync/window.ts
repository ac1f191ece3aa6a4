/** Marks of one incremental table as recorded in sync_state (ids; see sql/state/read_watermark.sql). */
interface Marks {
  /** Every id at or below it is final in PostgreSQL and present in ClickHouse. */
  readonly safeMark: number;
  /** The highest id any run has read. */
  readonly highMark: number;
  /** The highest earlier window end that no open transaction can still add ids below. */
  readonly releasable: number;
}

/** What one run reads: ids in (watermarkFrom, watermarkTo], and the safe mark to record once it succeeds. */
interface SyncWindow {
  readonly watermarkFrom: number;
  readonly watermarkTo: number;
  readonly nextSafeMark: number;
  /** Ids in the window below the previous high mark: re-read in case a late commit filled a gap. */
  readonly rereadIds: number;
  /** True when the source holds ids above watermarkTo (the run was capped by maxRows). */
  readonly hasMore: boolean;
}

/**
 * Plans one incremental run. Pure: no I/O.
 *
 * The window always starts at the safe mark, so ids that became visible after higher ids were synced
 * (late commits) are read again; ids already present are skipped by the INSERT. New ids are capped at
 * `maxRows` past the previous high mark. Returns null when there is nothing to read.
 *
 * `nextId`: the lowest source id above the high mark, when known (read only for capped runs): new ids start
 * there, so a sequence jump is crossed in one run instead of many empty windows.
 *
 * `settled`: no transaction was writing the table when `sourceMaxId` was read (no open writers), so every
 * id up to it is final before this run's read starts, and the window end is safe as soon as the read
 * succeeds. Otherwise the safe mark advances only to an earlier window end whose writers have all ended.
 */
function planWindow(
  marks: Marks,
  sourceMaxId: number,
  maxRows: number,
  settled = false,
  nextId: number | null = null,
): SyncWindow | null {
  const { safeMark, highMark, releasable } = marks;
  if (sourceMaxId <= safeMark) return null;
  const newFrom = Math.max(
    highMark,
    safeMark,
    nextId === null ? Number.NEGATIVE_INFINITY : Math.min(nextId, sourceMaxId) - 1,
  );
  const watermarkTo = Math.min(sourceMaxId, newFrom + maxRows);
  const nextSafeMark = settled ? watermarkTo : Math.min(watermarkTo, Math.max(safeMark, releasable));
  return {
    watermarkFrom: safeMark,
    watermarkTo,
    nextSafeMark,
    rereadIds: Math.max(0, Math.min(highMark, watermarkTo) - safeMark),
    hasMore: watermarkTo < sourceMaxId,
  };
}

export type { Marks, SyncWindow };
export { planWindow };
