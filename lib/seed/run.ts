import type { ClientBase } from 'pg';
import type { SeedCommand } from './args.ts';
import {
  countImpressions,
  createAdvertisers,
  createCampaigns,
  createClicks,
  createImpressions,
  resetTables,
} from './generate.ts';
import { countClicks } from './rules.ts';
import { formatStats, readStats } from './stats.ts';

type Print = (line: string) => void;
type Batch = Extract<SeedCommand, { name: 'batch' }>;

async function seedBatch(client: ClientBase, batch: Batch, print: Print): Promise<void> {
  const { advertisers, campaigns, impressions, ctr } = batch;
  print(`Creating ${advertisers} advertisers...`);
  const advertiserIds = await createAdvertisers(client, advertisers);
  const clicks = countClicks(impressions, ctr);
  print(
    `Creating ${campaigns} campaigns per advertiser, ${impressions} impressions and ${clicks} clicks per campaign...`,
  );
  for (const [index, advertiserId] of advertiserIds.entries()) {
    const campaignIds = await createCampaigns(client, advertiserId, campaigns);
    const impressionCount = await createImpressions(client, campaignIds, impressions);
    const clickCount = await createClicks(client, campaignIds, ctr);
    const progress = `[${index + 1}/${advertiserIds.length}] advertiser ${advertiserId}`;
    print(`${progress}: ${campaignIds.length} campaigns, ${impressionCount} impressions, ${clickCount} clicks`);
  }
}

/** Runs one command's writes; returns the lines to print once they are committed. */
async function seed(client: ClientBase, command: SeedCommand, print: Print): Promise<string[]> {
  switch (command.name) {
    case 'batch':
      await seedBatch(client, command, print);
      break;
    case 'advertisers':
      print(`Creating ${command.count} advertisers...`);
      await createAdvertisers(client, command.count);
      break;
    case 'campaigns':
      print(`Creating ${command.count} campaigns for advertiser ${command.advertiserId}...`);
      await createCampaigns(client, command.advertiserId, command.count);
      break;
    case 'impressions':
      await countImpressions(client, command.campaignId);
      print(`Creating ${command.count} impressions for campaign ${command.campaignId}...`);
      await createImpressions(client, [command.campaignId], command.count);
      break;
    case 'clicks': {
      const clicks = countClicks(await countImpressions(client, command.campaignId), command.ratio);
      print(`Creating ${clicks} clicks for campaign ${command.campaignId}...`);
      await createClicks(client, [command.campaignId], command.ratio);
      break;
    }
    case 'stats':
      return ['Rows:', ...formatStats(await readStats(client), { ctr: true })];
    case 'reset':
      await resetTables(client);
      return ['Emptied advertiser, campaign, impressions and clicks; ids restart at 1.'];
  }
  return ['Seeding complete!', 'Totals:', ...formatStats(await readStats(client))];
}

/**
 * Runs one seed command in one transaction (nothing is written when it fails), printing progress as it goes.
 * @throws UsageError for an unknown advertiser or campaign id; the driver's error otherwise.
 */
async function runSeedCommand(client: ClientBase, command: SeedCommand, print: Print): Promise<void> {
  await client.query('BEGIN');
  let lines: string[];
  try {
    lines = await seed(client, command, print);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  for (const line of lines) print(line);
}

export type { Print };
export { runSeedCommand };
