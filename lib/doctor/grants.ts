// The SQL a PostgreSQL administrator runs once so pg2ch can read the registry's tables: a read-only login role for
// ClickHouse, with exactly the settings the copy relies on. Printed by `npm run doctor -- --print-grants`.
import { quotePostgres } from '../tables/identifiers.ts';
import type { TableSpec } from '../tables/registry.ts';

const readerRole = 'pg2ch_reader';

/** The statements creating (or updating) the reader role and granting it SELECT on each table. Pure. */
function readerGrants(specs: readonly TableSpec[]): string {
  const role = quotePostgres(readerRole);
  const schemas = [...new Set(specs.map((spec) => spec.source.schema))];
  const tables = specs.map((spec) => `${quotePostgres(spec.source.schema)}.${quotePostgres(spec.source.table)}`);
  return [
    `-- Run as an administrator of the source database; set your own password.`,
    `CREATE ROLE ${role} LOGIN PASSWORD 'change-me';`,
    `-- ClickHouse reads timestamps and dates as this role's text: UTC and ISO keep them exact.`,
    `ALTER ROLE ${role} SET timezone = 'UTC';`,
    `ALTER ROLE ${role} SET datestyle = 'ISO, YMD';`,
    `ALTER ROLE ${role} SET default_transaction_read_only = on;`,
    `ALTER ROLE ${role} SET statement_timeout = '200s';`,
    `ALTER ROLE ${role} SET idle_in_transaction_session_timeout = '60s';`,
    ...schemas.map((schema) => `GRANT USAGE ON SCHEMA ${quotePostgres(schema)} TO ${role};`),
    `GRANT SELECT ON ${tables.join(', ')} TO ${role};`,
    `-- PG_URL (pg2ch's own coordination: run locks, snapshots, verify) needs the same SELECT grants, nothing more.`,
  ].join('\n');
}

export { readerGrants, readerRole };
