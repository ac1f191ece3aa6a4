// Writes generated rows through the statements of sql/seed/; the caller owns the transaction.
import type { ClientBase } from 'pg';
import { UsageError } from '../errors.ts';
import { advertiserNames, campaignNames } from './rules.ts';
import { seedSql } from './sql.ts';

type Ids = number[];

/** Creates `count` advertisers named after the existing ones (Advertiser A, B, …) and returns their ids. */
async function createAdvertisers(client: ClientBase, count: number): Promise<Ids> {
  const existing = (await client.query<{ count: number }>(seedSql.countAdvertisers)).rows[0]?.count ?? 0;
  const created = await client.query<{ id: number }>(seedSql.insertAdvertisers, [advertiserNames(existing, count)]);
  return created.rows.map((row) => row.id);
}

/**
 * Creates `count` campaigns for one advertiser, numbered after its existing ones, and returns their ids.
 * @throws UsageError when the advertiser does not exist.
 */
async function createCampaigns(client: ClientBase, advertiserId: number, count: number): Promise<Ids> {
  const existing = (await client.query<{ count: number }>(seedSql.countCampaigns, [advertiserId])).rows[0]?.count;
  if (existing === undefined) {
    throw new UsageError('--advertiser-id', `advertiser ${advertiserId} does not exist`);
  }
  const names = campaignNames(advertiserId, existing, count);
  const created = await client.query<{ id: number }>(seedSql.insertCampaigns, [names, advertiserId]);
  return created.rows.map((row) => row.id);
}

/**
 * Returns how many impressions a campaign has.
 * @throws UsageError when the campaign does not exist.
 */
async function countImpressions(client: ClientBase, campaignId: number): Promise<number> {
  const found = (await client.query<{ count: number }>(seedSql.countImpressions, [campaignId])).rows[0]?.count;
  if (found === undefined) throw new UsageError('--campaign-id', `campaign ${campaignId} does not exist`);
  return found;
}

/** Creates `perCampaign` impressions for each campaign over the past 7 days; returns how many it created. */
async function createImpressions(client: ClientBase, campaignIds: Ids, perCampaign: number): Promise<number> {
  return (await client.query(seedSql.insertImpressions, [campaignIds, perCampaign])).rowCount ?? 0;
}

/** Clicks floor(n × ratio) randomly chosen impressions of each campaign (n: its impressions); returns the count. */
async function createClicks(client: ClientBase, campaignIds: Ids, ratio: string): Promise<number> {
  return (await client.query(seedSql.insertClicks, [campaignIds, ratio])).rowCount ?? 0;
}

/** Empties advertiser, campaign, impressions and clicks and restarts their ids at 1. */
async function resetTables(client: ClientBase): Promise<void> {
  await client.query(seedSql.reset);
}

export { countImpressions, createAdvertisers, createCampaigns, createClicks, createImpressions, resetTables };
