import { loadDotEnv, readConfig } from '../config.ts';
import { setUpDatabases } from '../migrate/setup.ts';
import { parseCli, runCli } from './cliSupport.ts';

const usage = `
Usage: npm run migrate [-- --clickhouse-only]

Brings both databases to the current schema (idempotent; safe to run any time):
  PostgreSQL: sql/postgres/*.sql (source tables and the read-only role pg2ch_reader)
  ClickHouse: the database CLICKHOUSE_DATABASE, the named collection pg2ch_source
              (PG_URL_FOR_CLICKHOUSE), and sql/clickhouse/*.sql
Reads PG_URL, PG_URL_FOR_CLICKHOUSE, CLICKHOUSE_URL, CLICKHOUSE_DATABASE from the environment or .env.

Options:
  --clickhouse-only   leave PostgreSQL alone (when pg2ch does not own the source schema)
  -h, --help          show this help
`;

async function main(): Promise<void> {
  const { values } = parseCli(process.argv.slice(2), { 'clickhouse-only': { type: 'boolean' } }, usage);
  loadDotEnv();
  const config = readConfig();
  const result = await setUpDatabases(config, {
    postgres: values['clickhouse-only'] !== true,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const applied = [
    ...result.postgres.applied.map((v) => `postgres ${v}`),
    ...result.clickhouse.applied.map((v) => `clickhouse ${v}`),
  ];
  process.stdout.write(applied.length > 0 ? `Applied: ${applied.join(', ')}\n` : 'Schemas are up to date.\n');
}

runCli('npm run migrate', main);
