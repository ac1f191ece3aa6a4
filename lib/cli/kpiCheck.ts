import { createClickhouse } from '../clickhouse.ts';
import { loadDotEnv, readConfig } from '../config.ts';
import { parseDate } from '../kpi/params.ts';
import { checkKpiAggregates, type DriftDay, repairKpiAggregates } from '../kpi/repair.ts';
import { parseCli, runCli } from './cliSupport.ts';

const usage = `
Usage: npm run kpi:check -- [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--repair]

Compares the KPI aggregate (events_hourly) with the raw events per UTC day (both bounds inclusive; default:
all days) and lists the days where they differ. Exits 1 when some day differs and --repair was not given.

Options:
  --from DAY   first day to check
  --to DAY     last day to check
  --repair     make those days exact again (takes the impressions and clicks sync locks; skipped while a
               sync runs: try again)
  -h, --help   show this help
`;

function printDays(days: DriftDay[], verb: string): void {
  if (days.length === 0) process.stdout.write('The KPI aggregate matches the raw events.\n');
  for (const day of days) {
    const { date, campaign_hours, missing_impressions, missing_clicks } = day;
    process.stdout.write(
      `${date}: ${verb} ${missing_impressions} impressions, ${missing_clicks} clicks in ${campaign_hours} campaign-hours\n`,
    );
  }
}

async function main(): Promise<void> {
  const options = { from: { type: 'string' }, to: { type: 'string' }, repair: { type: 'boolean' } } as const;
  const { values } = parseCli(process.argv.slice(2), options, usage);
  const from = typeof values.from === 'string' ? parseDate('--from', values.from) : null;
  const to = typeof values.to === 'string' ? parseDate('--to', values.to) : null;
  loadDotEnv();
  const config = readConfig(process.env);
  const clickhouse = createClickhouse(config);
  try {
    if (!values.repair) {
      const days = await checkKpiAggregates(clickhouse, { from, to });
      printDays(days, 'missing');
      if (days.length > 0) process.exitCode = 1;
      return;
    }
    const outcome = await repairKpiAggregates({ clickhouse, pgUrl: config.pgUrl }, { from, to });
    if ('skipped' in outcome) {
      process.stdout.write('A sync run holds the impressions or clicks lock: nothing repaired, try again.\n');
      process.exitCode = 1;
      return;
    }
    printDays(outcome.repaired, 'repaired');
  } finally {
    await clickhouse.close();
  }
}

runCli('npm run kpi:check', main);
