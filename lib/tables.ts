import { splitStatements, sql } from './sql.ts';

type TableKey = 'advertiser' | 'campaign' | 'clicks' | 'impressions';

/** The verify aggregates of one table (sql/verify/): the same buckets on each side. */
interface VerifyStatements {
  readonly postgres: string;
  readonly clickhouse: string;
}

/** A small table copied whole on every run and swapped in atomically. */
interface FullTableSpec {
  readonly key: TableKey;
  readonly mode: 'full';
  readonly verify: VerifyStatements;
  /** Run in order: create staging, load staging, exchange, drop the old copy. */
  readonly statements: readonly string[];
  /** Counts the rows of the table after the swap. */
  readonly count: string;
}

/** A large append-only table copied by id windows. */
interface IncrementalTableSpec {
  readonly key: TableKey;
  readonly mode: 'incremental';
  readonly verify: VerifyStatements;
  readonly insert: string;
  readonly windowCount: string;
  /** Lists the ids missing in ClickHouse within a window, as ranges (wide re-reads). */
  readonly gaps: string;
  /** PostgreSQL statement returning the snapshot xmin and the highest visible id. */
  readonly snapshot: string;
}

type TableSpec = FullTableSpec | IncrementalTableSpec;

/** The closed set of tables pg2ch syncs. No event or request ever names a table. */
const tables: Readonly<Record<TableKey, TableSpec>> = Object.freeze({
  advertiser: {
    key: 'advertiser',
    mode: 'full',
    statements: splitStatements(sql.syncAdvertiser),
    count: sql.advertiserCount,
    verify: { postgres: sql.verifyAdvertiserPostgres, clickhouse: sql.verifyAdvertiserClickhouse },
  },
  campaign: {
    key: 'campaign',
    mode: 'full',
    statements: splitStatements(sql.syncCampaign),
    count: sql.campaignCount,
    verify: { postgres: sql.verifyCampaignPostgres, clickhouse: sql.verifyCampaignClickhouse },
  },
  clicks: {
    key: 'clicks',
    mode: 'incremental',
    insert: sql.syncClicks,
    windowCount: sql.clicksWindowCount,
    gaps: sql.clicksGaps,
    snapshot: sql.clicksSnapshot,
    verify: { postgres: sql.verifyClicksPostgres, clickhouse: sql.verifyClicksClickhouse },
  },
  impressions: {
    key: 'impressions',
    mode: 'incremental',
    insert: sql.syncImpressions,
    windowCount: sql.impressionsWindowCount,
    gaps: sql.impressionsGaps,
    snapshot: sql.impressionsSnapshot,
    verify: { postgres: sql.verifyImpressionsPostgres, clickhouse: sql.verifyImpressionsClickhouse },
  },
});

const tableKeys = Object.keys(tables) as TableKey[];

function isTableKey(value: string): value is TableKey {
  return (tableKeys as string[]).includes(value);
}

/** The INSERT's query_id: fixed per database and table, so ClickHouse runs at most one at a time. */
function insertQueryId(database: string, table: TableKey): string {
  return `pg2ch-${database}-${table}-insert`;
}

export type { FullTableSpec, IncrementalTableSpec, TableKey, TableSpec };
export { insertQueryId, isTableKey, tableKeys, tables };
