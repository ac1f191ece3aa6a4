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

export { checkClickhouseName, checkTableKey, quoteClickhouse, quoteClickhouseLiteral, quotePostgres };
