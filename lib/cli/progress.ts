// The backfill's progress line. Pure: no I/O.
import type { BackfillProgress } from '../backfill.ts';

const defaults = { width: 24 };

function rate(rowsPerSecond: number): string {
  if (rowsPerSecond >= 1_000_000) return `${(rowsPerSecond / 1_000_000).toFixed(2)} M rows/s`;
  if (rowsPerSecond >= 1_000) return `${(rowsPerSecond / 1_000).toFixed(1)} k rows/s`;
  return `${Math.round(rowsPerSecond)} rows/s`;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 5_400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3_600).toFixed(1)} h`;
}

/**
 * `[#########---------------]  37.5 %  3/8 ranges  3,000,000 rows  1.92 M rows/s  ETA 5 s`: the share of ids done,
 * ranges, rows copied by this invocation, its rate and the time left at that pace (by ids still to copy).
 */
function renderProgress(progress: BackfillProgress, width: number = defaults.width): string {
  const share = progress.idsTotal === 0 ? 1 : progress.idsDone / progress.idsTotal;
  const filled = Math.round(share * width);
  const seconds = progress.copyingSinceMs / 1000;
  const idsThisRun = progress.idsDone - progress.idsAtStart;
  const eta = idsThisRun > 0 ? ((progress.idsTotal - progress.idsDone) * seconds) / idsThisRun : Number.NaN;
  return [
    `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`,
    `${(share * 100).toFixed(1).padStart(5)} %`,
    `${progress.rangesDone}/${progress.rangesTotal} ranges`,
    `${progress.rowsCopied.toLocaleString('en-US')} rows`,
    seconds > 0 ? rate(progress.rowsCopied / seconds) : rate(0),
    `ETA ${progress.idsDone >= progress.idsTotal ? '0 s' : duration(eta)}`,
  ].join('  ');
}

export { renderProgress };
