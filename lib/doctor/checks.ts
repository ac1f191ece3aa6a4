// `npm run doctor`: checks a given PostgreSQL and ClickHouse against what pg2ch needs, and names each missing piece
// with its fix. Reads only: catalog facts, privileges, a DESCRIBE through ClickHouse. Never writes anywhere.
import type { ClickHouseClient } from '@clickhouse/client';
import pg from 'pg';
import clickhouseFactsSql from '../../sql/doctor/clickhouse_facts.sql';
import clickhouseReachSql from '../../sql/doctor/clickhouse_reach.sql';
import postgresFactsSql from '../../sql/doctor/postgres_facts.sql';
import tableAccessSql from '../../sql/doctor/table_access.sql';
import { readSourceColumns } from '../tables/catalog.ts';
import { mapSelected } from '../tables/columnPlan.ts';
import { isIntegerType } from '../tables/columnTypes.ts';
import { quoteClickhouse, quoteClickhouseLiteral, sourceCollectionName } from '../tables/identifiers.ts';
import type { TableSpec } from '../tables/registry.ts';
import { renderTemplate } from '../tables/render.ts';

/** One check's outcome: `fail` stops pg2ch from working, `warn` works with a caveat. */
interface Check {
  readonly area: string;
  readonly name: string;
  readonly status: 'ok' | 'warn' | 'fail';
  readonly detail: string;
  readonly fix?: string;
}

const minPostgres = 14;
const minClickhouse = 24;

function describe(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000, statement_timeout: 10_000 });
  client.on('error', () => {});
  await client.connect();
  return client;
}

type Facts = {
  major_version: number;
  version: string;
  in_recovery: boolean;
  role_name: string;
  time_zone: string;
  date_style: string;
  read_only: string;
  statement_timeout: string;
};

function serverChecks(area: string, facts: Facts): Check[] {
  const version: Check =
    facts.major_version >= minPostgres
      ? { area, name: 'version', status: 'ok', detail: `PostgreSQL ${facts.version}` }
      : {
          area,
          name: 'version',
          status: 'fail',
          detail: `PostgreSQL ${facts.version}`,
          fix: `upgrade to PostgreSQL ${minPostgres} or later`,
        };
  const primary: Check = facts.in_recovery
    ? {
        area,
        name: 'primary',
        status: 'fail',
        detail: 'this server is a standby',
        fix: "point the URL at the primary: a standby's pg_locks lacks the primary's writers",
      }
    : { area, name: 'primary', status: 'ok', detail: 'not a standby' };
  return [version, primary];
}

/** Checks one source table through a role: it exists, the role may read it, its id column and types suit the registry. */
async function tableChecks(area: string, client: pg.Client, spec: TableSpec, role: string): Promise<Check[]> {
  const name = `table ${spec.key}`;
  const where = `${spec.source.schema}.${spec.source.table}`;
  const access = (
    await client.query<{ found: boolean; can_select: boolean; schema_usage: boolean }>(tableAccessSql, [
      spec.source.schema,
      spec.source.table,
    ])
  ).rows[0];
  if (!access?.found)
    return [
      {
        area,
        name,
        status: 'fail',
        detail: `${where} not found or not visible`,
        fix: `GRANT USAGE ON SCHEMA "${spec.source.schema}" TO ${role}; and check tables.json`,
      },
    ];
  if (!access.can_select)
    return [
      {
        area,
        name,
        status: 'fail',
        detail: `${role} may not read ${where}`,
        fix: `GRANT SELECT ON "${spec.source.schema}"."${spec.source.table}" TO ${role};`,
      },
    ];
  const columns = await readSourceColumns(client, spec.source);
  const checks: Check[] = [{ area, name, status: 'ok', detail: `${where} readable, ${columns.length} columns` }];
  const id = columns.find((column) => column.name === spec.idColumn);
  if (spec.mode === 'incremental' && (!id || !isIntegerType(id.type) || !id.notNull)) {
    checks.push({
      area,
      name: `${name} id`,
      status: 'fail',
      detail: `id column ${spec.idColumn} is not a NOT NULL integer column`,
      fix: 'fix idColumn in tables.json, or use mode "full"',
    });
  }
  for (const column of mapSelected(spec, columns).unsupported) {
    checks.push({
      area,
      name: `${name} column`,
      status: 'warn',
      detail: `${column.name} (${column.type}) is not copied: unsupported type`,
      fix: 'list the columns to copy in tables.json',
    });
  }
  return checks;
}

/** Checks the coordination URL (PG_URL): server, and each table readable by its role. */
async function checkPostgres(pgUrl: string, specs: readonly TableSpec[]): Promise<Check[]> {
  const area = 'PostgreSQL (PG_URL)';
  let client: pg.Client;
  try {
    client = await connect(pgUrl);
  } catch (error) {
    return [
      {
        area,
        name: 'connect',
        status: 'fail',
        detail: describe(error),
        fix: 'check PG_URL (host, port, user, password, database)',
      },
    ];
  }
  try {
    const facts = (await client.query<Facts>(postgresFactsSql)).rows[0];
    if (!facts) throw new Error('no facts');
    const checks = [
      { area, name: 'connect', status: 'ok', detail: `as ${facts.role_name}` } as Check,
      ...serverChecks(area, facts),
    ];
    for (const spec of specs) checks.push(...(await tableChecks(area, client, spec, facts.role_name)));
    return checks;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Checks the role ClickHouse uses (PG_URL_FOR_CLICKHOUSE): its settings and its reach, from this machine. */
async function checkReader(readerUrl: string, specs: readonly TableSpec[]): Promise<Check[]> {
  const area = 'PostgreSQL (PG_URL_FOR_CLICKHOUSE)';
  let client: pg.Client;
  try {
    client = await connect(readerUrl);
  } catch (error) {
    const detail = `${describe(error)} (from this machine; ClickHouse may reach it by another address)`;
    return [
      {
        area,
        name: 'connect',
        status: 'warn',
        detail,
        fix: 'the ClickHouse checks below tell whether ClickHouse itself gets through',
      },
    ];
  }
  try {
    const facts = (await client.query<Facts>(postgresFactsSql)).rows[0];
    if (!facts) throw new Error('no facts');
    const role = facts.role_name;
    const setting = (name: string, ok: boolean, detail: string, fix: string): Check =>
      ok ? { area, name, status: 'ok', detail } : { area, name, status: 'fail', detail, fix };
    const checks: Check[] = [
      { area, name: 'connect', status: 'ok', detail: `as ${role}` },
      setting(
        'time zone',
        facts.time_zone === 'UTC',
        `TimeZone ${facts.time_zone}`,
        `ALTER ROLE ${role} SET timezone = 'UTC';`,
      ),
      setting(
        'date style',
        facts.date_style.startsWith('ISO'),
        `DateStyle ${facts.date_style}`,
        `ALTER ROLE ${role} SET datestyle = 'ISO, YMD';`,
      ),
      facts.read_only === 'on'
        ? { area, name: 'read only', status: 'ok', detail: 'transactions are read-only' }
        : {
            area,
            name: 'read only',
            status: 'warn',
            detail: `${role} may write`,
            fix: `ALTER ROLE ${role} SET default_transaction_read_only = on; (or use a role with SELECT only)`,
          },
    ];
    for (const spec of specs) checks.push(...(await tableChecks(area, client, spec, role)));
    return checks;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Checks ClickHouse: version, database, named collection, and that it reaches each source table. */
async function checkClickhouse(
  clickhouse: ClickHouseClient,
  database: string,
  specs: readonly TableSpec[],
): Promise<Check[]> {
  const area = 'ClickHouse (CLICKHOUSE_URL)';
  type Row = {
    version: string;
    user_name: string;
    database_exists: boolean;
    database_engine: string;
    collection_exists: boolean;
  };
  let facts: Row | undefined;
  try {
    const result = await clickhouse.query({
      query: clickhouseFactsSql,
      query_params: { database, collection: sourceCollectionName(database) },
      format: 'JSONEachRow',
    });
    facts = (await result.json<Row>())[0];
  } catch (error) {
    return [
      {
        area,
        name: 'connect',
        status: 'fail',
        detail: describe(error),
        fix: 'check CLICKHOUSE_URL, and that the user may read system tables',
      },
    ];
  }
  if (!facts) return [];
  const major = Number(facts.version.split('.')[0]);
  const checks: Check[] = [
    { area, name: 'connect', status: 'ok', detail: `as ${facts.user_name}` },
    major >= minClickhouse
      ? { area, name: 'version', status: 'ok', detail: `ClickHouse ${facts.version}` }
      : {
          area,
          name: 'version',
          status: 'fail',
          detail: `ClickHouse ${facts.version}`,
          fix: `upgrade to ClickHouse ${minClickhouse} or later`,
        },
  ];
  if (!facts.database_exists || !facts.collection_exists) {
    const missing = [
      !facts.database_exists && `database ${database}`,
      !facts.collection_exists && `named collection ${sourceCollectionName(database)}`,
    ].filter(Boolean);
    checks.push({
      area,
      name: 'schema',
      status: 'fail',
      detail: `${missing.join(' and ')} missing`,
      fix: 'npm run migrate (its user needs CREATE DATABASE and named_collection_control)',
    });
    return checks;
  }
  if (!['Atomic', 'Replicated', 'Overlay', 'Shared'].includes(facts.database_engine)) {
    checks.push({
      area,
      name: 'database engine',
      status: 'fail',
      detail: `${database} uses ${facts.database_engine}`,
      fix: 'full-mode tables need EXCHANGE TABLES: use an Atomic (or Replicated) database',
    });
  }
  for (const spec of specs) {
    const query = renderTemplate(clickhouseReachSql, {
      collection: quoteClickhouse(sourceCollectionName(database)),
      pg_schema: quoteClickhouseLiteral(spec.source.schema),
      pg_table: quoteClickhouseLiteral(spec.source.table),
    });
    try {
      await (await clickhouse.query({ query, format: 'JSONEachRow' })).json();
      checks.push({
        area,
        name: `reaches ${spec.key}`,
        status: 'ok',
        detail: `through ${sourceCollectionName(database)}`,
      });
    } catch (error) {
      checks.push({
        area,
        name: `reaches ${spec.key}`,
        status: 'fail',
        detail: describe(error),
        fix: 'ClickHouse must reach PostgreSQL at PG_URL_FOR_CLICKHOUSE (network, allow list, password); then npm run migrate',
      });
    }
  }
  return checks;
}

export type { Check };
export { checkClickhouse, checkPostgres, checkReader };
