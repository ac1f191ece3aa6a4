import { createClickhouse } from '../clickhouse.ts';
import { loadDotEnv, readConfig } from '../config.ts';
import { repairDrift } from '../repair/repair.ts';
import { syncDepsFrom } from '../sync/deps.ts';
import { tableKeys } from '../tables/registry.ts';
import { reportJson } from '../verify/report.ts';
import { verifyTables } from '../verify/verify.ts';
import { parseCli, runCli, tableArgs } from './cliSupport.ts';

const usage = `
Usage: npm run verify -- [table ...] [--repair]

Compares PostgreSQL and ClickHouse for each named table (default: every registered table: ${tableKeys().join(', ')})
and prints the result as JSON: row counts, drift_rows, and the exact id ranges where the sides differ.
Only ids at or below each table's bound are compared: the safe mark of an incremental table (newer rows may still
be in flight), the highest id of the last full load of a full-mode table. Both sides aggregate (count and a hash of
every row's content per id bucket, narrowed down where they differ); no row is transferred. Rows quarantined by the
sync, and events whose campaign is gone on either side, are left out.
Reads PG_URL, CLICKHOUSE_URL, CLICKHOUSE_DATABASE from the environment or .env.

Exit status: 0 no drift (after --repair: none left), 1 drift found (or the comparison failed), 2 usage error.

Options:
  --repair     copy the differing id ranges again from PostgreSQL (emptying them in ClickHouse first where it holds
               extra, doubled or altered rows), reload drifted full-mode tables, correct the KPI pre-aggregates, then
               verify again; prints { ...report, repair, after }
  -h, --help   show this help
`;

async function main(): Promise<void> {
  const { values, positionals } = parseCli(process.argv.slice(2), { repair: { type: 'boolean' } }, usage);
  const tables = tableArgs(positionals);
  loadDotEnv();
  const config = readConfig(process.env);
  const clickhouse = createClickhouse(config);
  try {
    const deps = { clickhouse, pgUrl: config.pgUrl };
    const report = await verifyTables(tables, deps);
    if (!values.repair || report.driftRows === 0) {
      process.stdout.write(`${JSON.stringify(reportJson(report), null, 2)}\n`);
      if (report.driftRows > 0) process.exitCode = 1;
      return;
    }
    const repair = await repairDrift(report, syncDepsFrom(config, clickhouse, `repair-${process.pid}-${Date.now()}`));
    const after = await verifyTables(tables, deps);
    process.stdout.write(`${JSON.stringify({ ...reportJson(report), repair, after: reportJson(after) }, null, 2)}\n`);
    if (after.driftRows > 0) process.exitCode = 1;
  } finally {
    await clickhouse.close();
  }
}

runCli('npm run verify', main);
