// Number and time formatting for people. Values arrive as JSON numbers whose digits are exact at the column's
// scale; formatting keeps that scale, so each shown number equals the API's.

type Value = string | number | null | undefined;

const dash = '—';

/** A count with thousands separators: 10500 → "10,500". */
function formatCount(value: Value): string {
  return value === null || value === undefined ? dash : Number(value).toLocaleString('en-US');
}

/** A decimal at `scale` places with thousands separators: 1234.5 → "1,234.50". */
function formatDecimal(value: Value, scale: number): string {
  if (value === null || value === undefined) return dash;
  return Number(value).toLocaleString('en-US', { minimumFractionDigits: scale, maximumFractionDigits: scale });
}

/** A ratio of `scale` decimals as a percentage with scale − 2 decimals: 0.0800 → "8.00%". */
function formatPercent(value: Value, scale = 4): string {
  if (value === null || value === undefined) return dash;
  return `${(Number(value) * 100).toFixed(Math.max(0, scale - 2))}%`;
}

/** An instant in zone `tz`, to the minute: "2026-11-29 12:03". */
function formatInstant(iso: string, tz: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((item) => item.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

export type { Value };
export { formatCount, formatDecimal, formatInstant, formatPercent };
