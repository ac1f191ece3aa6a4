// The benchmark's PostgreSQL side: generating the source tables, COPY-out, and read counters.
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { SeedCommand } from '../lib/seed/args.ts';
import { createImpressions } from '../lib/seed/generate.ts';
import { runSeedCommand } from '../lib/seed/run.ts';
import { readStats } from '../lib/seed/stats.ts';
import type { BatchShape } from './args.ts';
import { benchSql } from './sql.ts';

type Print = (line: string) => void;

/** Rows read from impressions so far (pg_stat_user_tables). */
interface TableReads {
  readonly seqTupRead: number;
  readonly idxTupFetch: number;
}

const defaults = {
  /** Statistics of a finished backend reach pg_stat_user_tables shortly after; poll until stable. */
  statsPollMs: 150,
  statsStableReads: 3,
  statsMaxWaitMs: 12_000,
  /** Impressions per campaign when growing the source (the generator's 1M batch uses 10,000). */
  perCampaign: 10_000,
  campaignsPerAdvertiser: 10,
};

/** Runs one generator command (`npm run seed -- …`) on a pooled connection, in one transaction. */
async function runSeed(pool: pg.Pool, command: SeedCommand, print: Print = () => {}): Promise<void> {
  const client = await pool.connect();
  try {
    await runSeedCommand(client, command, print);
  } finally {
    client.release();
  }
}

function batchCommand(batch: BatchShape): SeedCommand {
  return { name: 'batch', ...batch };
}

async function countImpressions(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    return (await readStats(client)).impressions;
  } finally {
    client.release();
  }
}

async function newestCampaignId(pool: pg.Pool): Promise<number> {
  return (await pool.query<{ id: number }>(benchSql.maxCampaignId)).rows[0]?.id ?? 0;
}

/**
 * Adds impressions (and 8 % clicks) with the generator until the source holds exactly `target` impressions:
 * whole `batch` commands of 10 campaigns per advertiser, then the remainder on the newest campaign.
 * @throws when the source already holds more than `target`.
 */
async function growImpressionsTo(pool: pg.Pool, target: number, print: Print): Promise<void> {
  const current = await countImpressions(pool);
  const missing = target - current;
  if (missing < 0) throw new Error(`the source holds ${current} impressions, more than ${target}`);
  const { campaignsPerAdvertiser: campaigns } = defaults;
  const perCampaign = Math.min(defaults.perCampaign, Math.floor(missing / (10 * campaigns)));
  const advertisers = perCampaign > 0 ? Math.floor(missing / (campaigns * perCampaign)) : 0;
  if (advertisers > 0) {
    print(`generating ${advertisers * campaigns * perCampaign} impressions (${current} → ${target})`);
    await runSeed(pool, batchCommand({ advertisers, campaigns, impressions: perCampaign, ctr: '0.08' }));
  }
  const rest = target - (await countImpressions(pool));
  if (rest === 0) return;
  if ((await newestCampaignId(pool)) === 0)
    await runSeed(pool, batchCommand({ advertisers: 1, campaigns: 1, impressions: 0, ctr: '0' }));
  await runSeed(pool, { name: 'impressions', campaignId: await newestCampaignId(pool), count: rest });
}

/** Inserts `count` impressions for one campaign with the generator's statement, committed at once. */
async function addImpressions(pool: pg.Pool, campaignId: number, count: number): Promise<void> {
  const client = await pool.connect();
  try {
    await createImpressions(client, [campaignId], count);
  } finally {
    client.release();
  }
}

/** VACUUM (ANALYZE) of the source tables: steady-state pages and statistics, as autovacuum would leave them. */
async function vacuumSource(pool: pg.Pool): Promise<void> {
  await pool.query(benchSql.vacuumSource);
}

async function readTableReads(pool: pg.Pool): Promise<TableReads> {
  const row = (await pool.query<{ seq_tup_read: string; idx_tup_fetch: string }>(benchSql.impressionsReads)).rows[0];
  return { seqTupRead: Number(row?.seq_tup_read ?? 0), idxTupFetch: Number(row?.idx_tup_fetch ?? 0) };
}

/**
 * Reads impressions' read counters once they stop moving: a backend publishes its counters when it ends or
 * goes idle (rate-limited), so a value read right after a sync can still be missing that sync's reads.
 */
async function settledTableReads(pool: pg.Pool): Promise<TableReads> {
  const deadline = Date.now() + defaults.statsMaxWaitMs;
  let last = await readTableReads(pool);
  let stable = 0;
  while (stable < defaults.statsStableReads && Date.now() < deadline) {
    await sleep(defaults.statsPollMs);
    const next = await readTableReads(pool);
    stable = next.seqTupRead === last.seqTupRead && next.idxTupFetch === last.idxTupFetch ? stable + 1 : 0;
    last = next;
  }
  return last;
}

/**
 * Streams `COPY (SELECT id, campaign_id, created_at FROM impressions) TO STDOUT` to this process over a new
 * connection and discards it, counting rows (text format: one line per row).
 */
async function copyOutImpressions(pgUrl: string): Promise<{ rows: number; bytes: number }> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    let rows = 0;
    let bytes = 0;
    for await (const chunk of client.query(copyTo(benchSql.copyImpressions)) as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) rows += 1;
    }
    return { rows, bytes };
  } finally {
    await client.end();
  }
}

export type { Print, TableReads };
export {
  addImpressions,
  batchCommand,
  copyOutImpressions,
  countImpressions,
  growImpressionsTo,
  newestCampaignId,
  runSeed,
  settledTableReads,
  vacuumSource,
};
