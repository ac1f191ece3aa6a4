import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { waitForExit, waitForOutput } from '../helpers/childProcess.ts';
import { freePort } from '../helpers/freePort.ts';
import { findDescendant, killGroup, mirrorProject, processName, spawnNpmScript } from '../helpers/npmScripts.ts';

// The process a user or a supervisor signals is npm itself (`kill <pid>`, systemd, a container's stop), not the
// process group a terminal's Ctrl-C reaches. These tests run the real npm scripts and signal only the npm pid.
const workDir = mkdtempSync(join(tmpdir(), 'pg2ch-lifecycle-'));
chmodSync(workDir, 0o755); // PostgreSQL runs as the OS user "postgres" when tests run as root
const started: ChildProcess[] = [];

afterEach(() => {
  // A failed test must not leave its npm, node or PostgreSQL running: kill what is left of the group it started.
  for (const child of started.splice(0)) killGroup(child.pid);
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

interface Running {
  readonly npm: ChildProcess;
  readonly exited: ReturnType<typeof waitForExit>;
  readonly node: number;
  readonly postgres: number;
  readonly dataDir: string;
}

/** Runs an npm script in a fresh mirror of the project until its output matches `ready`. */
async function runScript(script: string, args: string[], ready: RegExp, prepare?: (dir: string) => void) {
  const dir = mirrorProject(mkdtempSync(join(workDir, `${script}-`)));
  chmodSync(dir, 0o755);
  prepare?.(dir);
  const dataDir = join(dir, 'data');
  const ports = ['--pg-port', String(await freePort()), '--clickhouse-port', String(await freePort())];
  const npm = spawnNpmScript(dir, script, ['--data-dir', dataDir, ...ports, ...args]);
  started.push(npm);
  const exited = waitForExit(npm, 2_000); // an orphan left by npm would hold its output pipes open
  await waitForOutput(npm, ready, 120_000);
  const node = findDescendant(npm.pid ?? 0, 'node');
  const postgres = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  return { npm, exited, node: node ?? 0, postgres, dataDir } satisfies Running;
}

/** What is left of a run after npm exited: its processes and the data directories' locks. */
function leftovers(run: Running) {
  const clickhouseLock = join(run.dataDir, 'clickhouse', 'status');
  const clickhouseLocked = (() => {
    try {
      execFileSync('flock', ['--nonblock', clickhouseLock, 'true']);
      return false;
    } catch {
      return true;
    }
  })();
  return {
    node: processName(run.node) ?? 'gone',
    postgres: processName(run.postgres) ?? 'gone',
    postmasterPid: existsSync(join(run.dataDir, 'postgres', 'postmaster.pid')) ? 'present' : 'removed',
    clickhouseLocked,
  };
}

const clean = { node: 'gone', postgres: 'gone', postmasterPid: 'removed', clickhouseLocked: false };

describe('npm run stack', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops node and PostgreSQL and releases the data directories when npm itself receives ${signal}`, async () => {
      // Prepare
      const run = await runScript('stack', [], /Press Ctrl-C to stop/);
      const before = { node: processName(run.node), postgres: processName(run.postgres) };
      // Act
      process.kill(run.npm.pid ?? 0, signal);
      const { code, stdout } = await run.exited;
      // Assess
      expect(before).toEqual({ node: 'node', postgres: 'postgres' });
      expect({ code, leftovers: leftovers(run) }).toEqual({ code: 0, leftovers: clean });
      expect(stdout).toContain(`${signal}: stopping PostgreSQL and ClickHouse...`);
      expect(stdout).toContain('Stopped. Data kept in the data directory.');
    }, 180_000);
  }

  it('stops cleanly on a terminal Ctrl-C, which reaches the whole process group and node twice', async () => {
    // Prepare
    const run = await runScript('stack', [], /Press Ctrl-C to stop/);
    // Act
    process.kill(-(run.npm.pid ?? 0), 'SIGINT');
    const { code, stdout } = await run.exited;
    // Assess
    expect({ code, leftovers: leftovers(run) }).toEqual({ code: 0, leftovers: clean });
    expect(stdout).toContain('Stopped. Data kept in the data directory.');
  }, 180_000);
});

describe('npm start', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops node and PostgreSQL and releases the data directories when npm itself receives ${signal}`, async () => {
      // Prepare
      const kpiPort = String(await freePort());
      const run = await runScript('start', ['--no-seed', '--kpi-port', kpiPort], /Syncing on schedule/);
      // Act
      process.kill(run.npm.pid ?? 0, signal);
      const { code, stdout } = await run.exited;
      // Assess
      expect({ code, leftovers: leftovers(run) }).toEqual({ code: 0, leftovers: clean });
      expect(stdout).toContain(`${signal}: finishing running syncs and stopping...`);
      expect(stdout).toContain('Stopped.');
    }, 180_000);
  }

  it('stops cleanly when npm receives SIGTERM during startup, before the first sync', async () => {
    // Prepare: the engines are up, the schemas not applied yet
    const run = await runScript('start', ['--no-seed', '--once'], /Engines: embedded/);
    // Act
    process.kill(run.npm.pid ?? 0, 'SIGTERM');
    const { code, stdout } = await run.exited;
    // Assess
    expect({ code, leftovers: leftovers(run) }).toEqual({ code: 0, leftovers: clean });
    expect(stdout).toContain('SIGTERM: stopped.');
    expect(stdout).not.toContain('Check:');
  }, 180_000);

  it('probes a stack named in .env that is not running without a warning, then starts its own engines', async () => {
    // Prepare: .env names the test run's PostgreSQL (it answers) and a ClickHouse port nobody listens on
    const dotEnv = `PG_URL=${process.env.PG_URL}\nCLICKHOUSE_URL=http://default:x@127.0.0.1:${await freePort()}\n`;
    // Act
    const run = await runScript('start', ['--no-seed', '--once'], /Engines: embedded/, (dir) =>
      writeFileSync(join(dir, '.env'), dotEnv),
    );
    const { code, stdout, stderr } = await run.exited;
    // Assess
    expect({ code, leftovers: leftovers(run) }).toEqual({ code: 0, leftovers: clean });
    expect(stdout).toContain('Check: 0 campaigns, 0 advertisers, 0 impressions, 0 clicks');
    expect(`${stdout}${stderr}`).not.toMatch(/WARN|ECONNREFUSED/);
  }, 180_000);
});
