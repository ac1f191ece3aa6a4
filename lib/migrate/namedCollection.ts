import { ConfigError } from '../errors.ts';
import { splitStatements, sql } from '../sql.ts';

/** Quotes a value as a ClickHouse string literal (backslash and quote escaped). */
function quoteLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * Renders the statements that create or update the pg2ch_source named collection from a postgres:// URL.
 * The values are quoted literals because ClickHouse does not bind parameters in named-collection DDL.
 * Never log the result: it holds the password.
 * @throws ConfigError when the URL lacks a host, user or database.
 */
function renderSourceCollection(pgUrl: string): string[] {
  const url = new URL(pgUrl);
  const slots: Record<string, string> = {
    host: quoteLiteral(url.hostname.replace(/^\[(.*)\]$/, '$1')),
    port: String(Number(url.port || 5432)),
    user: quoteLiteral(decodeURIComponent(url.username)),
    password: quoteLiteral(decodeURIComponent(url.password)),
    database: quoteLiteral(decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres'),
  };
  if (url.hostname === '' || url.username === '') {
    throw new ConfigError('PG_URL_FOR_CLICKHOUSE must name a host and a user', ['PG_URL_FOR_CLICKHOUSE']);
  }
  const text = sql.sourceCollection.replace(/\{\{(\w+)\}\}/g, (_, name: string) => slots[name] ?? '');
  return splitStatements(text);
}

export { quoteLiteral, renderSourceCollection };
