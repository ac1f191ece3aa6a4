import { runSync, type SyncDeps, type SyncOutcome, type SyncResult } from '../../lib/sync.ts';
import { type TableKey, tables } from '../../lib/tables.ts';
import type { TestDatabase } from './clickhouseDb.ts';

/** Runs one sync of `key` against a test database, as the handler would. */
async function syncOnce(db: TestDatabase, key: TableKey, extra: Partial<SyncDeps> = {}): Promise<SyncOutcome> {
  return runSync(tables[key], {
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
async function syncResult(db: TestDatabase, key: TableKey, extra: Partial<SyncDeps> = {}): Promise<SyncResult> {
  const outcome = await syncOnce(db, key, extra);
  if ('skipped' in outcome) throw new Error(`sync of ${key} was skipped: ${outcome.skipped}`);
  return outcome;
}

/** Syncs all four tables, dimensions first. */
async function syncAll(db: TestDatabase): Promise<SyncResult[]> {
  const results: SyncResult[] = [];
  for (const key of ['advertiser', 'campaign', 'impressions', 'clicks'] as const)
    results.push(await syncResult(db, key));
  return results;
}

export { syncAll, syncOnce, syncResult };
