// `npm run status`: per table, what an operator looks at first (read from ClickHouse only).
import { createClickhouse } from '../clickhouse.ts';
import { loadDotEnv, readClickhouseConfig } from '../config.ts';
import { renderStatusTable, statusJson } from '../status/render.ts';
import { isOverdue, readTableStatuses } from '../status/status.ts';
import { findTable, tableKeys } from '../tables/registry.ts';
import { parseCli, positiveInteger, runCli, tableArgs } from './cliSupport.ts';

const defaults = { maxAgePeriods: 3 };

const usage = `
Usage: npm run status -- [table ...] [--json] [--max-age-periods N]

Shows, for each named table (default: every registered table: ${tableKeys().join(', ')}), what an operator looks at
first: the state, the last successful run and its age, the rows it copied, the backlog (source ids above its window),
the freshness lag (now − the newest copied row's freshness column, or − the start of the last run that read
everything), the rows held in quarantine, and the last failed run. Reads sync_state, sync_failures and
backfill_state in ClickHouse only (CLICKHOUSE_URL, CLICKHOUSE_DATABASE from the environment or .env).
See docs/operations.md.

States: ok; failing (a run failed after the last success); overdue (no successful run within the allowed age, or an
open backfill that recorded no progress for as long); never (no successful run yet); backfill n/m (a backfill holds
the table, n of its m ranges done; the scheduled sync skips the table until the handover).

Exit status: 0 when every table had a successful run within its allowed age (or is held by a progressing backfill),
1 when one is overdue or never ran (or ClickHouse cannot be read), 2 usage error.

Options:
  --json                 print JSON instead of the table
  --max-age-periods N    allowed age: N periods of the table's schedule (default ${defaults.maxAgePeriods}, as the alarm;
                         one day for a cron() schedule)
  -h, --help             show this help
`;

async function main(): Promise<void> {
  const { values, positionals } = parseCli(
    process.argv.slice(2),
    { json: { type: 'boolean' }, 'max-age-periods': { type: 'string' } },
    usage,
  );
  const specs = tableArgs(positionals).map(findTable);
  const maxAgeRaw = values['max-age-periods'];
  const maxAgePeriods = positiveInteger(
    '--max-age-periods',
    typeof maxAgeRaw === 'string' ? maxAgeRaw : undefined,
    defaults.maxAgePeriods,
  );
  loadDotEnv();
  const clickhouse = createClickhouse(readClickhouseConfig(process.env), { requestTimeoutMs: 30_000 });
  try {
    const statuses = await readTableStatuses(clickhouse, specs, { maxAgePeriods });
    const overdue = statuses.filter(isOverdue).map((status) => status.table);
    const output = values.json
      ? `${JSON.stringify(statusJson(statuses, overdue), null, 2)}\n`
      : renderStatusTable(statuses);
    process.stdout.write(output);
    if (overdue.length > 0) process.exitCode = 1;
  } finally {
    await clickhouse.close();
  }
}

runCli('npm run status', main);
