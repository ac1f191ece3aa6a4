import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@clickhouse/client';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { readDotEnv } from '../../lib/local/dotEnv.ts';
import { spawnCli, waitForExit, waitForOutput } from '../helpers/childProcess.ts';
import { freePort } from '../helpers/freePort.ts';

const workDir = mkdtempSync(join(tmpdir(), 'pg2ch-stack-test-'));
chmodSync(workDir, 0o755);
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Starts `npm run stack` in workDir, runs `use` with its .env values, then stops it with SIGINT. */
async function withStack<T>(args: string[], use: (env: Record<string, string>) => Promise<T>) {
  const ports = ['--pg-port', String(await freePort()), '--clickhouse-port', String(await freePort())];
  const child = spawnCli('stack', ['--data-dir', join(workDir, 'data'), ...ports, ...args], {}, workDir);
  const exited = waitForExit(child);
  await waitForOutput(child, /Press Ctrl-C to stop/, 90_000);
  try {
    return { result: await use(readDotEnv(join(workDir, '.env'))), exited };
  } finally {
    child.kill('SIGINT');
  }
}

async function markerCounts(env: Record<string, string>) {
  const client = new pg.Client({ connectionString: env.PG_URL });
  await client.connect();
  const clickhouse = createClient({ url: env.CLICKHOUSE_URL });
  try {
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM advertiser WHERE name = 'marker'",
    );
    const result = await clickhouse.query({ query: 'SELECT count() AS n FROM sync_state', format: 'JSONEachRow' });
    const [row] = await result.json<{ n: string | number }>();
    return { postgres: rows[0]?.n, clickhouse: Number(row?.n) };
  } finally {
    await client.end();
    await clickhouse.close();
  }
}

async function writeMarkers(env: Record<string, string>) {
  const client = new pg.Client({ connectionString: env.PG_URL });
  await client.connect();
  const clickhouse = createClient({ url: env.CLICKHOUSE_URL });
  try {
    await client.query("INSERT INTO advertiser (name) VALUES ('marker')");
    await clickhouse.command({
      query: "INSERT INTO sync_state (table_name, mode, finished_at) VALUES ('marker', 'full', now64(3))",
    });
  } finally {
    await client.end();
    await clickhouse.close();
  }
}

describe('npm run stack', () => {
  it('writes .env, keeps data across two restarts on the same directory, and starts empty with --fresh', async () => {
    // Prepare: a .env the user already had, readable by everyone, with a line of their own
    writeFileSync(join(workDir, '.env'), '# mine\nMY_SETTING=kept\n', { mode: 0o644 });
    chmodSync(join(workDir, '.env'), 0o644);
    // Act: first start writes data
    const first = await withStack([], async (env) => {
      expect(Object.keys(env).sort()).toEqual(
        [
          'CLICKHOUSE_DATABASE',
          'CLICKHOUSE_URL',
          'KPI_API_KEY',
          'LOCAL_CLICKHOUSE_PASSWORD',
          'MY_SETTING',
          'PG_URL',
          'PG_URL_FOR_CLICKHOUSE',
        ].sort(),
      );
      await writeMarkers(env);
      return env;
    });
    expect((await first.exited).code).toBe(0);
    const second = await withStack([], markerCounts);
    const third = await withStack([], markerCounts);
    const fresh = await withStack(['--fresh'], markerCounts);
    // Assess
    expect(second.result).toEqual({ postgres: 1, clickhouse: 1 });
    expect(third.result).toEqual({ postgres: 1, clickhouse: 1 });
    expect(fresh.result).toEqual({ postgres: 0, clickhouse: 0 });
    for (const run of [second, third, fresh]) expect((await run.exited).code).toBe(0);
    const env = readDotEnv(join(workDir, '.env'));
    expect([env.KPI_API_KEY, env.LOCAL_CLICKHOUSE_PASSWORD]).toEqual([
      first.result.KPI_API_KEY,
      first.result.LOCAL_CLICKHOUSE_PASSWORD,
    ]);
    expect(new URL(env.CLICKHOUSE_URL ?? '').password).toBe(env.LOCAL_CLICKHOUSE_PASSWORD);
    expect(readFileSync(join(workDir, '.env'), 'utf8')).toMatch(/^# mine\nMY_SETTING=kept\n/);
    expect(readFileSync(join(workDir, '.env'), 'utf8')).toContain('PG_URL_FOR_CLICKHOUSE=postgres://pg2ch_reader:');
    expect(statSync(join(workDir, '.env')).mode & 0o777).toBe(0o600);
  }, 240_000);

  it('prints its banner with every password and key masked', async () => {
    // Act
    const { result: env, exited } = await withStack([], async (values) => values);
    const { stdout } = await exited;
    // Assess
    const secrets = [
      env.KPI_API_KEY,
      env.LOCAL_CLICKHOUSE_PASSWORD,
      new URL(env.PG_URL ?? '').password,
      new URL(env.PG_URL_FOR_CLICKHOUSE ?? '').password,
    ];
    for (const secret of secrets) expect(secret && stdout.includes(secret), secret).toBe(false);
    expect(stdout).toMatch(/ {2}CLICKHOUSE_URL=http:\/\/default:\*\*\*\*@127\.0\.0\.1:\d+\n/);
    expect(stdout).toMatch(/ {2}PG_URL=postgres:\/\/postgres:\*\*\*\*@127\.0\.0\.1:\d+\/pg2ch\n/);
    expect(stdout).toContain('  KPI_API_KEY=****\n');
  }, 120_000);

  it('is found by npm start, which then uses it with the password from .env instead of starting engines', async () => {
    // Act
    const { result } = await withStack([], async () => {
      // No PG_URL / CLICKHOUSE_URL in the environment: npm start reads .env and probes it
      return waitForExit(spawnCli('start', ['--once', '--no-seed'], { PG_URL: '', CLICKHOUSE_URL: '' }, workDir));
    });
    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Engines: running stack');
    expect(result.stdout).toContain('Check: 0 campaigns, 0 advertisers, 0 impressions, 0 clicks');
  }, 120_000);

  it('exits 2 naming the flag when a port is not a number', async () => {
    // Act
    const { code, stderr } = await waitForExit(spawnCli('stack', ['--pg-port', 'abc'], {}, workDir));
    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain('--pg-port must be a positive integer, got "abc"');
    expect(stderr).not.toContain('    at ');
  });
});
