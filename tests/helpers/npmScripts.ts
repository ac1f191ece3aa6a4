import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './childProcess.ts';

const linked = ['node_modules', 'lib', 'sql', 'handlers', 'tsconfig.json'];

/**
 * A directory that runs the project's npm scripts exactly as written in package.json (a copy of it, the code
 * linked), so a script that writes `.env` or `.pg2ch/` in its working directory writes them here, not in the
 * project.
 */
function mirrorProject(dir: string): string {
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(projectRoot, 'package.json'), join(dir, 'package.json'));
  for (const name of linked) symlinkSync(join(projectRoot, name), join(dir, name));
  return dir;
}

/**
 * Runs `npm run <script> -- <args>` in `dir` in a process group of its own (so a test can also signal the group,
 * as a terminal's Ctrl-C does), without the PG_URL/CLICKHOUSE_URL of the test run.
 */
function spawnNpmScript(dir: string, script: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const inherited = Object.entries(process.env).filter(
    ([key]) => !key.startsWith('npm_') && !['PG_URL', 'PG_URL_FOR_CLICKHOUSE', 'CLICKHOUSE_URL'].includes(key),
  );
  return spawn('npm', ['run', '--silent', script, '--', ...args], {
    cwd: dir,
    detached: true,
    env: { ...Object.fromEntries(inherited), npm_config_update_notifier: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Sends SIGKILL to the process group `pid` leads (a test's npm and whatever it left), if any is left. */
function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Nothing left in the group.
  }
}

/** Pids whose parent is `pid` (Linux /proc). */
function childPids(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      const stat = existsSync(`/proc/${name}/stat`) ? readFileSync(`/proc/${name}/stat`, 'utf8') : '';
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return ppid === pid ? [Number(name)] : [];
    });
}

/** The first process below `pid` (children first, then their children) whose name is `name`. */
function findDescendant(pid: number, name: string): number | undefined {
  const queue = childPids(pid);
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (processName(next) === name) return next;
    queue.push(...childPids(next));
  }
  return undefined;
}

/** The command name of `pid`, or undefined once it is gone (a zombie counts as gone). */
function processName(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\) Z /.test(stat)) return undefined;
    return stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  } catch {
    return undefined;
  }
}

export { findDescendant, killGroup, mirrorProject, processName, spawnNpmScript };
