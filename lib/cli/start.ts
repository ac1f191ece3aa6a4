import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';
import originalCheck from '../../sql/checks/original_check.sql';
import { createClickhouse } from '../clickhouse.ts';
import { readConfig } from '../config.ts';
import { writeStackDotEnv } from '../local/dotEnv.ts';
import { startKpiServer } from '../local/kpiServer.ts';
import { setUpDatabases } from '../migrate/setup.ts';
import { parseSeedArgs } from '../seed/args.ts';
import { runSeedCommand } from '../seed/run.ts';
import { tableKeys } from '../tables/registry.ts';
import { parseCli, positiveInteger, runCli } from './cliSupport.ts';
import { resolveEngines } from './engines.ts';
import { scheduleSyncs } from './schedule.ts';
import { syncTables } from './syncRunner.ts';

const usage = `
Usage: npm start [-- --once] [--no-seed] [--data-dir DIR] [--kpi-port N]

Runs the whole pipeline: starts the embedded PostgreSQL and ClickHouse (or uses PG_URL / CLICKHOUSE_URL,
or a \`npm run stack\` already running), applies both schemas, seeds the demo data set when the source is
empty (10 advertisers x 10 campaigns x 10,000 impressions, CTR 0.08), runs the four syncs at once, prints
the original check query's result, then keeps syncing on schedule (clicks and impressions every minute,
campaign and advertiser every 5 minutes) and serves the KPI API on http://127.0.0.1:3000 until Ctrl-C.

Options:
  --once            stop after the first syncs and the check query
  --no-seed         never seed, even when the source is empty
  --data-dir DIR    data directory of the embedded engines (default .pg2ch)
  --kpi-port N      port of the local KPI API (default 3000)
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
    },
    usage,
  );
  const kpiPort = positiveInteger('--kpi-port', values['kpi-port'] as string | undefined, 3000);
  const engines = await resolveEngines(resolve(String(values['data-dir'] ?? '.pg2ch')));
  print(
    `Engines: ${engines.source} (PostgreSQL ${new URL(engines.env.PG_URL ?? '').host}, ClickHouse ${new URL(engines.env.CLICKHOUSE_URL ?? '').host})`,
  );
  const stop = async () => {
    await engines.stack?.stop();
  };
  try {
    const config = readConfig({ ...process.env, ...engines.env });
    // The embedded engines (or a stack of ours) hold the demo source; a given PostgreSQL is the user's: never altered.
    const ownsSource = engines.source !== 'environment';
    await setUpDatabases(config, { postgres: ownsSource });
    await engines.stack?.enableReader();
    const written = engines.stack ? writeStackDotEnv('.env', engines.stack.env) : {};
    // The KPI function served below reads its configuration from this process's environment.
    Object.assign(process.env, engines.env, written);
    process.env.KPI_API_KEY ||= randomBytes(24).toString('base64url');
    if (!ownsSource) print('PostgreSQL is given (PG_URL): pg2ch neither seeds it nor changes its schema.');
    else if (!values['no-seed']) await seedIfEmpty(config.pgUrl);
    const clickhouse = createClickhouse(config);
    print('Syncing all four tables...');
    await syncTables(tableKeys(), clickhouse, config);
    print('Running the check query...');
    const result = await clickhouse.query({ query: originalCheck, format: 'JSONCompactEachRow' });
    const [[campaigns, advertisers, impressions, clicks] = []] = await result.json<string[]>();
    print(`Check: ${campaigns} campaigns, ${advertisers} advertisers, ${impressions} impressions, ${clicks} clicks`);
    if (values.once) {
      await clickhouse.close();
      return stop();
    }
    const kpi = await startKpiServer({ port: kpiPort });
    print(`Dashboard: ${kpi.url}/dashboard#key=${encodeURIComponent(process.env.KPI_API_KEY ?? '')}`);
    print(`KPI API: ${kpi.url}/kpi/campaigns-ctr (header x-api-key: ${process.env.KPI_API_KEY})`);
    print(`  curl -H 'x-api-key: ${process.env.KPI_API_KEY}' ${kpi.url}/kpi/daily-impressions-clicks`);
    const stopSchedule = scheduleSyncs((table) => syncTables([table], clickhouse, config));
    print(
      'Syncing on schedule (clicks, impressions: every minute; campaign, advertiser: every 5 minutes). Ctrl-C stops.',
    );
    await new Promise<void>((done) => {
      const shutdown = (signal: string) => {
        print(`\n${signal}: finishing running syncs and stopping...`);
        void stopSchedule().then(done);
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
    await kpi.close();
    await clickhouse.close();
    await stop();
    print('Stopped.');
  } catch (error) {
    await stop();
    throw error;
  }
}

runCli('npm start', main);
