import { loadDotEnv, readConfig } from '../config.ts';
import { setUpDatabases } from '../migrate/setup.ts';
import type { TableMigration } from '../migrate/tables.ts';
import { parseCli, runCli } from './cliSupport.ts';

const usage = `
Usage: npm run migrate [-- --demo-source]

Brings ClickHouse to the current schema (idempotent; safe to run any time): the database CLICKHOUSE_DATABASE,
the named collection pg2ch_source (PG_URL_FOR_CLICKHOUSE), each table of tables.json (its copy gains the
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
  const collection = {
    created: 'pg2ch_source: created from PG_URL_FOR_CLICKHOUSE',
    altered: 'pg2ch_source: updated to PG_URL_FOR_CLICKHOUSE',
    unchanged: undefined,
    server: "pg2ch_source: defined in the ClickHouse server's configuration, left as it is",
  }[result.clickhouse.collection];
  if (collection) process.stdout.write(`${collection}\n`);
  for (const table of result.clickhouse.tables)
    for (const line of describeTable(table)) process.stdout.write(`${line}\n`);
  const applied = [
    ...result.postgres.applied.map((v) => `postgres ${v}`),
    ...result.clickhouse.applied.map((v) => `clickhouse ${v}`),
  ];
  process.stdout.write(applied.length > 0 ? `Applied: ${applied.join(', ')}\n` : 'Schemas are up to date.\n');
}

runCli('npm run migrate', main);
