// The named collection of pg2ch's database as values and statements (pure): how the PostgreSQL reader's address and password
// become one CREATE or ALTER statement, and the fingerprint migrate keeps instead of the values.
import { randomBytes, scryptSync } from 'node:crypto';
import { ConfigError } from '../errors.ts';
import { quoteClickhouse } from '../tables/identifiers.ts';

/** The values of the named collection, decoded from PG_URL_FOR_CLICKHOUSE. Holds the password: never log it. */
interface CollectionValues {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

const defaults = {
  /** scrypt cost: a leaked fingerprint costs ~50 ms per guessed password. */
  scryptCost: 16_384,
};

/**
 * Quotes a value as a ClickHouse string literal: backslash and quote escaped, and every control character as \xHH, so
 * the literal is one line whatever the value holds and the statement always parses.
 */
function quoteLiteral(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this escapes
    .replace(/[\u0000-\u001f\u007f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `'${escaped}'`;
}

/**
 * The collection's values from a postgres:// URL.
 * @throws ConfigError (naming no value) when the URL lacks a host or a user, or a value holds a control character:
 * ClickHouse's PostgreSQL connection fails to authenticate with a newline or a tab in the password (measured on
 * ClickHouse 26.7), so such a value is refused here rather than at the first sync.
 */
function collectionValues(pgUrl: string): CollectionValues {
  let url: URL;
  try {
    url = new URL(pgUrl);
  } catch {
    throw new ConfigError('PG_URL_FOR_CLICKHOUSE is not a valid URL', ['PG_URL_FOR_CLICKHOUSE']);
  }
  if (url.hostname === '' || url.username === '') {
    throw new ConfigError('PG_URL_FOR_CLICKHOUSE must name a host and a user', ['PG_URL_FOR_CLICKHOUSE']);
  }
  const values = {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres',
  };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  const controlled = Object.entries(values).find(([, value]) => /[\u0000-\u001f\u007f]/.test(String(value)));
  if (controlled) {
    const message = `PG_URL_FOR_CLICKHOUSE: the ${controlled[0]} holds a control character (newline, tab, …), which ClickHouse's PostgreSQL connection cannot use; choose another`;
    throw new ConfigError(message, ['PG_URL_FOR_CLICKHOUSE']);
  }
  return values;
}

/**
 * Fills a template of sql/collection/ (create.sql, alter.sql) with the collection's name (lib/tables/identifiers.ts)
 * and the values as literals: one statement.
 */
function renderCollectionStatement(template: string, collection: string, values: CollectionValues): string {
  const slots: Record<string, string> = {
    collection: quoteClickhouse(collection),
    host: quoteLiteral(values.host),
    port: String(values.port),
    user: quoteLiteral(values.user),
    password: quoteLiteral(values.password),
    database: quoteLiteral(values.database),
  };
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => slots[name] ?? '');
}

/** A salted scrypt fingerprint of the values (hex), and the salt (hex; a new random one when none is given). */
function fingerprintOf(values: CollectionValues, salt = randomBytes(16).toString('hex')) {
  const text = JSON.stringify([values.host, values.port, values.user, values.password, values.database]);
  const key = scryptSync(text, Buffer.from(salt, 'hex'), 32, { N: defaults.scryptCost });
  return { fingerprint: key.toString('hex'), salt };
}

export type { CollectionValues };
export { collectionValues, fingerprintOf, quoteLiteral, renderCollectionStatement };
