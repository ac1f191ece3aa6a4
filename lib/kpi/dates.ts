// Calendar days and time zones for KPI requests: which zones are accepted, what "today" is in a zone, what a
// preset means, and whether a zone's day boundaries fall on whole UTC hours (README, KPIs, "Time zones").

/** Date presets, as ad platforms name them. Ranges end yesterday except today / this_month. */
const presets = ['today', 'yesterday', 'last_7_days', 'last_30_days', 'this_month', 'last_month'] as const;
type Preset = (typeof presets)[number];

/** An inclusive range of calendar days `YYYY-MM-DD`. */
interface DayRange {
  readonly from: string;
  readonly to: string;
}

const dayMs = 86_400_000;
const zoneName = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

/**
 * The zone name ClickHouse is given for `tz`: the IANA/CLDR canonical spelling (e.g. "asia/kolkata" →
 * "Asia/Calcutta", a link ClickHouse knows), or undefined when `tz` is not a zone name.
 */
function canonicalTimeZone(tz: string): string | undefined {
  if (tz.length > 64 || !zoneName.test(tz)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The calendar day `YYYY-MM-DD` that `instant` falls on in zone `tz` (a canonical name). */
function dayIn(tz: string, instant: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((item) => item.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** `day` moved by `days` calendar days (negative: back). */
function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** The first day of the month of `day`, moved by `months` months. */
function monthStart(day: string, months = 0): string {
  const date = new Date(`${day}T00:00:00Z`);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1)).toISOString().slice(0, 10);
}

/**
 * The days a preset covers when asked at `now` in zone `tz`. last_7_days and last_30_days end yesterday (today
 * is incomplete), as ad platforms do; this_month ends today.
 */
function resolvePreset(preset: Preset, tz: string, now: Date): DayRange {
  const today = dayIn(tz, now);
  const yesterday = addDays(today, -1);
  const ranges: Record<Preset, () => DayRange> = {
    today: () => ({ from: today, to: today }),
    yesterday: () => ({ from: yesterday, to: yesterday }),
    last_7_days: () => ({ from: addDays(today, -7), to: yesterday }),
    last_30_days: () => ({ from: addDays(today, -30), to: yesterday }),
    this_month: () => ({ from: monthStart(today), to: today }),
    last_month: () => ({ from: monthStart(today, -1), to: addDays(monthStart(today), -1) }),
  };
  return ranges[preset]();
}

/** The UTC offset of zone `tz` at `instant`, in minutes. */
function offsetMinutes(tz: string, instant: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!match) return 0; // "GMT": UTC itself
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/**
 * True when zone `tz` has a whole-hour UTC offset in winter and summer of every year the request touches (the
 * years of `range`, and the year of `now`), so its day, week and month boundaries fall on whole UTC hours and
 * KPIs from the hourly pre-aggregates are exact. False for :30 / :45 zones (Asia/Kolkata, Asia/Kathmandu, …).
 */
function isHourAligned(tz: string, range: Partial<DayRange>, now: Date): boolean {
  const years = new Set([now.getUTCFullYear()]);
  for (const day of [range.from, range.to]) if (day) years.add(Number(day.slice(0, 4)));
  return [...years].every((year) =>
    [0, 6].every((month) => offsetMinutes(tz, new Date(Date.UTC(year, month, 1))) % 60 === 0),
  );
}

export type { DayRange, Preset };
export { addDays, canonicalTimeZone, dayIn, isHourAligned, offsetMinutes, presets, resolvePreset };
