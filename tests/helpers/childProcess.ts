import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const tsxLoader = import.meta.resolve('tsx');
const sqlLoader = new URL('../../lib/loader/register.mjs', import.meta.url).href;

/**
 * Spawns one of the project's TypeScript CLIs (lib/cli/<name>.ts) the way the npm scripts do.
 * `cwd` defaults to the project root; paths are absolute so any working directory works.
 */
function spawnCli(name: string, args: string[], env: Record<string, string> = {}, cwd = projectRoot): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', tsxLoader, '--import', sqlLoader, `${projectRoot}lib/cli/${name}.ts`, ...args],
    { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/**
 * Waits for a child to exit; resolves with its exit code (null when killed by a signal) and output once its output
 * pipes close, or `closeGraceMs` after the exit when given (a process the child left behind may hold them open).
 */
function waitForExit(
  child: ChildProcess,
  closeGraceMs?: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
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
    if (closeGraceMs !== undefined) {
      child.on('exit', (code) => setTimeout(() => resolve({ code, stdout, stderr }), closeGraceMs).unref());
    }
  });
}

/** Resolves with the child's stdout so far once a line matches `pattern`; rejects if it exits first. */
function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`no output matching ${pattern} within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(output);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited (${code}) before output matching ${pattern}:\n${output}`));
    });
  });
}

export { projectRoot, spawnCli, waitForExit, waitForOutput };
