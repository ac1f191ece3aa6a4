// The local ClickHouse endpoint in a process of its own (`npm run clickhouse`), next to the bench's in-process one:
// the second path the initial-load section measures (requests cross a process boundary; chDB has its own process).
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateSecret } from '../lib/local/dotEnv.ts';

interface SeparateEndpoint {
  /** `http://default:<password>@127.0.0.1:<port>` */
  readonly url: string;
  stop(): Promise<void>;
}

const projectRoot = fileURLToPath(new URL('../', import.meta.url));

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const port = /127\.0\.0\.1:(\d+)/.exec(output)?.[1];
      if (port) resolve(port);
    });
    child.once('exit', (code) => reject(new Error(`the ClickHouse endpoint exited (${code}) before it was ready`)));
  });
}

/** Starts `lib/cli/chdbServer.ts` on `dataDir` (a free port, a fresh password) and waits until it listens. */
async function startSeparateEndpoint(dataDir: string): Promise<SeparateEndpoint> {
  const password = generateSecret();
  const child = spawn(
    process.execPath,
    [
      ...['--import', import.meta.resolve('tsx'), '--import', `${projectRoot}lib/loader/register.mjs`],
      ...[`${projectRoot}lib/cli/chdbServer.ts`, '--data-dir', dataDir, '--quiet'],
    ],
    {
      cwd: dataDir.replace(/\/[^/]*$/, ''),
      env: { ...process.env, LOCAL_CLICKHOUSE_PASSWORD: password, UV_THREADPOOL_SIZE: '16' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await waitForUrl(child);
  return {
    url: `http://default:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export type { SeparateEndpoint };
export { startSeparateEndpoint };
