import { describe, expect, it } from 'vitest';
import { UsageError } from '../../lib/errors.ts';
import { decodePageToken, encodePageToken } from '../../lib/kpi/pageToken.ts';

const filters = { advertiser_id: 7, tz: 'UTC' };
const malformed = 'page_token must be a next_page_token this API returned';

/** A token with the given fields, as a client could forge it. */
const forged = (payload: unknown): string => Buffer.from(JSON.stringify(payload)).toString('base64url');

/** The filter digest `encodePageToken` puts in the token of `filters` on /kpi/performance. */
const digest = (): unknown =>
  JSON.parse(Buffer.from(encodePageToken('performance', filters, 0), 'base64url').toString()).f;

/** The UsageError decodePageToken throws for `token` on /kpi/performance with `filters`. */
function refusal(token: string): { parameter: string; message: string } {
  try {
    decodePageToken(token, 'performance', filters);
  } catch (error) {
    if (error instanceof UsageError) return { parameter: error.parameter, message: error.message };
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('encodePageToken', () => {
  it('issues the same token for the same route, filters and offset as every earlier deploy did', () => {
    // Act
    const token = encodePageToken('performance', filters, 50);
    // Assess: a token handed out before a deploy stays valid after it
    expect(token).toBe('eyJ2IjoxLCJmIjoiX0xHMG1MV1U0RkJZVGZTRyIsIm8iOjUwfQ');
    expect(Buffer.from(token, 'base64url').toString()).toBe('{"v":1,"f":"_LG0mLWU4FBYTfSG","o":50}');
  });
});

describe('decodePageToken', () => {
  it('reads the offset of a token issued for the same filters given in another order', () => {
    // Prepare
    const token = encodePageToken('performance', filters, 50);
    // Act
    const offset = decodePageToken(token, 'performance', { tz: 'UTC', advertiser_id: 7 });
    // Assess
    expect(offset).toBe(50);
  });

  it('accepts offsets from 0 to 1,000,000,000', () => {
    // Prepare
    const tokens = [0, 1_000_000_000].map((o) => forged({ v: 1, f: digest(), o }));
    // Act
    const offsets = tokens.map((token) => decodePageToken(token, 'performance', filters));
    // Assess
    expect(offsets).toEqual([0, 1_000_000_000]);
  });

  it.each([
    ['an offset above 1,000,000,000', { v: 1, o: 1_000_000_001 }],
    ['a negative offset', { v: 1, o: -1 }],
    ['a fractional offset', { v: 1, o: 1.5 }],
    ['an offset given as text', { v: 1, o: '5' }],
    ['no offset', { v: 1 }],
    ['another version', { v: 2, o: 5 }],
    ['no version', { o: 5 }],
  ])('refuses a token with %s', (_case, fields) => {
    // Prepare
    const token = forged({ ...fields, f: digest() });
    // Act
    const error = refusal(token);
    // Assess
    expect(error).toEqual({ parameter: 'page_token', message: malformed });
  });

  it.each([
    ['text that is not JSON', Buffer.from('not json').toString('base64url')],
    ['JSON null', forged(null)],
    ['a JSON number', forged(5)],
  ])('refuses a token that decodes to %s', (_case, token) => {
    // Act
    const error = refusal(token);
    // Assess
    expect(error).toEqual({ parameter: 'page_token', message: malformed });
  });

  it('refuses a token issued for other filters or another route', () => {
    // Prepare
    const otherFilters = encodePageToken('performance', { ...filters, tz: 'Europe/Paris' }, 50);
    const otherRoute = encodePageToken('timeseries', filters, 50);
    // Act
    const errors = [refusal(otherFilters), refusal(otherRoute)];
    // Assess
    const message = 'page_token belongs to a request with other parameters; repeat them unchanged';
    expect(errors).toEqual([
      { parameter: 'page_token', message },
      { parameter: 'page_token', message },
    ]);
  });
});
