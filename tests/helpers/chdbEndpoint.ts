import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { generateSecret } from '../../lib/local/dotEnv.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = ['--import', 'tsx', '--import', './lib/loader/register.mjs', 'lib/cli/chdbServer.ts'];

/** A ClickHouse HTTP endpoint in a child process (lib/cli/chdbServer.ts) that a test can stop and restart. */
interface ChdbEndpoint {
  /** `http://default:<password>@127.0.0.1:<port>`, ready for createClient({ url }). */
  readonly url: string;
  readonly port: number;
  /** The password the endpoint requires (LOCAL_CLICKHOUSE_PASSWORD of the child). */
  readonly password: string;
  /** The first line the CLI printed (its URL, password masked). */
  readonly printed: string;
  readonly child: ChildProcess;
}

/**
 * Starts the endpoint on `dataDir` (one process per directory) with `password` (default: a new random one) and
 * waits for the URL it prints. `port` 0 picks a free one; pass the previous port and password to restart at the
 * same URL.
 */
async function startEndpoint(dataDir: string, port = 0, password = generateSecret()): Promise<ChdbEndpoint> {
  const child = spawn(process.execPath, [...cli, '--data-dir', dataDir, '--port', String(port), '--quiet'], {
    cwd: root,
    env: { ...process.env, LOCAL_CLICKHOUSE_PASSWORD: password },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const printed = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk) => {
      stdout += String(chunk);
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('http://'));
      if (line !== undefined) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`endpoint exited with ${code}: ${stderr}`)));
  });
  const url = new URL(printed);
  url.password = password;
  return { url: url.toString().replace(/\/$/, ''), port: Number(url.port), password, printed, child };
}

/**
 * Stops the endpoint with `signal` (SIGKILL: a crash) and waits for the process to exit.
 * @returns its exit code (null when a signal ended it).
 */
async function stopEndpoint(endpoint: ChdbEndpoint, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (endpoint.child.exitCode !== null || endpoint.child.signalCode !== null) return endpoint.child.exitCode;
  const exited = once(endpoint.child, 'exit');
  endpoint.child.kill(signal);
  const [code] = await exited;
  return code as number | null;
}

export type { ChdbEndpoint };
export { startEndpoint, stopEndpoint };
