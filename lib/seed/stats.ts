import type { ClientBase } from 'pg';
import { seedSql } from './sql.ts';

interface SeedStats {
  readonly advertisers: number;
  readonly campaigns: number;
  readonly impressions: number;
  readonly clicks: number;
}

/** Reads the row counts of the four source tables. */
async function readStats(client: ClientBase): Promise<SeedStats> {
  const row = (await client.query<SeedStats>(seedSql.stats)).rows[0];
  return row ?? { advertisers: 0, campaigns: 0, impressions: 0, clicks: 0 };
}

/** Formats the counts one per line (`  impressions: 1000000`), plus the overall CTR when `ctr` is set. */
function formatStats(stats: SeedStats, { ctr = false } = {}): string[] {
  const rows: [string, string][] = [
    ['advertisers', String(stats.advertisers)],
    ['campaigns', String(stats.campaigns)],
    ['impressions', String(stats.impressions)],
    ['clicks', String(stats.clicks)],
  ];
  if (ctr) {
    const value = stats.impressions === 0 ? 'n/a' : `${((100 * stats.clicks) / stats.impressions).toFixed(2)}%`;
    rows.push(['ctr', value]);
  }
  return rows.map(([label, value]) => `  ${`${label}:`.padEnd(13)}${value}`);
}

export type { SeedStats };
export { formatStats, readStats };
