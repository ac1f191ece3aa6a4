import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = ['--import', 'tsx', '--import', './lib/loader/register.mjs', 'lib/cli/chdbServer.ts'];

/** A ClickHouse HTTP endpoint in a child process (lib/cli/chdbServer.ts) that a test can stop and restart. */
interface ChdbEndpoint {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
}

/**
 * Starts the endpoint on `dataDir` (one process per directory) and waits for the URL it prints.
 * `port` 0 picks a free one; pass the previous port to restart at the same URL.
 */
async function startEndpoint(dataDir: string, port = 0): Promise<ChdbEndpoint> {
  const child = spawn(process.execPath, [...cli, '--data-dir', dataDir, '--port', String(port), '--quiet'], {
    cwd: root,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk) => {
      stdout += String(chunk);
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('http://'));
      if (line !== undefined) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`endpoint exited with ${code}: ${stderr}`)));
  });
  return { url, port: Number(new URL(url).port), child };
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
