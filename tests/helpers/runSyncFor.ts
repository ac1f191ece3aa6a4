import type { IncrementalResult } from '../../lib/sync/incremental.ts';
import { runSync, type SyncDeps, type SyncOutcome, type SyncResult } from '../../lib/sync.ts';
import { findTable } from '../../lib/tables/registry.ts';
import type { TestDatabase } from './clickhouseDb.ts';

/** Runs one sync of registry table `key` against a test database, as the handler would. */
async function syncOnce(db: TestDatabase, key: string, extra: Partial<SyncDeps> = {}): Promise<SyncOutcome> {
  return runSync(findTable(key), {
    clickhouse: db.clickhouse,
    database: db.config.clickhouseDatabase,
    pgUrl: db.config.pgUrl,
    maxRows: db.config.maxRows,
    maxRereadIds: db.config.maxRereadIds,
    runId: `test-${key}`,
    ...extra,
  });
}

/** Like syncOnce, but fails the test when the run was skipped. */
async function syncResult(db: TestDatabase, key: string, extra: Partial<SyncDeps> = {}): Promise<SyncResult> {
  const outcome = await syncOnce(db, key, extra);
  if ('skipped' in outcome) throw new Error(`sync of ${key} was skipped: ${outcome.skipped}`);
  return outcome;
}

/** Like syncResult, for an incremental table (fails the test for a full-mode one). */
async function syncIncrementalResult(
  db: TestDatabase,
  key: string,
  extra: Partial<SyncDeps> = {},
): Promise<IncrementalResult> {
  const result = await syncResult(db, key, extra);
  if (result.mode !== 'incremental') throw new Error(`${key} is not an incremental table`);
  return result;
}

/** Syncs all four original tables, dimensions first. */
async function syncAll(db: TestDatabase): Promise<SyncResult[]> {
  const results: SyncResult[] = [];
  for (const key of ['advertiser', 'campaign', 'impressions', 'clicks'] as const)
    results.push(await syncResult(db, key));
  return results;
}

export { syncAll, syncIncrementalResult, syncOnce, syncResult };
