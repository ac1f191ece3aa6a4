import * as z from 'zod';
import { UsageError } from '../errors.ts';
import { canonicalTimeZone, isHourAligned, type Preset, resolvePreset } from './dates.ts';
import { decodePageToken } from './pageToken.ts';
import { cut, dayParameter, type ParameterKey, parameters, queryName, shown } from './parameters.ts';
import type { KpiRoute } from './routes.ts';

/**
 * A KPI request's checked parameters; null means "not given". from/to are days in `tz`, inclusive, after a
 * preset was resolved. `zone` is the canonical zone name ClickHouse is given; `tzExact` is false in zones whose
 * day boundaries are not whole UTC hours. `filters` echoes every filter the route accepts (meta.filters).
 */
interface KpiQuery {
  readonly advertiserId: number | null;
  readonly campaignId: number | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly limit: number;
  readonly preset: Preset | null;
  readonly tz: string;
  readonly zone: string;
  readonly tzExact: boolean;
  readonly granularity: string | null;
  readonly groupBy: string | null;
  readonly format: 'json' | 'csv';
  readonly offset: number;
  readonly filters: Readonly<Record<string, number | string | null>>;
}

const defaults = {
  /** Longest from..to range, counting both ends. */
  maxRangeDays: 366,
};

const dayMs = 86_400_000;
const notFilters = new Set(['limit', 'format', 'page_token']);

/** The zod object checking `route`'s query string: its parameters, each optional unless required. */
function routeSchema(route: KpiRoute) {
  const shape = Object.fromEntries(
    route.parameters.map((key) => {
      const schema = parameters[key];
      return [queryName(key), route.required.includes(key) ? schema : schema.optional()];
    }),
  );
  return z.object(shape);
}

function checkRange(from: string | null, to: string | null): void {
  if (from === null || to === null) return;
  if (from > to) throw new UsageError('from', `from (${from}) must not be after to (${to})`);
  const days = (Date.parse(to) - Date.parse(from)) / dayMs + 1;
  if (days > defaults.maxRangeDays) {
    throw new UsageError('to', `from..to covers ${days} days; at most ${defaults.maxRangeDays} are allowed`);
  }
}

function checkNames(route: KpiRoute, given: readonly string[]): void {
  const accepted = route.parameters.map(queryName);
  for (const name of given) {
    if (!accepted.includes(name)) {
      throw new UsageError(
        cut(name),
        `unknown parameter ${shown(name)} for /kpi/${route.name}; accepted: ${accepted.join(', ')}`,
      );
    }
  }
  for (const key of route.required) {
    const name = queryName(key);
    if (!given.includes(name)) throw new UsageError(name, `${name} is required for /kpi/${route.name}`);
  }
}

/** Reads the values zod checked, with the route's defaults; `date` (a one-day route) becomes from = to = date. */
function readValues(route: KpiRoute, raw: Record<string, string>): Record<string, unknown> {
  const parsed = routeSchema(route).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'query');
    throw new UsageError(name, issue?.message ?? `${name} is malformed`);
  }
  return parsed.data;
}

/**
 * Checks a KPI request's query string against its route (lib/kpi/parameters.ts): only the route's parameters,
 * each well formed; resolves a preset at `now` in `tz`; reads page_token.
 * @throws UsageError naming the first offending parameter (unknown, missing, malformed, preset with from/to,
 * from > to, range too long, a page_token of another request).
 */
function parseKpiQuery(
  route: KpiRoute,
  query: Readonly<Record<string, string | undefined>>,
  now: Date = new Date(),
): KpiQuery {
  const raw = Object.fromEntries(
    Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  checkNames(route, Object.keys(raw));
  const values = readValues(route, raw);
  const preset = (values.preset as Preset | undefined) ?? null;
  const explicit = ['from', 'to'].filter((name) => raw[name] !== undefined);
  if (preset !== null && explicit.length > 0) {
    throw new UsageError('preset', `preset and ${explicit.join('/')} are alternatives; give one of them`);
  }
  const tz = (values.tz as string | undefined) ?? 'UTC';
  const zone = canonicalTimeZone(tz) ?? 'UTC';
  const day = (values.date as string | undefined) ?? null;
  const resolved = preset ? resolvePreset(preset, zone, now) : null;
  const from = day ?? resolved?.from ?? (values.from as string | undefined) ?? null;
  const to = day ?? resolved?.to ?? (values.to as string | undefined) ?? null;
  checkRange(from, to);
  const echoed: Record<string, number | string | null> = {
    advertiser_id: (values.advertiser_id as number | undefined) ?? null,
    campaign_id: (values.campaign_id as number | undefined) ?? null,
    date: day,
    preset,
    from,
    to,
    tz,
    granularity: (values.granularity as string | undefined) ?? null,
    group_by: (values.group_by as string | undefined) ?? null,
  };
  const names = route.parameters.map(queryName).filter((name) => !notFilters.has(name));
  const filters = Object.fromEntries(names.map((name) => [name, echoed[name] ?? null]));
  const token = values.page_token as string | undefined;
  return {
    advertiserId: echoed.advertiser_id as number | null,
    campaignId: echoed.campaign_id as number | null,
    from,
    to,
    limit: values.limit as number,
    preset,
    tz,
    zone,
    tzExact: isHourAligned(zone, { from: from ?? undefined, to: to ?? undefined }, now),
    granularity: echoed.granularity as string | null,
    groupBy: echoed.group_by as string | null,
    format: values.format as 'json' | 'csv',
    offset: token === undefined ? 0 : decodePageToken(token, route.name, filters),
    filters,
  };
}

/**
 * Checks one day `YYYY-MM-DD` (a real calendar day in the range KPI queries support), e.g. a CLI flag.
 * @throws UsageError naming `name`.
 */
function parseDate(name: string, raw: string): string {
  const parsed = dayParameter(name, name).safeParse(raw);
  if (!parsed.success) throw new UsageError(name, parsed.error.issues[0]?.message ?? `${name} is malformed`);
  return parsed.data;
}

export type { KpiQuery, ParameterKey };
export { parseDate, parseKpiQuery, routeSchema };
