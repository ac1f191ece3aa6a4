import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot, waitForExit } from '../helpers/childProcess.ts';

const workDir = mkdtempSync(join(tmpdir(), 'pg2ch-bench-test-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Runs `npm run bench -- …args` the way the npm script does, on its own embedded engines (no PG_URL/CLICKHOUSE_URL). */
function runBench(args: string[]) {
  const { PG_URL: _pg, CLICKHOUSE_URL: _clickhouse, ...env } = process.env;
  const child = spawn(
    process.execPath,
    [
      '--import',
      import.meta.resolve('tsx'),
      '--import',
      `${projectRoot}lib/loader/register.mjs`,
      `${projectRoot}bench/run.ts`,
      ...args,
    ],
    { cwd: projectRoot, env: { ...env, UV_THREADPOOL_SIZE: '16' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return waitForExit(child);
}

describe('npm run bench', () => {
  it('runs every section on a tiny size, exits 0 and writes results with all eleven sections', async () => {
    // Prepare
    const out = join(workDir, 'results.json');
    // Act
    const { code, stdout, stderr } = await runBench(['--quick', '--out', out]);
    // Assess
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    expect(existsSync(out)).toBe(true);
    const results = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.keys(results.sections)).toEqual([
      'initialLoad',
      'overhead',
      'catchUp',
      'backfill',
      'incremental',
      'reread',
      'kpi',
      'kpiScale',
      'start',
      'generator',
      'footprint',
    ]);
    for (const section of Object.values(results.sections) as { status: string }[]) expect(section.status).toBe('ok');
    expect(results.machine).toMatchObject({ nproc: expect.any(Number), node: process.version });
    expect(stdout).toContain('1. Initial load');
  }, 300_000);

  it('prints its usage for --help and exits 2 naming a bad flag', async () => {
    // Act
    const help = await runBench(['--help']);
    const bad = await runBench(['--reps', 'many']);
    // Assess
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run bench');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--reps');
  }, 60_000);
});
