import { describe, expect, it } from 'vitest';
import { UsageError } from '../../lib/errors.ts';
import { canonicalTimeZone, isHourAligned, offsetMinutes, resolvePreset } from '../../lib/kpi/dates.ts';
import { encodePageToken } from '../../lib/kpi/pageToken.ts';
import { parseKpiQuery } from '../../lib/kpi/params.ts';
import { findKpiRoute, type KpiRoute } from '../../lib/kpi/routes.ts';

function route(name: string): KpiRoute {
  const found = findKpiRoute(`/kpi/${name}`);
  if (!found) throw new Error(`no route ${name}`);
  return found;
}

function failure(name: string, query: Record<string, string>, now?: Date): { parameter: string; message: string } {
  try {
    parseKpiQuery(route(name), query, now);
  } catch (error) {
    if (error instanceof UsageError) return { parameter: error.parameter, message: error.message };
    throw error;
  }
  throw new Error('expected a UsageError');
}

// 2026-03-01 03:30 UTC: still 2026-02-28 in New York (UTC-5), already 09:00 on 2026-03-01 in Kolkata.
const now = new Date('2026-03-01T03:30:00Z');

describe('resolvePreset', () => {
  it.each([
    ['today', { from: '2026-02-28', to: '2026-02-28' }],
    ['yesterday', { from: '2026-02-27', to: '2026-02-27' }],
    ['last_7_days', { from: '2026-02-21', to: '2026-02-27' }],
    ['last_30_days', { from: '2026-01-29', to: '2026-02-27' }],
    ['this_month', { from: '2026-02-01', to: '2026-02-28' }],
    ['last_month', { from: '2026-01-01', to: '2026-01-31' }],
  ] as const)(
    'takes %s in the days of America/New_York, excluding today from the last-N-days ranges',
    (preset, range) => {
      // Prepare: now is 2026-02-28 22:30 in New York
      // Act
      const resolved = resolvePreset(preset, 'America/New_York', now);
      // Assess
      expect(resolved).toEqual(range);
    },
  );

  it('takes today in the zone asked for: UTC and Asia/Kolkata are already on March 1st', () => {
    // Prepare: now as above
    // Act
    const days = ['UTC', 'Asia/Kolkata'].map((tz) => resolvePreset('last_month', tz, now));
    // Assess
    expect(days).toEqual([
      { from: '2026-02-01', to: '2026-02-28' },
      { from: '2026-02-01', to: '2026-02-28' },
    ]);
  });
});

describe('time zones', () => {
  it('accepts IANA names in any case and links, and refuses offsets, abbreviations of nothing and paths', () => {
    // Prepare
    const names = [
      'UTC',
      'America/New_York',
      'asia/kolkata',
      'US/Eastern',
      'Etc/GMT+5',
      '+05:30',
      'Mars/Olympus',
      '../x',
    ];
    // Act
    const canonical = names.map(canonicalTimeZone);
    // Assess
    expect(canonical).toEqual([
      'UTC',
      'America/New_York',
      'Asia/Calcutta',
      'America/New_York',
      'Etc/GMT+5',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('says whole-hour zones are exact and :30 / :45 zones are not, including a :30 daylight-saving zone', () => {
    // Prepare
    const zones = ['UTC', 'America/New_York', 'Europe/Paris', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe'];
    // Act
    const aligned = zones.map((tz) => isHourAligned(tz, { from: '2026-01-01', to: '2026-12-31' }, now));
    // Assess
    expect(aligned).toEqual([true, true, true, false, false, false]);
  });
});

describe('offsetMinutes', () => {
  it('gives the signed UTC offset in minutes, whole, :30 and :45 ones alike', () => {
    // Prepare: 2026-01-01, winter in the north and summer in the south
    const zones = ['UTC', 'America/New_York', 'America/St_Johns', 'Asia/Kolkata', 'Pacific/Chatham', 'Asia/Tokyo'];
    const instant = new Date(Date.UTC(2026, 0, 1));
    // Act
    const offsets = zones.map((tz) => offsetMinutes(tz, instant));
    // Assess
    expect(offsets).toEqual([0, -300, -210, 330, 825, 540]);
  });
});

describe('isHourAligned', () => {
  it('checks the year of now when the request gives no days', () => {
    // Act
    const aligned = ['Asia/Kolkata', 'Europe/Paris'].map((tz) => isHourAligned(tz, {}, now));
    // Assess
    expect(aligned).toEqual([false, true]);
  });

  it('checks the years of the days asked for as well as the year of now', () => {
    // Prepare: Africa/Monrovia was UTC-00:44:30 until 1972-01-07 (1972 counts: its January is off the hour) and has
    // been UTC since
    const tz = 'Africa/Monrovia';
    // Act
    const aligned = [
      isHourAligned(tz, { from: '1972-06-01' }, now),
      isHourAligned(tz, { to: '1972-06-01' }, now),
      isHourAligned(tz, { from: '1973-01-01', to: '1973-12-31' }, now),
    ];
    // Assess
    expect(aligned).toEqual([false, false, true]);
  });
});

describe('parseKpiQuery with presets, zones, granularity and pages', () => {
  it('resolves a preset in tz and echoes it with the days it stands for', () => {
    // Prepare
    const raw = { preset: 'yesterday', tz: 'America/New_York' };
    // Act
    const query = parseKpiQuery(route('campaigns-ctr'), raw, now);
    // Assess
    expect(query.filters).toEqual({
      advertiser_id: null,
      campaign_id: null,
      from: '2026-02-27',
      to: '2026-02-27',
      preset: 'yesterday',
      tz: 'America/New_York',
    });
    expect([query.zone, query.tzExact]).toEqual(['America/New_York', true]);
  });

  it('defaults the time series to days over everything, and reads granularity and group_by', () => {
    // Prepare
    const series = route('timeseries');
    // Act
    const defaults = parseKpiQuery(series, {}, now);
    const weekly = parseKpiQuery(series, { granularity: 'week', group_by: 'advertiser', format: 'csv' }, now);
    // Assess
    expect([defaults.granularity, defaults.groupBy, defaults.format]).toEqual(['day', 'none', 'json']);
    expect([weekly.granularity, weekly.groupBy, weekly.format]).toEqual(['week', 'advertiser', 'csv']);
  });

  it('reads the offset of a page token issued for the same filters, whatever the limit', () => {
    // Prepare
    const filters = parseKpiQuery(route('performance'), { tz: 'Europe/Paris' }, now).filters;
    const token = encodePageToken('performance', filters, 50);
    // Act
    const query = parseKpiQuery(route('performance'), { tz: 'Europe/Paris', limit: '7', page_token: token }, now);
    // Assess
    expect([query.offset, query.limit]).toEqual([50, 7]);
  });

  it.each([
    ['campaigns-ctr', { preset: 'last_7_days', from: '2026-01-01' }, 'preset', 'preset and from are alternatives'],
    ['campaigns-ctr', { preset: 'last_week' }, 'preset', 'preset must be one of today, yesterday, last_7_days'],
    ['campaigns-ctr', { tz: 'Mars/Olympus' }, 'tz', 'tz must be an IANA time zone name'],
    ['campaigns-ctr', { tz: '+05:30' }, 'tz', 'tz must be an IANA time zone name'],
    ['campaigns-ctr', { tz: '' }, 'tz', 'tz must be an IANA time zone name'],
    ['timeseries', { granularity: 'minute' }, 'granularity', 'granularity must be one of hour, day, week, month'],
    ['timeseries', { group_by: 'campaign_id' }, 'group_by', 'group_by must be one of none, campaign, advertiser'],
    ['performance', { group_by: 'none' }, 'group_by', 'group_by must be one of campaign, advertiser'],
    ['campaigns-ctr', { format: 'xml' }, 'format', 'format must be one of json, csv'],
    ['campaigns-ctr', { granularity: 'day' }, 'granularity', 'unknown parameter "granularity"'],
    ['pacing', { preset: 'today' }, 'preset', 'unknown parameter "preset"'],
    ['campaigns-ctr', { page_token: 'not a token!' }, 'page_token', 'page_token must be a next_page_token'],
    ['campaigns-ctr', { page_token: 'eyJ2IjoxfQ' }, 'page_token', 'page_token must be a next_page_token'],
  ])('rejects /kpi/%s?%j naming %s', (name, raw, parameter, message) => {
    // Prepare: the arguments
    // Act
    const error = failure(name, raw, now);
    // Assess
    expect(error.parameter).toBe(parameter);
    expect(error.message).toContain(message);
  });

  it('rejects a page token issued for other filters or another route', () => {
    // Prepare
    const filters = parseKpiQuery(route('performance'), { tz: 'Europe/Paris' }, now).filters;
    const token = encodePageToken('performance', filters, 50);
    // Act
    const otherFilters = failure('performance', { tz: 'UTC', page_token: token });
    const otherRoute = failure('timeseries', { tz: 'Europe/Paris', page_token: token });
    // Assess
    expect(otherFilters).toEqual({
      parameter: 'page_token',
      message: 'page_token belongs to a request with other parameters; repeat them unchanged',
    });
    expect(otherRoute.parameter).toBe('page_token');
  });
});
