import { loadDotEnv, readConfig } from '../config.ts';
import { setUpDatabases } from '../migrate/setup.ts';
import type { TableMigration } from '../migrate/tables.ts';
import { sourceCollectionName } from '../tables/identifiers.ts';
import { parseCli, runCli } from './cliSupport.ts';

const usage = `
Usage: npm run migrate [-- --demo-source]

Brings ClickHouse to the current schema (idempotent; safe to run any time): the database CLICKHOUSE_DATABASE,
its named collection pg2ch_source_<database> (PG_URL_FOR_CLICKHOUSE), each table of tables.json (its copy gains the
columns its PostgreSQL table gained; see README, "Schema changes"), and sql/clickhouse/*.sql.
Reads PostgreSQL's catalog through PG_URL; never writes to PostgreSQL unless --demo-source is given.
Reads PG_URL, PG_URL_FOR_CLICKHOUSE, CLICKHOUSE_URL, CLICKHOUSE_DATABASE from the environment or .env.

Options:
  --demo-source   also create the demo source tables (advertiser, campaign, impressions, clicks) and the
                  read-only role pg2ch_reader in PG_URL's database (sql/postgres/*.sql): only for a database
                  pg2ch owns, such as the docker compose one
  -h, --help      show this help
`;

/** One line per table that changed or needs attention. */
function describeTable(table: TableMigration): string[] {
  const lines: string[] = [];
  if (table.created) lines.push(`${table.table}: created its ClickHouse copy`);
  if (table.added.length > 0) {
    lines.push(
      `${table.table}: added columns ${table.added.join(', ')} (rows copied earlier hold NULL/defaults there; ` +
        `re-copy them with \`npm run verify -- ${table.table} --repair\` or \`npm run resync -- ${table.table}\`)`,
    );
  }
  if (table.widened.length > 0) lines.push(`${table.table}: widened columns ${table.widened.join(', ')}`);
  if (table.missing.length > 0) {
    lines.push(
      `WARN ${table.table}: columns ${table.missing.join(', ')} no longer exist in PostgreSQL: kept in ClickHouse, ` +
        'NULL in rows copied from now on (drop them from ClickHouse yourself, or restore them in PostgreSQL)',
    );
  }
  for (const column of table.unsupported) {
    lines.push(
      `WARN ${table.table}: column ${column.name} (${column.type}) is not copied: pg2ch does not map that type`,
    );
  }
  return lines;
}

async function main(): Promise<void> {
  const { values } = parseCli(process.argv.slice(2), { 'demo-source': { type: 'boolean' } }, usage);
  loadDotEnv();
  const config = readConfig(process.env);
  const result = await setUpDatabases(config, {
    postgres: values['demo-source'] === true,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const name = sourceCollectionName(config.clickhouseDatabase);
  const collection = {
    created: `${name}: created from PG_URL_FOR_CLICKHOUSE`,
    altered: `${name}: updated to PG_URL_FOR_CLICKHOUSE`,
    unchanged: undefined,
    server: `${name}: defined in the ClickHouse server's configuration, left as it is`,
  }[result.clickhouse.collection];
  if (collection) process.stdout.write(`${collection}\n`);
  const legacy = {
    none: undefined,
    sql:
      `pg2ch_source (the one collection of earlier pg2ch versions) is no longer read by ${config.clickhouseDatabase}: ` +
      'drop it once no other pg2ch deployment on this server reads through it (DROP NAMED COLLECTION pg2ch_source)',
    config:
      `pg2ch_source is defined in the server's configuration, but ${config.clickhouseDatabase} now reads ${name}: ` +
      `rename it there to ${name} (docs/operations.md, "The named collection")`,
  }[result.clickhouse.legacyCollection];
  if (legacy) process.stdout.write(`Note: ${legacy}\n`);
  for (const table of result.clickhouse.tables)
    for (const line of describeTable(table)) process.stdout.write(`${line}\n`);
  const applied = [
    ...result.postgres.applied.map((v) => `postgres ${v}`),
    ...result.clickhouse.applied.map((v) => `clickhouse ${v}`),
  ];
  process.stdout.write(applied.length > 0 ? `Applied: ${applied.join(', ')}\n` : 'Schemas are up to date.\n');
}

runCli('npm run migrate', main);
