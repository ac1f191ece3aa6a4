import { UsageError } from '../errors.ts';
import type { KpiParameter, KpiRoute } from './routes.ts';

/** A KPI request's checked filters; null means "not given". Dates are UTC days `YYYY-MM-DD`, inclusive. */
interface KpiQuery {
  readonly advertiserId: number | null;
  readonly campaignId: number | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly limit: number;
}

const defaults = {
  limit: 1_000,
  maxLimit: 10_000,
  /** Longest from..to range, counting both ends. */
  maxRangeDays: 366,
  /** Dates must fit ClickHouse's DateTime (the hour buckets), with a day to spare for the exclusive end. */
  minDate: '1970-01-01',
  maxDate: '2105-12-31',
  maxId: 2_147_483_647,
};

const dayMs = 86_400_000;

/** A caller's text cut to a safe length for a message or a log line. */
function cut(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

/** Quotes a caller's value for an error message, cut to a safe length. */
function shown(value: string): string {
  return JSON.stringify(cut(value));
}

function parseId(name: string, raw: string): number {
  if (!/^[1-9][0-9]{0,9}$/.test(raw) || Number(raw) > defaults.maxId) {
    throw new UsageError(name, `${name} must be a whole number from 1 to ${defaults.maxId}, got ${shown(raw)}`);
  }
  return Number(raw);
}

/**
 * Checks one UTC day `YYYY-MM-DD` (a real calendar day in the range KPI queries support).
 * @throws UsageError naming `name`.
 */
function parseDate(name: string, raw: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  const valid = match !== null && new Date(time).toISOString().slice(0, 10) === raw;
  if (!valid) throw new UsageError(name, `${name} must be a date YYYY-MM-DD, got ${shown(raw)}`);
  if (raw < defaults.minDate || raw > defaults.maxDate) {
    throw new UsageError(
      name,
      `${name} must be between ${defaults.minDate} and ${defaults.maxDate}, got ${shown(raw)}`,
    );
  }
  return raw;
}

function parseLimit(raw: string): number {
  if (!/^[0-9]{1,6}$/.test(raw) || Number(raw) < 1 || Number(raw) > defaults.maxLimit) {
    throw new UsageError('limit', `limit must be a whole number from 1 to ${defaults.maxLimit}, got ${shown(raw)}`);
  }
  return Number(raw);
}

function checkRange(from: string | null, to: string | null): void {
  if (from === null || to === null) return;
  if (from > to) throw new UsageError('from', `from (${from}) must not be after to (${to})`);
  const days = (Date.parse(to) - Date.parse(from)) / dayMs + 1;
  if (days > defaults.maxRangeDays) {
    throw new UsageError('to', `from..to covers ${days} days; at most ${defaults.maxRangeDays} are allowed`);
  }
}

/**
 * Checks a KPI request's query string against its route: only the route's parameters, each well formed.
 * `date` (a one-day route) becomes from = to = date.
 * @throws UsageError naming the first offending parameter (unknown, missing, malformed, from > to, range too long).
 */
function parseKpiQuery(route: KpiRoute, query: Readonly<Record<string, string | undefined>>): KpiQuery {
  const given = Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined);
  for (const [name] of given) {
    if (!(route.parameters as readonly string[]).includes(name)) {
      const accepted = route.parameters.join(', ');
      throw new UsageError(cut(name), `unknown parameter ${shown(name)} for /kpi/${route.name}; accepted: ${accepted}`);
    }
  }
  const values = new Map(given as [KpiParameter, string][]);
  for (const name of route.required) {
    if (!values.has(name)) throw new UsageError(name, `${name} is required for /kpi/${route.name}`);
  }
  const read = <T>(name: KpiParameter, parse: (raw: string) => T): T | null => {
    const raw = values.get(name);
    return raw === undefined ? null : parse(raw);
  };
  const advertiserId = read('advertiser_id', (raw) => parseId('advertiser_id', raw));
  const campaignId = read('campaign_id', (raw) => parseId('campaign_id', raw));
  const limit = read('limit', parseLimit) ?? defaults.limit;
  const date = read('date', (raw) => parseDate('date', raw));
  const from = date ?? read('from', (raw) => parseDate('from', raw));
  const to = date ?? read('to', (raw) => parseDate('to', raw));
  checkRange(from, to);
  return { advertiserId, campaignId, from, to, limit };
}

export type { KpiQuery };
export { parseDate, parseKpiQuery };
