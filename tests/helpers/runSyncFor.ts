import type pg from 'pg';
import type { IncrementalResult } from '../../lib/sync/incremental.ts';
import { runSync, type SyncDeps, type SyncOutcome, type SyncResult } from '../../lib/sync.ts';
import { findTable, type TableSpec } from '../../lib/tables/registry.ts';
import type { TestDatabase } from './clickhouseDb.ts';
import { expectExactlyOnce } from './exactlyOnce.ts';

let invariantPool: pg.Pool | undefined;

/**
 * From now on (until stopCheckingEachRun), every syncOnce of an incremental table is followed by the exactly-once
 * invariant check (tests/helpers/exactlyOnce.ts), whether the run succeeded or failed.
 */
function checkExactlyOnceAfterEachRun(pool: pg.Pool): void {
  invariantPool = pool;
}

function stopCheckingEachRun(): void {
  invariantPool = undefined;
}

/** Runs one sync of a registry table (a key) or of a spec against a test database, as the handler would. */
async function syncOnce(
  db: TestDatabase,
  table: string | TableSpec,
  extra: Partial<SyncDeps> = {},
): Promise<SyncOutcome> {
  const spec = typeof table === 'string' ? findTable(table) : table;
  try {
    return await runSync(spec, {
      clickhouse: db.clickhouse,
      database: db.config.clickhouseDatabase,
      pgUrl: db.config.pgUrl,
      maxRows: db.config.maxRows,
      maxRereadIds: db.config.maxRereadIds,
      runId: `test-${spec.key}`,
      ...extra,
    });
  } finally {
    if (invariantPool && spec.mode === 'incremental') await expectExactlyOnce(db, invariantPool, spec);
  }
}

/** Like syncOnce, but fails the test when the run was skipped. */
async function syncResult(
  db: TestDatabase,
  table: string | TableSpec,
  extra: Partial<SyncDeps> = {},
): Promise<SyncResult> {
  const outcome = await syncOnce(db, table, extra);
  if ('skipped' in outcome) throw new Error(`sync of ${outcome.table} was skipped: ${outcome.skipped}`);
  return outcome;
}

/** Like syncResult, for an incremental table (fails the test for a full-mode one). */
async function syncIncrementalResult(
  db: TestDatabase,
  table: string | TableSpec,
  extra: Partial<SyncDeps> = {},
): Promise<IncrementalResult> {
  const result = await syncResult(db, table, extra);
  if (result.mode !== 'incremental') throw new Error(`${result.table} is not an incremental table`);
  return result;
}

/** Syncs all four original tables, dimensions first. */
async function syncAll(db: TestDatabase): Promise<SyncResult[]> {
  const results: SyncResult[] = [];
  for (const key of ['advertiser', 'campaign', 'impressions', 'clicks'] as const)
    results.push(await syncResult(db, key));
  return results;
}

export { checkExactlyOnceAfterEachRun, stopCheckingEachRun, syncAll, syncIncrementalResult, syncOnce, syncResult };
