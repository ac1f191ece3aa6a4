import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The keys KPI_API_KEY accepts: one key, or several separated by commas while a rotation is under way
 * ("new,old"; see README, "API key"). Blank entries are ignored.
 */
function acceptedKeys(configured: string): string[] {
  return configured
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * True when `presented` (the x-api-key header) equals one of `keys` (see acceptedKeys). Compares SHA-256 digests
 * with timingSafeEqual against every key, so timing reveals neither the key nor which key matched.
 */
function isAuthorised(presented: string | undefined, keys: readonly string[]): boolean {
  if (presented === undefined || presented === '') return false;
  const wanted = digest(presented);
  let matched = false;
  for (const key of keys) matched = timingSafeEqual(wanted, digest(key)) || matched;
  return matched;
}

export { acceptedKeys, isAuthorised };
