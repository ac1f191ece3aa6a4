// The query-string parameters of the KPI routes, as zod schemas: the one definition both the validator
// (lib/kpi/params.ts) and the OpenAPI document (lib/kpi/openapi.ts) read. Inputs are the raw query-string text;
// outputs are typed values. Each failure message names the parameter and quotes the value given.
import * as z from 'zod';
import { canonicalTimeZone, presets } from './dates.ts';

const limits = {
  defaultLimit: 1_000,
  maxLimit: 10_000,
  /** Dates must fit ClickHouse's DateTime (the hour buckets), with a day to spare for the exclusive end. */
  minDate: '1970-01-01',
  maxDate: '2105-12-31',
  maxId: 2_147_483_647,
  maxTokenLength: 200,
};

/** A caller's text cut to a safe length for a message or a log line. */
function cut(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

/** Quotes a caller's value for an error message, cut to a safe length. */
function shown(value: unknown): string {
  return JSON.stringify(cut(String(value)));
}

function idParameter(name: string, description: string) {
  const error = (issue: { input?: unknown }) =>
    `${name} must be a whole number from 1 to ${limits.maxId}, got ${shown(issue.input)}`;
  return z
    .string()
    .regex(/^[1-9][0-9]{0,9}$/, { error })
    .refine((raw) => Number(raw) <= limits.maxId, { error })
    .transform(Number)
    .meta({ description, examples: ['1'] });
}

function dayParameter(name: string, description: string) {
  return z
    .string()
    .refine((raw) => z.iso.date().safeParse(raw).success, {
      error: (issue) => `${name} must be a date YYYY-MM-DD, got ${shown(issue.input)}`,
    })
    .refine((raw) => raw >= limits.minDate && raw <= limits.maxDate, {
      error: (issue) => `${name} must be between ${limits.minDate} and ${limits.maxDate}, got ${shown(issue.input)}`,
    })
    .meta({ description, format: 'date', examples: ['2026-11-20'] });
}

function choice<const T extends readonly [string, ...string[]]>(name: string, values: T, description: string) {
  return z
    .enum(values, { error: (issue) => `${name} must be one of ${values.join(', ')}, got ${shown(issue.input)}` })
    .meta({ description });
}

const parameters = {
  advertiser_id: idParameter('advertiser_id', 'Only this advertiser’s campaigns.'),
  campaign_id: idParameter('campaign_id', 'Only this campaign.'),
  from: dayParameter('from', 'First day of the range, in `tz`, inclusive. Not with `preset`.'),
  to: dayParameter('to', 'Last day of the range, in `tz`, inclusive. Not with `preset`.'),
  date: dayParameter('date', 'The day, in `tz`.'),
  preset: choice(
    'preset',
    presets,
    'A range of days in `tz` instead of from/to: last_7_days and last_30_days end yesterday; today and this_month ' +
      'end today.',
  ),
  tz: z
    .string()
    .refine((raw) => canonicalTimeZone(raw) !== undefined, {
      error: (issue) => `tz must be an IANA time zone name such as America/New_York, got ${shown(issue.input)}`,
    })
    .prefault('UTC')
    .meta({
      description:
        'IANA time zone of the days, weeks and months (and of presets). Exact for whole-hour offsets; in :30 / :45 ' +
        'zones boundaries move to the next whole UTC hour and meta.tz_exact is false.',
      examples: ['America/New_York'],
    }),
  granularity: choice(
    'granularity',
    ['hour', 'day', 'week', 'month'],
    'Period of each row; week is ISO (Monday).',
  ).prefault('day'),
  group_by_series: choice(
    'group_by',
    ['none', 'campaign', 'advertiser'],
    'One series per campaign or advertiser.',
  ).prefault('none'),
  group_by_totals: choice('group_by', ['campaign', 'advertiser'], 'One row per campaign or per advertiser.').prefault(
    'campaign',
  ),
  format: choice('format', ['json', 'csv'], 'json, or csv (RFC 4180, header row, text/csv).').prefault('json'),
  limit: z
    .string()
    .refine((raw) => /^[0-9]{1,6}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= limits.maxLimit, {
      error: (issue) => `limit must be a whole number from 1 to ${limits.maxLimit}, got ${shown(issue.input)}`,
    })
    .transform(Number)
    .prefault(String(limits.defaultLimit))
    .meta({ description: `Rows per page, 1 to ${limits.maxLimit}.` }),
  page_token: z
    .string()
    .refine((raw) => raw.length <= limits.maxTokenLength && /^[A-Za-z0-9_-]+$/.test(raw), {
      error: (issue) => `page_token must be a next_page_token this API returned, got ${shown(issue.input)}`,
    })
    .meta({ description: 'meta.next_page_token of the previous page, with the same other parameters.' }),
};

/** A parameter's name in the catalogue; `group_by_*` are the two forms of the `group_by` parameter. */
type ParameterKey = keyof typeof parameters;

/** The query-string name of a catalogue entry. */
function queryName(key: ParameterKey): string {
  return key.startsWith('group_by') ? 'group_by' : key;
}

export type { ParameterKey };
export { cut, dayParameter, limits, parameters, queryName, shown };
