import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import {
  type Binaries,
  findBlockedDir,
  locateBinaries,
  type OsIds,
  resolveOsIds,
  postgresUser as user,
} from './binaries.ts';

/** How to run the local server; `port` 0 picks a free loopback port, `fresh` wipes `dataDir` first. */
interface EmbeddedPostgresOptions {
  dataDir: string;
  port?: number;
  fresh?: boolean;
  database?: string;
  /** Adds `log_statement=all`: every statement the server receives reaches `onLog`. */
  logStatements?: boolean;
  /** Extra server settings (`-c name=value`), e.g. { max_prepared_transactions: '10' }. */
  settings?: Readonly<Record<string, string>>;
  /** Receives every server log line (initdb output included). */
  onLog?: (line: string) => void;
}

interface RunningPostgres {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/<database>` */
  url: string;
  port: number;
  /** Fast shutdown (SIGINT), resolved once the server has exited. Idempotent. */
  stop(): Promise<void>;
  /** Sends the fast-shutdown signal without waiting: the server finishes shutting down on its own. */
  requestStop(): void;
}

const defaults = { port: 0, fresh: false, database: 'pg2ch', logStatements: false, onLog: (_line: string) => {} };
// Loopback-only development server: a fixed password keeps the URL stable across restarts.
const password = 'pg2ch-local';
const ownerFile = 'pg2ch-owner.pid';
const readyLine = /database system is ready to accept connections/;

/** True while `pid` exists and is not a zombie (an orphan waiting for a non-reaping init counts as gone). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/\) Z /.test(stat);
}

/** Reads the process name of `pid` (Linux); undefined when it cannot be known. */
async function processName(pid: number): Promise<string | undefined> {
  return (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => undefined))?.trim();
}

/**
 * Stops a server left running by a killed process (its pid is still in `postmaster.pid`) and drops a lock file whose
 * pid now belongs to another program. Refuses when the process that started the server still runs.
 */
async function stopStaleServer(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (!pid || !isRunning(pid)) return;
  if ((await processName(pid)) !== 'postgres') return rm(pidFile, { force: true });
  const owner = Number(await readFile(join(dataDir, ownerFile), 'utf8').catch(() => ''));
  if (owner && isRunning(owner)) {
    throw new Error(`PostgreSQL data directory ${dataDir} is in use by a server that process ${owner} started`);
  }
  for (const [signal, waitMs] of [
    ['SIGINT', 30_000],
    ['SIGQUIT', 5_000],
  ] as const) {
    process.kill(pid, signal);
    for (let waited = 0; waited < waitMs && isRunning(pid); waited += 50) await sleep(50);
    if (!isRunning(pid)) return;
  }
  throw new Error(`could not stop the stale PostgreSQL server (pid ${pid}) on ${dataDir}`);
}

type Program = { child: ChildProcess; started: Promise<void> };

/**
 * Runs a PostgreSQL program as `ids`, passing each output line to `onLog`. `started` resolves when a line matches
 * `ready` (or at exit 0 when `ready` is undefined) and rejects, naming `what` and the program's error lines, otherwise.
 */
function runProgram(command: string, args: string[], ids: OsIds | undefined, what: string, ready?: RegExp): Program {
  const child = spawn(command, args, { ...ids, env: { ...process.env, LC_ALL: 'C' } });
  const seen: string[] = [];
  let settled = false;
  let partial = '';
  let settle: (error?: Error) => void = () => {};
  const started = new Promise<void>((resolveStart, rejectStart) => {
    settle = (error) => {
      if (!settled) error ? rejectStart(error) : resolveStart();
      settled = true;
    };
  });
  const onLine = (line: string) => {
    child.emit('line', line);
    if (settled) return;
    seen.push(line);
    if (ready?.test(line)) settle();
  };
  const split = (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  };
  child.stdout.on('data', split);
  child.stderr.on('data', split);
  const fail = (reason: string) => {
    const errors = seen.filter((line) => /^(?!.*WARNING:).*(FATAL:|PANIC:|ERROR:|could not|error)/i.test(line));
    const text = errors.map((line) => line.replace(/^.*?\b(LOG|FATAL|PANIC|ERROR):\s+/, '')).join('; ');
    settle(new Error(`failed to ${what} (${reason})${text ? `: ${text}` : ''}`));
  };
  child.on('error', (error) => fail(error.message));
  child.on('close', (code, signal) => {
    if (partial) onLine(partial);
    if (code === 0 && !ready) settle();
    else fail(`exit ${signal ?? code}`);
  });
  return { child, started };
}

async function initCluster(dataDir: string, bins: Binaries, ids: OsIds | undefined, onLog: (l: string) => void) {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const pwFile = join(tmpdir(), `pg2ch-pw-${process.pid}-${Date.now()}`);
  await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  if (ids) await Promise.all([chown(dataDir, ids.uid, ids.gid), chown(pwFile, ids.uid, ids.gid)]);
  const auth = ['-U', user, '--auth=scram-sha-256', `--pwfile=${pwFile}`];
  const args = ['-D', dataDir, ...auth, '--encoding=UTF8', '--locale=C', '--no-instructions'];
  const initdb = runProgram(bins.initdb, args, ids, `initialise ${dataDir}`);
  initdb.child.on('line', onLog);
  await initdb.started.finally(() => rm(pwFile, { force: true }));
}

function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user, password, database: 'postgres' });
  try {
    await client.connect();
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } catch (cause) {
    throw new Error(`failed to create database ${database}: ${(cause as Error).message}`, { cause });
  } finally {
    await client.end();
  }
}

/**
 * Starts PostgreSQL on `dataDir` (initialised on first use, kept across restarts) on 127.0.0.1.
 * @throws Error saying what failed: the OS user, initdb, a busy port, a data directory in use, the database.
 */
async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const { port: wanted, fresh, database, logStatements, onLog } = { ...defaults, ...options };
  const dataDir = resolve(options.dataDir);
  const ids = await resolveOsIds();
  const blocked = ids && (await findBlockedDir(dirname(dataDir), ids));
  if (blocked) throw new Error(`OS user "${user}" cannot reach ${dataDir}: ${blocked} is not traversable`);
  const bins = await locateBinaries(ids);
  await stopStaleServer(dataDir);
  if (fresh) await rm(dataDir, { recursive: true, force: true });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initCluster(dataDir, bins, ids, onLog);
  const port = wanted || (await findFreePort());
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  if (logStatements) flags.push('-c', 'log_statement=all');
  for (const [name, value] of Object.entries(options.settings ?? {})) flags.push('-c', `${name}=${value}`);
  const args = ['-D', dataDir, '-p', String(port), ...flags];
  const server = runProgram(bins.postgres, args, ids, `start PostgreSQL on port ${port}`, readyLine);
  server.child.on('line', onLog);
  const closed = new Promise<void>((done) => server.child.once('close', () => done()));
  const requestStop = () => {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGINT');
  };
  const stop = async () => {
    requestStop();
    await closed;
  };
  try {
    await server.started;
    await writeFile(join(dataDir, ownerFile), String(process.pid));
    await ensureDatabase(port, database);
  } catch (error) {
    await stop();
    throw error;
  }
  const url = `postgres://${user}:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return { url, port, stop, requestStop };
}

export type { EmbeddedPostgresOptions, RunningPostgres };
export { startEmbeddedPostgres };
