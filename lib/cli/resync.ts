import { createClickhouse } from '../clickhouse.ts';
import { loadDotEnv, readConfig } from '../config.ts';
import { UsageError } from '../errors.ts';
import { resyncTable } from '../repair/resync.ts';
import { unlimitedBudget } from '../sync/budget.ts';
import { syncDepsFrom } from '../sync/deps.ts';
import { findTable } from '../tables/registry.ts';
import { parseCli, runCli, tableArgs } from './cliSupport.ts';
import { syncTables } from './syncRunner.ts';

const usage = `
Usage: npm run resync -- <table> [--rebuild] [--no-sync]

Copies one table again from scratch without ever doubling a KPI: under the table's run lock, empties its ClickHouse
copy and quarantine and clears its sync history, corrects the KPI pre-aggregates it feeds, then syncs it until it has
caught up. Use it after a source reset (TRUNCATE ... RESTART IDENTITY, a restored backup) or a type change that
\`npm run migrate\` cannot make in place. A full-mode table is simply reloaded.

Options:
  --rebuild    drop the ClickHouse copy and create it again from the source's current columns (needed when the
               id column's type changed, e.g. integer to bigint)
  --no-sync    leave the copying to the scheduled runs
  -h, --help   show this help
`;

async function main(): Promise<void> {
  const { values, positionals } = parseCli(
    process.argv.slice(2),
    { rebuild: { type: 'boolean' }, 'no-sync': { type: 'boolean' } },
    usage,
  );
  if (positionals.length !== 1) throw new UsageError('table', 'name exactly one table to resync');
  const [key = ''] = tableArgs(positionals);
  loadDotEnv();
  const config = readConfig(process.env);
  const clickhouse = createClickhouse(config);
  try {
    const deps = syncDepsFrom(config, clickhouse, `resync-${process.pid}-${Date.now()}`);
    const outcome = await resyncTable(findTable(key), deps, values.rebuild === true);
    if (outcome.outcome === 'locked') {
      process.stdout.write(`A sync of ${key} holds its run lock: nothing changed, try again.\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(
      `${key}: ${outcome.outcome === 'reset' ? 'emptied' : 'reloaded'}; KPI aggregates ${outcome.kpiAggregates}.\n`,
    );
    if (outcome.kpiAggregates === 'locked') {
      process.stdout.write(
        'A sync of another KPI table was running: run `npm run kpi:check -- --repair` once it ends.\n',
      );
    }
    if (outcome.outcome !== 'reset' || values['no-sync']) return;
    const [result] = await syncTables([key], clickhouse, config, undefined, unlimitedBudget);
    if (result instanceof Error) process.exitCode = 1;
  } finally {
    await clickhouse.close();
  }
}

runCli('npm run resync', main);
