// Section: `npm start` on a fresh clone, from the command to the printed check line; and the check query itself.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastCheck from '../sql/checks/fast_check.sql';
import originalCheck from '../sql/checks/original_check.sql';
import { round, summarize, timed } from './measure.ts';
import { loadedDatabase } from './prepare.ts';
import type { BenchContext } from './section.ts';

const target = 20_000;
const projectRoot = fileURLToPath(new URL('../', import.meta.url));
const defaults = { fastSamples: 5, maxReps: 2 };

const method =
  'start: lib/cli/start.ts --once (what npm start runs, with free ports) in an empty working directory with a fresh ' +
  'data directory and no PG_URL/CLICKHOUSE_URL, as on a fresh clone: starts the embedded PostgreSQL and ClickHouse, ' +
  'applies both schemas, seeds the demo data set (1M impressions, 80k clicks), runs the four syncs and prints the ' +
  'check line; timed from the spawn to that line. npm itself adds its start-up (npmMs: `npm pkg get name`). check: ' +
  'the original check query (sql/checks/original_check.sql, once) and the fast one npm start prints ' +
  '(sql/checks/fast_check.sql) on the smallest synced table of the bench, with their results.';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs start --once in a fresh directory; resolves with the time to the check line and that line. */
async function timeStart(quick: boolean): Promise<{ ms: number; line: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'pg2ch-bench-start-'));
  const { PG_URL: _p, CLICKHOUSE_URL: _c, PG_URL_FOR_CLICKHOUSE: _r, KPI_API_KEY: _k, ...env } = process.env;
  const ports = ['--pg-port', String(await freePort()), '--clickhouse-port', String(await freePort())];
  const args = ['--once', '--data-dir', join(dir, 'data'), ...ports, '--kpi-port', String(await freePort())];
  const startedAt = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...['--import', import.meta.resolve('tsx'), '--import', `${projectRoot}lib/loader/register.mjs`],
      `${projectRoot}lib/cli/start.ts`,
      ...args,
      ...(quick ? ['--no-seed'] : []),
    ],
    { cwd: dir, env: { ...env, UV_THREADPOOL_SIZE: '16' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    return await new Promise((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = /^Check: .*$/m.exec(output)?.[0];
        if (line) resolve({ ms: performance.now() - startedAt, line });
      });
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before its check line:\n${output}`)));
    });
  } finally {
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function timeNpm(): Promise<number> {
  const { ms } = await timed(
    () =>
      new Promise((resolve, reject) => {
        const child = spawn('npm', ['pkg', 'get', 'name'], { cwd: projectRoot, stdio: 'ignore' });
        child.once('exit', resolve);
        child.once('error', reject);
      }),
  );
  return round(ms);
}

async function measureCheck(ctx: BenchContext) {
  const db = await loadedDatabase(ctx, ctx.options.sizes[0] ?? 0);
  const run = async (query: string) => {
    const result = await db.clickhouse.query({ query, format: 'JSONCompactEachRow' });
    return JSON.stringify(await result.json());
  };
  const original = await timed(() => run(originalCheck));
  const fast: number[] = [];
  let fastResult = '';
  for (let call = 0; call < defaults.fastSamples; call += 1) {
    const { ms, value } = await timed(() => run(fastCheck));
    fast.push(ms);
    fastResult = value;
  }
  return {
    impressions: ctx.options.sizes[0],
    originalMs: round(original.ms),
    fastMs: summarize(fast),
    originalResult: original.value,
    fastResult,
    same: original.value === fastResult,
  };
}

async function measureStart(ctx: BenchContext): Promise<Record<string, unknown>> {
  const check = await measureCheck(ctx);
  ctx.progress(`start: check query original ${check.originalMs} ms, fast ${check.fastMs.median} ms`);
  const samples: number[] = [];
  let line = '';
  for (let rep = 0; rep < Math.min(ctx.options.reps, defaults.maxReps); rep += 1) {
    const run = await timeStart(ctx.options.quick);
    ctx.progress(`start: ${Math.round(run.ms)} ms to "${run.line}"`);
    samples.push(run.ms);
    line = run.line;
  }
  const time = summarize(samples);
  return {
    method,
    time,
    npmMs: await timeNpm(),
    line,
    check,
    target: `≤ ${target / 1000} s`,
    met: time.median <= target,
  };
}

export { measureStart };
