import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { StackEnv } from './stack.ts';

/** Reads KEY=value lines of a .env file (no quoting rules beyond trimming). */
function readDotEnv(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const entries = readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line))
    .flatMap((match) => (match?.[1] ? [[match[1], match[2] ?? ''] as const] : []));
  return Object.fromEntries(entries);
}

/**
 * Writes the stack's URLs to `path` so other terminals (`npx serverless invoke local`, `npm run seed`)
 * find the engines. Keeps an existing KPI_API_KEY, or generates one, and any other keys the user added.
 * @returns the values written.
 */
function writeStackDotEnv(path: string, env: StackEnv): Record<string, string> {
  const previous = readDotEnv(path);
  const values = {
    ...previous,
    ...env,
    KPI_API_KEY: previous.KPI_API_KEY || randomBytes(24).toString('base64url'),
  };
  const header = '# Written by `npm run stack` / `npm start`: the local engines. Not committed (see .gitignore).\n';
  const body = Object.entries(values)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
  writeFileSync(path, `${header}${body}\n`, { mode: 0o600 });
  return values;
}

export { readDotEnv, writeStackDotEnv };
