import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningPostgres, startEmbeddedPostgres } from '../../lib/local/postgres/server.ts';

const modulePath = new URL('../../lib/local/postgres/server.ts', import.meta.url).pathname;
let baseDir: string;
let running: RunningPostgres[] = [];
const leftovers: number[] = []; // child processes a failing test may leave behind

async function start(options: Parameters<typeof startEmbeddedPostgres>[0]): Promise<RunningPostgres> {
  const server = await startEmbeddedPostgres(options);
  running.push(server);
  return server;
}

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** True while `pid` exists and is not a zombie waiting to be reaped. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/\) Z /.test(stat);
}

/** Starts PostgreSQL in a child node process, as `npm start` would, and resolves once it prints its URL. */
function startInChild(dataDir: string): Promise<{ pid: number; url: string }> {
  const code = `import { startEmbeddedPostgres } from ${JSON.stringify(modulePath)};
    const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} });
    console.log(JSON.stringify({ url: server.url }));
    setInterval(() => {}, 60_000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: 'pipe' });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve({ pid: child.pid ?? 0, ...JSON.parse(chunk.toString()) }));
    child.once('exit', (exitCode) => reject(new Error(`child exited with ${exitCode}`)));
  });
}

beforeEach(() => {
  baseDir = mkdtempSync(join(tmpdir(), 'pg2ch-embedded-'));
  chmodSync(baseDir, 0o755); // the server runs as the OS user "postgres" when tests run as root
});

afterEach(async () => {
  await Promise.all(running.map((server) => server.stop()));
  running = [];
  for (const pid of leftovers.splice(0)) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  const pidFile = join(baseDir, 'data', 'postmaster.pid');
  const postmaster = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
  if (postmaster && isRunning(postmaster)) process.kill(postmaster, 'SIGQUIT'); // a test failed half-way
  rmSync(baseDir, { recursive: true, force: true });
});

describe('startEmbeddedPostgres', () => {
  it('keeps the data across stops and restarts on the same data directory', async () => {
    // Prepare
    const dataDir = join(baseDir, 'data');
    const first = await start({ dataDir });
    await query(first.url, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)');
    await first.stop();
    const second = await start({ dataDir });
    await second.stop();

    // Act
    const third = await start({ dataDir });
    const rows = await query(third.url, 'SELECT id FROM kept');

    // Assess
    expect(rows).toEqual([{ id: 42 }]);
    expect(third.url).toBe(`postgres://postgres:pg2ch-local@127.0.0.1:${third.port}/pg2ch`);
  });

  it('starts empty on a fresh data directory, with the requested database', async () => {
    // Prepare
    const dataDir = join(baseDir, 'data');
    const first = await start({ dataDir });
    await query(first.url, 'CREATE TABLE dropped (id int)');
    await first.stop();

    // Act
    const server = await start({ dataDir, fresh: true, database: 'other_db' });
    const rows = await query(server.url, "SELECT current_database() AS db, to_regclass('dropped') AS dropped");

    // Assess
    expect(rows).toEqual([{ db: 'other_db', dropped: null }]);
  });

  it('rejects with an Error naming the port and the reason when the port is taken', async () => {
    // Prepare
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;

    // Act
    const started = start({ dataDir: join(baseDir, 'data'), port });

    // Assess
    try {
      await expect(started).rejects.toThrow(
        `failed to start PostgreSQL on port ${port} (exit 1): could not bind IPv4 address "127.0.0.1": Address already in use`,
      );
      await expect(started).rejects.toBeInstanceOf(Error);
    } finally {
      blocker.close();
    }
  });

  it('stops a server left running by a killed process, then starts on its data', async () => {
    // Prepare
    const dataDir = join(baseDir, 'data');
    const child = await startInChild(dataDir);
    leftovers.push(child.pid);
    await query(child.url, 'CREATE TABLE survivor (id int); INSERT INTO survivor VALUES (7)');
    const stalePid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(child.pid, 'SIGKILL');
    while (isRunning(child.pid)) await new Promise((resolve) => setTimeout(resolve, 20));
    const staleLeft = isRunning(stalePid);

    // Act
    const server = await start({ dataDir });
    const rows = await query(server.url, 'SELECT id FROM survivor');

    // Assess
    expect(staleLeft).toBe(true);
    expect(isRunning(stalePid)).toBe(false);
    expect(rows).toEqual([{ id: 7 }]);
  });

  it('ignores a lock file left by a crash whose pid now belongs to another program', async () => {
    // Prepare
    const dataDir = join(baseDir, 'data');
    await (await start({ dataDir })).stop();
    const other = spawn('sleep', ['30']);
    leftovers.push(other.pid ?? 0);
    writeFileSync(join(dataDir, 'postmaster.pid'), `${other.pid}\n${dataDir}\n`);

    // Act
    const server = await start({ dataDir });
    const rows = await query(server.url, 'SELECT 1 AS up');

    // Assess
    expect(rows).toEqual([{ up: 1 }]);
    expect(isRunning(other.pid ?? 0)).toBe(true);
  });

  it('refuses a data directory whose server was started by a process that still runs', async () => {
    // Prepare
    const dataDir = join(baseDir, 'data');
    await start({ dataDir });

    // Act
    const second = start({ dataDir });

    // Assess
    await expect(second).rejects.toThrow(
      `PostgreSQL data directory ${dataDir} is in use by a server that process ${process.pid} started`,
    );
  });

  it('sends each statement to onLog when logStatements is set', async () => {
    // Prepare
    const lines: string[] = [];
    const server = await start({ dataDir: join(baseDir, 'data'), logStatements: true, onLog: (l) => lines.push(l) });

    // Act
    await query(server.url, "SELECT 'marker-1' AS marker");
    await server.stop();

    // Assess
    expect(lines.filter((line) => line.endsWith("LOG:  statement: SELECT 'marker-1' AS marker"))).toHaveLength(1);
  });

  it.runIf(process.getuid?.() === 0)('refuses a data directory the postgres OS user cannot reach', async () => {
    // Prepare
    const privateDir = join(baseDir, 'private');
    mkdirSync(privateDir, { mode: 0o700 });

    // Act
    const started = start({ dataDir: join(privateDir, 'data') });

    // Assess
    await expect(started).rejects.toThrow(
      `OS user "postgres" cannot reach ${join(privateDir, 'data')}: ${privateDir} is not traversable`,
    );
  });
});
