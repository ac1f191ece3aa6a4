// Opaque page tokens: base64url of the route, a digest of the request's resolved filters and the offset of the
// next page. A token is only valid for the route and filters it was issued for (limit and format may change).
import { createHash } from 'node:crypto';
import { UsageError } from '../errors.ts';

type Filters = Readonly<Record<string, unknown>>;

const defaults = { maxOffset: 1_000_000_000 };

function digestOf(route: string, filters: Filters): string {
  const sorted = Object.keys(filters)
    .sort()
    .map((key) => [key, filters[key]]);
  return createHash('sha256')
    .update(JSON.stringify([route, sorted]))
    .digest('base64url')
    .slice(0, 16);
}

/** The token of the page starting at row `offset` of `route` with `filters`. */
function encodePageToken(route: string, filters: Filters, offset: number): string {
  return Buffer.from(JSON.stringify({ v: 1, f: digestOf(route, filters), o: offset })).toString('base64url');
}

/**
 * The row offset a token stands for.
 * @throws UsageError(page_token) when the token is malformed or was issued for another route or other filters.
 */
function decodePageToken(token: string, route: string, filters: Filters): number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const { v, f, o } = (decoded ?? {}) as Record<string, unknown>;
  const valid = v === 1 && typeof o === 'number' && Number.isSafeInteger(o) && o >= 0 && o <= defaults.maxOffset;
  if (!valid) throw new UsageError('page_token', 'page_token must be a next_page_token this API returned');
  if (f !== digestOf(route, filters)) {
    throw new UsageError('page_token', 'page_token belongs to a request with other parameters; repeat them unchanged');
  }
  return o;
}

export { decodePageToken, encodePageToken };
