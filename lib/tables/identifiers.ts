// The one place identifiers and literals enter SQL text. Names come from the table registry or PostgreSQL's catalog,
// never from a request; values are always bound parameters, except in DDL that ClickHouse cannot parameterize.

/** Quotes a ClickHouse identifier: backticks, with backslash and backtick escaped. */
function quoteClickhouse(name: string): string {
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

/** Quotes a PostgreSQL identifier: double quotes, with double quotes doubled. */
function quotePostgres(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a ClickHouse string literal (backslash and quote escaped), for DDL that binds no parameters. */
function quoteClickhouseLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Why `key` cannot be a registry key (lower-case letters, digits, underscore; a letter first), or undefined. */
function checkTableKey(key: string): string | undefined {
  return /^[a-z][a-z0-9_]{0,47}$/.test(key)
    ? undefined
    : `key "${key}" must be lower-case letters, digits and underscores, starting with a letter (at most 48)`;
}

/** Why `name` cannot be a ClickHouse table pg2ch creates (plain identifier), or undefined. */
function checkClickhouseName(name: string): string | undefined {
  return /^[A-Za-z_][A-Za-z0-9_]{0,47}$/.test(name)
    ? undefined
    : `ClickHouse table name "${name}" must be letters, digits and underscores (at most 48)`;
}

/**
 * The named collection through which `database`'s readers reach PostgreSQL: one per pg2ch database, so deployments that
 * share a ClickHouse server (staging and production, a test run) never point each other's readers at their source.
 * @throws Error when `database` is not a plain identifier (configuration checks it first).
 */
function sourceCollectionName(database: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database))
    throw new Error(`database name "${database}" is not a plain identifier`);
  return `pg2ch_source_${database}`;
}

export {
  checkClickhouseName,
  checkTableKey,
  quoteClickhouse,
  quoteClickhouseLiteral,
  quotePostgres,
  sourceCollectionName,
};
