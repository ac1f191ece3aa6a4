import { resolve } from 'node:path';
import pg from 'pg';
import fastCheck from '../../sql/checks/fast_check.sql';
import { createClickhouse } from '../clickhouse.ts';
import { readConfig } from '../config.ts';
import { ensureLocalSecrets, writeStackDotEnv } from '../local/dotEnv.ts';
import { startKpiServer } from '../local/kpiServer.ts';
import { setUpDatabases } from '../migrate/setup.ts';
import { parseSeedArgs } from '../seed/args.ts';
import { runSeedCommand } from '../seed/run.ts';
import { unlimitedBudget } from '../sync/budget.ts';
import { tableKeys } from '../tables/registry.ts';
import { fromDotEnv } from './banner.ts';
import { parseCli, positiveInteger, runCli } from './cliSupport.ts';
import { type Engines, resolveEngines } from './engines.ts';
import { scheduleSyncs } from './schedule.ts';
import { StopRequestedError, stopIfRequested, watchStopSignals } from './stopSignals.ts';
import { syncTables } from './syncRunner.ts';

const usage = `
Usage: npm start [-- --once] [--no-seed] [--data-dir DIR] [--kpi-port N] [--pg-port N] [--clickhouse-port N]

Runs the whole pipeline: starts the embedded PostgreSQL and ClickHouse (or uses PG_URL / CLICKHOUSE_URL,
or a \`npm run stack\` already running), applies both schemas, seeds the demo data set when the source is
empty (10 advertisers x 10 campaigns x 10,000 impressions, CTR 0.08), runs the four syncs at once, prints
the original check query's result, then keeps syncing on schedule (clicks and impressions every minute,
campaign and advertiser every 5 minutes) and serves the KPI API on http://127.0.0.1:3000 until Ctrl-C
or SIGTERM. Passwords and keys are never printed: they are in .env.

Options:
  --once            stop after the first syncs and the check query
  --no-seed         never seed, even when the source is empty
  --data-dir DIR    data directory of the embedded engines (default .pg2ch)
  --kpi-port N      port of the local KPI API (default 3000)
  --pg-port N       port of the embedded PostgreSQL (default 54329)
  --clickhouse-port N  port of the embedded ClickHouse endpoint (default 18123)
  -h, --help        show this help
`;

const demoBatch = ['batch', '--advertisers', '10', '--campaigns', '10', '--impressions', '10000', '--ctr', '0.08'];
const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function seedIfEmpty(pgUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM advertiser');
    if ((rows[0]?.n ?? 0) > 0) {
      print('Source already has data: not seeding.');
      return;
    }
    const args = parseSeedArgs(demoBatch);
    if ('command' in args) await runSeedCommand(client, args.command, print);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const { values } = parseCli(
    process.argv.slice(2),
    {
      once: { type: 'boolean' },
      'no-seed': { type: 'boolean' },
      'data-dir': { type: 'string' },
      'kpi-port': { type: 'string' },
      'pg-port': { type: 'string' },
      'clickhouse-port': { type: 'string' },
    },
    usage,
  );
  const kpiPort = positiveInteger('--kpi-port', values['kpi-port'] as string | undefined, 3000);
  const ports = {
    pgPort: positiveInteger('--pg-port', values['pg-port'] as string | undefined, 54329),
    clickhousePort: positiveInteger('--clickhouse-port', values['clickhouse-port'] as string | undefined, 18123),
  };
  const keyGiven = Boolean(process.env.KPI_API_KEY);
  let engines: Engines | undefined;
  // From the first moment: a signal during startup stops the engines after the current step, never orphans them.
  const signals = watchStopSignals({
    onForce: () => {
      engines?.stack?.stopNow();
      process.exit(130);
    },
  });
  engines = await resolveEngines(resolve(String(values['data-dir'] ?? '.pg2ch')), ports);
  print(
    `Engines: ${engines.source} (PostgreSQL ${new URL(engines.env.PG_URL ?? '').host}, ClickHouse ${new URL(engines.env.CLICKHOUSE_URL ?? '').host})`,
  );
  const stack = engines.stack;
  const stop = async () => {
    await stack?.stop();
  };
  try {
    stopIfRequested(signals);
    const config = readConfig({ ...process.env, ...engines.env });
    // The embedded engines (or a stack of ours) hold the demo source; a given PostgreSQL is the user's: never altered.
    const ownsSource = engines.source !== 'environment';
    await setUpDatabases(config, { postgres: ownsSource });
    await stack?.enableReader();
    const written = stack ? writeStackDotEnv('.env', stack.env) : {};
    // The KPI function served below reads its configuration from this process's environment.
    Object.assign(process.env, engines.env, written);
    stopIfRequested(signals);
    if (!ownsSource) print('PostgreSQL is given (PG_URL): pg2ch neither seeds it nor changes its schema.');
    else if (!values['no-seed']) await seedIfEmpty(config.pgUrl);
    stopIfRequested(signals);
    const clickhouse = createClickhouse(config);
    try {
      print(`Syncing ${tableKeys().join(', ')}...`);
      await syncTables(tableKeys(), clickhouse, config, undefined, unlimitedBudget);
      print('Running the check query...');
      // The original check's four figures without its impressions × clicks join (sql/checks/fast_check.sql).
      const result = await clickhouse.query({ query: fastCheck, format: 'JSONCompactEachRow' });
      const [[campaigns, advertisers, impressions, clicks] = []] = await result.json<string[]>();
      print(`Check: ${campaigns} campaigns, ${advertisers} advertisers, ${impressions} impressions, ${clicks} clicks`);
      stopIfRequested(signals);
      if (values.once) return await stop();
      process.env.KPI_API_KEY ||= ensureLocalSecrets('.env').KPI_API_KEY;
      const kpi = await startKpiServer({ port: kpiPort });
      const key = keyGiven ? '$KPI_API_KEY' : fromDotEnv('KPI_API_KEY');
      // The one place a key is printed: the dashboard URL carries the locally generated key in its fragment, which
      // the browser never sends to a server. A key the user set is never printed.
      print(
        keyGiven
          ? `Dashboard: ${kpi.url}/dashboard (add #key=<your KPI_API_KEY> to the URL)`
          : `Dashboard: ${kpi.url}/dashboard#key=${encodeURIComponent(process.env.KPI_API_KEY ?? '')}`,
      );
      print(
        `KPI API: ${kpi.url}/kpi/campaigns-ctr (header x-api-key: KPI_API_KEY ${keyGiven ? 'you set' : 'in .env'})`,
      );
      print(`  curl -H "x-api-key: ${key}" ${kpi.url}/kpi/daily-impressions-clicks`);
      const stopSchedule = scheduleSyncs((table) => syncTables([table], clickhouse, config));
      print('Syncing on schedule (each table on its schedule in tables.json). Ctrl-C stops.');
      const signal = await signals.next;
      print(`\n${signal}: finishing running syncs and stopping...`);
      await stopSchedule();
      await kpi.close();
    } finally {
      await clickhouse.close();
    }
    await stop();
    print('Stopped.');
  } catch (error) {
    await stop();
    if (!(error instanceof StopRequestedError)) throw error;
    print(`\n${error.signal}: stopped.`);
  } finally {
    signals.dispose();
  }
}

runCli('npm start', main);
