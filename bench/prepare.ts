// Brings the source and a ClickHouse database to the state a section measures from.
import { type BenchDatabase, createBenchDatabase } from './clickhouseDb.ts';
import { syncUntilDone } from './invoke.ts';
import type { BenchContext } from './section.ts';
import { countImpressions, growImpressionsTo, runSeed, vacuumSource } from './source.ts';

/**
 * Makes the source hold exactly `size` impressions (emptying it first when it holds more), then vacuums it.
 * @returns whether rows were added or removed.
 */
async function prepareSource(ctx: BenchContext, size: number): Promise<boolean> {
  const current = await countImpressions(ctx.pool);
  if (current === size) return false;
  if (current > size) await runSeed(ctx.pool, { name: 'reset' });
  await growImpressionsTo(ctx.pool, size, ctx.progress);
  ctx.progress(`vacuuming the source (${size} impressions)`);
  await vacuumSource(ctx.pool);
  return true;
}

/** Syncs advertiser, campaign and clicks into `db` through their handlers (impressions are synced by the caller). */
async function syncOtherTables(ctx: BenchContext, db: BenchDatabase): Promise<void> {
  for (const key of ['advertiser', 'campaign', 'clicks'] as const) await syncUntilDone(ctx.handlers, key, db.name);
}

/** The fully synced database of `size` impressions kept by an earlier section, or a new one. */
async function loadedDatabase(ctx: BenchContext, size: number): Promise<BenchDatabase> {
  const kept = ctx.loaded.get(size);
  if (kept) return kept;
  await prepareSource(ctx, size);
  ctx.progress(`loading a ClickHouse database with ${size} impressions`);
  const db = await createBenchDatabase(ctx.engines.env);
  await syncUntilDone(ctx.handlers, 'impressions', db.name);
  await syncOtherTables(ctx, db);
  ctx.loaded.set(size, db);
  return db;
}

/** Drops the kept database of `size`, if any. */
async function dropLoaded(ctx: BenchContext, size: number): Promise<void> {
  await ctx.loaded.get(size)?.drop();
  ctx.loaded.delete(size);
}

export { dropLoaded, loadedDatabase, prepareSource, syncOtherTables };
