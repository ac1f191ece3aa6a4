import { createClickhouse } from '../clickhouse.ts';
import { loadDotEnv, readConfig } from '../config.ts';
import { tableKeys } from '../tables/registry.ts';
import { reportJson } from '../verify/report.ts';
import { verifyTables } from '../verify/verify.ts';
import { parseCli, runCli, tableArgs } from './cliSupport.ts';

const usage = `
Usage: npm run verify -- [table ...]

Compares PostgreSQL and ClickHouse for each named table (default: every registered table: ${tableKeys().join(', ')})
and prints the result as JSON: row counts, drift_rows, and the exact id ranges where the sides differ.
Only ids at or below each table's bound are compared: the safe mark for impressions and clicks (newer
rows may still be in flight), the highest id of the last full load for advertiser and campaign. Both
sides aggregate (count and id sum per id bucket, narrowed down where they differ); no row is transferred.
Reads PG_URL, CLICKHOUSE_URL, CLICKHOUSE_DATABASE from the environment or .env.

Exit status: 0 no drift, 1 drift found (or the comparison failed), 2 usage error.

Options:
  -h, --help   show this help
`;

async function main(): Promise<void> {
  const { positionals } = parseCli(process.argv.slice(2), {}, usage);
  const tables = tableArgs(positionals);
  loadDotEnv();
  const config = readConfig(process.env);
  const clickhouse = createClickhouse(config);
  try {
    const report = await verifyTables(tables, { clickhouse, pgUrl: config.pgUrl });
    process.stdout.write(`${JSON.stringify(reportJson(report), null, 2)}\n`);
    if (report.driftRows > 0) process.exitCode = 1;
  } finally {
    await clickhouse.close();
  }
}

runCli('npm run verify', main);
