// Runs the chDB-backed ClickHouse HTTP endpoint in the foreground: `npm run clickhouse -- --data-dir DIR`.
// Prints the URL as the first stdout line, request logs go to stderr; Ctrl-C / SIGTERM close it cleanly.
import { UsageError } from '../errors.ts';
import { startChdbServer } from '../local/clickhouse/chdbServer.ts';
import { parseCli, runCli } from './cliSupport.ts';

const usage = `
Usage: npm run clickhouse -- --data-dir DIR [--port N] [--quiet]

Serves the ClickHouse HTTP interface from chDB on 127.0.0.1 (user "default", no password).
Prints the URL (http://default:@127.0.0.1:PORT) on stdout when ready.

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
  const onLog = values.quiet ? undefined : (line: string) => process.stderr.write(`${line}\n`);
  const server = await startChdbServer({ dataDir, port: readPort(values.port as string | undefined), onLog });
  process.stdout.write(`${server.url}\n`);
  let signals = 0;
  const stop = () => {
    signals += 1;
    if (signals > 1) process.exit(130);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

runCli('npm run clickhouse', main);
