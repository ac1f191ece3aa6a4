import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './childProcess.ts';

/** What a copy of the project needs to run its CLIs and `serverless`; node_modules is linked, not copied. */
const projectFiles = [
  'lib',
  'sql',
  'handlers',
  'dashboard',
  'types',
  'tables.json',
  'package.json',
  'tsconfig.json',
  'serverless.yml',
  'esbuild.plugins.cjs',
];

/** A copy of the project in a temp dir, so a test can run `npm run add-table` (which writes files) safely. */
interface ProjectCopy {
  readonly dir: string;
  /** Spawns lib/cli/<name>.ts of the copy, in the copy, the way the npm scripts do. */
  cli(name: string, args: string[], env?: Record<string, string>): ChildProcess;
  remove(): void;
}

function copyProject(): ProjectCopy {
  const dir = mkdtempSync(join(tmpdir(), 'pg2ch-project-'));
  for (const file of projectFiles) cpSync(join(projectRoot, file), join(dir, file), { recursive: true });
  symlinkSync(join(projectRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return {
    dir,
    cli: (name, args, env = {}) =>
      spawn(
        process.execPath,
        ['--import', 'tsx', '--import', './lib/loader/register.mjs', `lib/cli/${name}.ts`, ...args],
        { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export type { ProjectCopy };
export { copyProject };
