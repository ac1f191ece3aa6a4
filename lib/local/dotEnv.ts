// `.env`: where the local engines are and their secrets, for other terminals and commands. It holds passwords
// and keys, so every write leaves it with mode 0600 (also when it existed before with a wider mode), and the lines
// a user added (other keys, comments) stay as they were.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/** Secrets of the local engines, generated once and kept across restarts. */
type LocalSecrets = {
  /** The key the KPI API expects in x-api-key. */
  KPI_API_KEY: string;
  /** The password the local ClickHouse endpoint requires (user `default`). */
  LOCAL_CLICKHOUSE_PASSWORD: string;
};

const keyLine = /^\s*([A-Za-z0-9_]+)\s*=\s*(.*?)\s*$/;
const header = '# Written by `npm run stack` / `npm start`: the local engines. Not committed (see .gitignore).';
const secretKeys = ['KPI_API_KEY', 'LOCAL_CLICKHOUSE_PASSWORD'] as const;

/** A random secret: 24 bytes, 32 URL-safe characters. */
function generateSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** Reads KEY=value lines of a .env file (no quoting rules beyond trimming); {} when there is none. */
function readDotEnv(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const entries = readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => keyLine.exec(line))
    .flatMap((match) => (match?.[1] ? [[match[1], match[2] ?? ''] as const] : []));
  return Object.fromEntries(entries);
}

/**
 * Sets `values` in the .env file at `path`: replaces those keys' lines, appends the new ones, keeps every other
 * line. Writes a 0600 temporary file and renames it over `path`, so the secrets are never readable by others.
 * @throws the file system's error.
 */
function updateDotEnv(path: string, values: Readonly<Record<string, string>>): void {
  const lines = existsSync(path) ? readFileSync(path, 'utf8').replace(/\n$/, '').split('\n') : [header];
  const pending = new Map(Object.entries(values));
  const kept = lines.flatMap((line) => {
    const key = keyLine.exec(line)?.[1];
    if (key === undefined || !(key in values)) return [line];
    const value = pending.get(key);
    pending.delete(key);
    return value === undefined ? [] : [`${key}=${value}`]; // a repeated key keeps its first line only
  });
  const text = `${[...kept, ...[...pending].map(([key, value]) => `${key}=${value}`)].join('\n')}\n`;
  const temporary = `${path}.${process.pid}.tmp`;
  rmSync(temporary, { force: true });
  writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' });
  renameSync(temporary, path);
  chmodSync(path, 0o600);
}

/**
 * The local secrets from `path`, generating (and saving) the missing ones; leaves the file with mode 0600.
 * @throws the file system's error.
 */
function ensureLocalSecrets(path: string): LocalSecrets {
  const previous = readDotEnv(path);
  const missing = secretKeys.filter((key) => !previous[key]);
  const generated = Object.fromEntries(missing.map((key) => [key, generateSecret()]));
  if (missing.length > 0) updateDotEnv(path, generated);
  else chmodSync(path, 0o600);
  const merged = { ...previous, ...generated };
  return { KPI_API_KEY: merged.KPI_API_KEY ?? '', LOCAL_CLICKHOUSE_PASSWORD: merged.LOCAL_CLICKHOUSE_PASSWORD ?? '' };
}

/**
 * Writes the stack's URLs to `path` so other terminals (`npx serverless invoke local`, `npm run seed`) find the
 * engines, next to the local secrets (kept, or generated when missing) and anything else the file holds.
 * @returns every key the file now holds.
 * @throws the file system's error.
 */
function writeStackDotEnv(path: string, env: Readonly<Record<string, string>>): Record<string, string> {
  const secrets = ensureLocalSecrets(path);
  updateDotEnv(path, env);
  return { ...readDotEnv(path), ...secrets, ...env };
}

export type { LocalSecrets };
export { ensureLocalSecrets, generateSecret, readDotEnv, updateDotEnv, writeStackDotEnv };
