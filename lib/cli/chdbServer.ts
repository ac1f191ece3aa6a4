// Runs the chDB-backed ClickHouse HTTP endpoint in the foreground: `npm run clickhouse -- --data-dir DIR`.
// Prints the URL (password masked) as the first stdout line, request logs go to stderr; Ctrl-C / SIGTERM close it.
import { UsageError } from '../errors.ts';
import { startChdbServer } from '../local/clickhouse/chdbServer.ts';
import { ensureLocalSecrets } from '../local/dotEnv.ts';
import { maskUrl } from './banner.ts';
import { parseCli, runCli } from './cliSupport.ts';
import { watchStopSignals } from './stopSignals.ts';

const usage = `
Usage: npm run clickhouse -- --data-dir DIR [--port N] [--quiet]

Serves the ClickHouse HTTP interface from chDB on 127.0.0.1 for local tools only: user "default" with the
password LOCAL_CLICKHOUSE_PASSWORD (from the environment, else from .env, generated there when missing);
requests carrying an Origin header or a Host other than 127.0.0.1, localhost or [::1] are refused.
Prints the URL with the password masked (http://default:****@127.0.0.1:PORT) on stdout when ready.

  --data-dir DIR  chDB data directory (created if missing; one process per directory)
  --port N        port to listen on (default 0: a free port)
  --quiet         no per-request log lines on stderr
  -h, --help      show this help
`;

function readPort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new UsageError('--port', `--port must be 0-65535, got "${value}"`);
  return port;
}

async function main(): Promise<void> {
  const options = { 'data-dir': { type: 'string' }, port: { type: 'string' }, quiet: { type: 'boolean' } } as const;
  const { values } = parseCli(process.argv.slice(2), options, usage);
  const dataDir = values['data-dir'];
  if (typeof dataDir !== 'string' || dataDir === '') throw new UsageError('--data-dir', '--data-dir is required');
  const signals = watchStopSignals();
  const fromEnvironment = process.env.LOCAL_CLICKHOUSE_PASSWORD;
  const password = fromEnvironment || ensureLocalSecrets('.env').LOCAL_CLICKHOUSE_PASSWORD;
  const onLog = values.quiet ? undefined : (line: string) => process.stderr.write(`${line}\n`);
  const port = readPort(values.port as string | undefined);
  const server = await startChdbServer({ dataDir, port, password, onLog });
  process.stdout.write(`${maskUrl(server.url)}\n`);
  process.stdout.write(`password: LOCAL_CLICKHOUSE_PASSWORD ${fromEnvironment ? 'from the environment' : 'in .env'}\n`);
  await signals.next;
  await server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}

runCli('npm run clickhouse', main);
