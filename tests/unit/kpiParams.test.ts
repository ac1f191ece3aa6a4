import { describe, expect, it } from 'vitest';
import { UsageError } from '../../lib/errors.ts';
import { parseDate, parseKpiQuery } from '../../lib/kpi/params.ts';
import { findKpiRoute, type KpiRoute } from '../../lib/kpi/routes.ts';

function route(name: string): KpiRoute {
  const found = findKpiRoute(`/kpi/${name}`);
  if (!found) throw new Error(`no route ${name}`);
  return found;
}

function failure(name: string, query: Record<string, string>): { parameter: string; message: string } {
  try {
    parseKpiQuery(route(name), query);
  } catch (error) {
    if (error instanceof UsageError) return { parameter: error.parameter, message: error.message };
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('parseKpiQuery', () => {
  it('defaults to no filters and a limit of 1000', () => {
    // Prepare
    const campaigns = route('campaigns-ctr');
    // Act
    const query = parseKpiQuery(campaigns, {});
    // Assess
    expect(query).toEqual({
      advertiserId: null,
      campaignId: null,
      from: null,
      to: null,
      limit: 1000,
      preset: null,
      tz: 'UTC',
      zone: 'UTC',
      tzExact: true,
      granularity: null,
      groupBy: null,
      format: 'json',
      offset: 0,
      filters: { advertiser_id: null, campaign_id: null, from: null, to: null, preset: null, tz: 'UTC' },
    });
  });

  it('reads every filter of a campaign route', () => {
    // Prepare
    const raw = { advertiser_id: '7', campaign_id: '2147483647', from: '2024-01-01', to: '2024-12-31', limit: '10000' };
    // Act
    const query = parseKpiQuery(route('campaign-spend'), raw);
    // Assess
    expect(query).toMatchObject({
      advertiserId: 7,
      campaignId: 2147483647,
      from: '2024-01-01',
      to: '2024-12-31',
      limit: 10000,
    });
  });

  it('turns the date of the hourly route into a one-day range', () => {
    // Prepare
    const raw = { date: '2026-11-20' };
    // Act
    const query = parseKpiQuery(route('hourly-impressions-clicks'), raw);
    // Assess
    expect(query).toMatchObject({ from: '2026-11-20', to: '2026-11-20' });
  });

  it('ignores parameters whose value is undefined (absent from the query string)', () => {
    // Prepare
    const raw = { limit: undefined };
    // Act
    const query = parseKpiQuery(route('advertisers'), raw);
    // Assess
    expect(query.limit).toBe(1000);
  });

  it('ignores a parameter the route does not accept when its value is undefined', () => {
    // Prepare
    const raw = { campaign_id: undefined, bogus: undefined };
    // Act
    const query = parseKpiQuery(route('advertisers'), raw);
    // Assess
    expect([query.campaignId, query.filters]).toEqual([
      null,
      { advertiser_id: null, from: null, to: null, preset: null, tz: 'UTC' },
    ]);
  });

  it('accepts a range of 366 days, both ends counted', () => {
    // Act
    const query = parseKpiQuery(route('campaigns-ctr'), { from: '2024-01-01', to: '2024-12-31' });
    // Assess
    expect([query.from, query.to]).toEqual(['2024-01-01', '2024-12-31']);
  });

  it('says a zone is not exact when the year of from or of to has a day boundary off the whole hour', () => {
    // Prepare: Africa/Monrovia is off the hour in 1972 and on it from 1973; Asia/Colombo is on the hour in 2005 and
    // off it (+05:30 from April) in 2006; now is in 2005 for the second
    const inside2005 = new Date('2005-12-01T00:00:00Z');
    const inside2026 = new Date('2026-03-01T00:00:00Z');
    // Act
    const exact = [
      parseKpiQuery(
        route('campaigns-ctr'),
        { tz: 'Africa/Monrovia', from: '1972-06-01', to: '1973-05-31' },
        inside2026,
      ),
      parseKpiQuery(
        route('campaigns-ctr'),
        { tz: 'Africa/Monrovia', from: '1973-01-01', to: '1973-05-31' },
        inside2026,
      ),
      parseKpiQuery(route('campaigns-ctr'), { tz: 'Asia/Colombo', from: '2005-06-01', to: '2006-05-31' }, inside2005),
      parseKpiQuery(route('campaigns-ctr'), { tz: 'Asia/Colombo', from: '2005-06-01', to: '2005-12-31' }, inside2005),
    ].map((query) => query.tzExact);
    // Assess
    expect(exact).toEqual([false, true, false, true]);
  });

  it.each([
    [
      'campaigns-ctr',
      { bogus: '1' },
      'bogus',
      'unknown parameter "bogus" for /kpi/campaigns-ctr; accepted: advertiser_id, campaign_id, from, to, preset, tz, format, limit, page_token',
    ],
    [
      'advertisers',
      { campaign_id: '1' },
      'campaign_id',
      'unknown parameter "campaign_id" for /kpi/advertisers; accepted: advertiser_id, from, to, preset, tz, format, limit, page_token',
    ],
    ['hourly-impressions-clicks', {}, 'date', 'date is required for /kpi/hourly-impressions-clicks'],
    [
      'campaigns-ctr',
      { advertiser_id: 'x' },
      'advertiser_id',
      'advertiser_id must be a whole number from 1 to 2147483647, got "x"',
    ],
    [
      'campaigns-ctr',
      { campaign_id: '2147483648' },
      'campaign_id',
      'campaign_id must be a whole number from 1 to 2147483647, got "2147483648"',
    ],
    ['campaigns-ctr', { from: '2026-02-29' }, 'from', 'from must be a date YYYY-MM-DD, got "2026-02-29"'],
    ['campaigns-ctr', { to: '2106-01-01' }, 'to', 'to must be between 1970-01-01 and 2105-12-31, got "2106-01-01"'],
    [
      'campaigns-ctr',
      { from: '2026-01-02', to: '2026-01-01' },
      'from',
      'from (2026-01-02) must not be after to (2026-01-01)',
    ],
    [
      'campaigns-ctr',
      { from: '2025-01-01', to: '2026-01-02' },
      'to',
      'from..to covers 367 days; at most 366 are allowed',
    ],
    ['campaigns-ctr', { limit: '10001' }, 'limit', 'limit must be a whole number from 1 to 10000, got "10001"'],
    [
      'campaigns-ctr',
      { preset: 'today', to: '2026-01-01' },
      'preset',
      'preset and to are alternatives; give one of them',
    ],
    [
      'campaigns-ctr',
      { preset: 'today', from: '2026-01-01', to: '2026-01-01' },
      'preset',
      'preset and from/to are alternatives; give one of them',
    ],
  ])('rejects /kpi/%s?%j naming %s', (name, raw, parameter, message) => {
    // Prepare: the arguments
    // Act
    const error = failure(name, raw);
    // Assess
    expect(error).toEqual({ parameter, message });
  });

  it('cuts a very long parameter name or value to 40 characters in the error', () => {
    // Prepare
    const long = 'é'.repeat(50_000);
    // Act
    const byName = failure('campaigns-ctr', { [long]: '1' });
    const byValue = failure('campaigns-ctr', { limit: long });
    // Assess
    expect(byName.parameter).toBe(`${'é'.repeat(40)}…`);
    expect(byValue.message).toBe(`limit must be a whole number from 1 to 10000, got "${'é'.repeat(40)}…"`);
  });
});

describe('parseDate', () => {
  it('returns a real calendar day in the supported range unchanged', () => {
    // Act
    const day = parseDate('--from', '2024-02-29');
    // Assess
    expect(day).toBe('2024-02-29');
  });

  it.each([
    ['2026-02-29', '--from must be a date YYYY-MM-DD, got "2026-02-29"'],
    ['1969-12-31', '--from must be between 1970-01-01 and 2105-12-31, got "1969-12-31"'],
  ])('refuses %s naming the flag', (raw, message) => {
    // Act
    let error: unknown;
    try {
      parseDate('--from', raw);
    } catch (caught) {
      error = caught;
    }
    // Assess
    expect(error).toBeInstanceOf(UsageError);
    expect([(error as UsageError).parameter, (error as UsageError).message]).toEqual(['--from', message]);
  });
});
