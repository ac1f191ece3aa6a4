import { type ChildProcess, spawn } from 'node:child_process';

/** Spawns one of the project's TypeScript CLIs (lib/cli/<name>.ts) the way the npm scripts do. */
function spawnCli(name: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', '--import', './lib/loader/register.mjs', `lib/cli/${name}.ts`, ...args],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** Waits for a child to exit; resolves with its exit code (null when killed by a signal) and output. */
function waitForExit(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export { spawnCli, waitForExit };
