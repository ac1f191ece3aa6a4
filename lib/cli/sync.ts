import { createClickhouse } from '../clickhouse.ts';
import { loadDotEnv, readConfig } from '../config.ts';
import { unlimitedBudget } from '../sync/budget.ts';
import { tableKeys } from '../tables/registry.ts';
import { parseCli, runCli, tableArgs } from './cliSupport.ts';
import { syncTables } from './syncRunner.ts';

const usage = `
Usage: npm run sync -- [table ...] [--until-done] [--json]

Runs one sync of each named table (default: every registered table at once) against PG_URL / CLICKHOUSE_URL
(from the environment or .env, written by \`npm run stack\`). Tables: ${tableKeys().join(', ')}.

Options:
  --until-done   incremental tables copy window after window (each at most MAX_ROWS new ids, each recorded)
                 until the source has no more; still one line per table
  --json         print each result as JSON instead of the one-line summary
  -h, --help     show this help
`;

async function main(): Promise<void> {
  const { values, positionals } = parseCli(
    process.argv.slice(2),
    { 'until-done': { type: 'boolean' }, json: { type: 'boolean' } },
    usage,
  );
  const tables = tableArgs(positionals);
  loadDotEnv();
  const config = readConfig(process.env);
  const clickhouse = createClickhouse(config);
  const print = values.json ? () => {} : undefined;
  let failed = false;
  try {
    const budget = values['until-done'] ? unlimitedBudget : undefined;
    const outcomes = await syncTables(tables, clickhouse, config, print, budget);
    if (values.json)
      for (const outcome of outcomes)
        process.stdout.write(`${JSON.stringify(outcome instanceof Error ? { error: outcome.message } : outcome)}\n`);
    failed = outcomes.some((outcome) => outcome instanceof Error);
  } finally {
    await clickhouse.close();
  }
  if (failed) process.exitCode = 1;
}

runCli('npm run sync', main);
