// `npm run doctor`: checks the configured PostgreSQL and ClickHouse against what pg2ch needs (read-only).
import { createClickhouse } from '../clickhouse.ts';
import { loadDotEnv, readConfig } from '../config.ts';
import { type Check, checkClickhouse, checkPostgres, checkReader } from '../doctor/checks.ts';
import { readerGrants } from '../doctor/grants.ts';
import { kpiReaderGrants } from '../kpi/grants.ts';
import { registry } from '../tables/registry.ts';
import { parseCli, runCli } from './cliSupport.ts';

const usage = `
Usage: npm run doctor [-- --json] [--print-grants] [--print-kpi-grants]

Checks what pg2ch needs on your servers, reading only (it writes nothing anywhere), and names each missing piece
with its fix:
  PostgreSQL (PG_URL)                 version 14+, the primary, each table of tables.json readable, id columns
  PostgreSQL (PG_URL_FOR_CLICKHOUSE)  the read-only role ClickHouse uses: TimeZone UTC, DateStyle ISO, read-only,
                                      SELECT on each table
  ClickHouse (CLICKHOUSE_URL)         version 24+, pg2ch's database and named collection (after npm run migrate),
                                      an Atomic database, and that ClickHouse itself reaches each source table
Exit status: 0 when nothing fails (warnings allowed), 1 otherwise, 2 usage error.

Options:
  --json           print the checks as JSON
  --print-grants   print the SQL that creates the read-only role with the grants tables.json needs, and exit
  --print-kpi-grants
                   print the SQL that creates the kpi function's read-only ClickHouse user (SELECT on the KPI views
                   and what they read, in CLICKHOUSE_DATABASE), and exit
  -h, --help       show this help
`;

const marks = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' } as const;

function printChecks(checks: readonly Check[]): void {
  let area = '';
  for (const check of checks) {
    if (check.area !== area) process.stdout.write(`${check.area}\n`);
    area = check.area;
    process.stdout.write(`  ${marks[check.status]}  ${check.name.padEnd(24)} ${check.detail}\n`);
    if (check.fix && check.status !== 'ok') process.stdout.write(`        fix: ${check.fix}\n`);
  }
}

async function main(): Promise<void> {
  const { values } = parseCli(
    process.argv.slice(2),
    { json: { type: 'boolean' }, 'print-grants': { type: 'boolean' }, 'print-kpi-grants': { type: 'boolean' } },
    usage,
  );
  if (values['print-grants']) {
    process.stdout.write(`${readerGrants(registry)}\n`);
    return;
  }
  loadDotEnv();
  if (values['print-kpi-grants']) {
    process.stdout.write(`${kpiReaderGrants(process.env.CLICKHOUSE_DATABASE || 'default')}\n`);
    return;
  }
  const config = readConfig(process.env);
  const clickhouse = createClickhouse(config, { requestTimeoutMs: 15_000 });
  try {
    const checks = [
      ...(await checkPostgres(config.pgUrl, registry)),
      ...(await checkReader(config.pgUrlForClickhouse, registry)),
      ...(await checkClickhouse(clickhouse, config.clickhouseDatabase, registry)),
    ];
    if (values.json) process.stdout.write(`${JSON.stringify(checks, null, 2)}\n`);
    else printChecks(checks);
    const failed = checks.filter((check) => check.status === 'fail').length;
    if (!values.json)
      process.stdout.write(failed === 0 ? 'pg2ch has what it needs.\n' : `${failed} check(s) failed.\n`);
    if (failed > 0) process.exitCode = 1;
  } finally {
    await clickhouse.close();
  }
}

runCli('npm run doctor', main);
