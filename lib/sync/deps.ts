import type { ClickHouseClient } from '@clickhouse/client';
import { type ClusterMode, clusterModeOf } from '../cluster.ts';
import type { Config } from '../config.ts';
import type { RunBudget } from './budget.ts';
import type { IdRange } from './reread.ts';
import type { SessionSource } from './sessions.ts';

/** What a sync run needs from outside: clients, limits, its identity, and test seams. */
interface SyncDeps {
  readonly clickhouse: ClickHouseClient;
  /** ClickHouse database the client works in; part of the INSERT's fixed query_id. */
  readonly database: string;
  readonly pgUrl: string;
  /** Cap on new ids read by one incremental run (MAX_ROWS); a table's registry entry may override it. */
  readonly maxRows: number;
  /** Widest (safe mark, high mark] re-read whole; wider windows re-read only the ids ClickHouse lacks (MAX_REREAD_IDS). */
  readonly maxRereadIds: number;
  /** Identifies this run in logs and, as log_comment, in ClickHouse's query log. */
  readonly runId: string;
  readonly signal?: AbortSignal;
  /** Single server (default), self-managed cluster or ClickHouse Cloud: DDL and consistency settings (lib/cluster.ts). */
  readonly cluster?: ClusterMode;
  /**
   * How long an invocation may keep copying windows while the source has more (lib/sync/budget.ts). Without it a run
   * copies one window.
   */
  readonly budget?: RunBudget;
  /** Where runs get their PostgreSQL coordination session (lib/sync/sessions.ts); default: a fresh one per run. */
  readonly sessions?: SessionSource;
  /** Test seam: runs after the window was planned and counted, before the first INSERT (incremental mode). */
  readonly beforeInsert?: () => Promise<void>;
  /** Test seam: runs before each INSERT of a range (incremental mode). */
  readonly beforeEachInsert?: (range: IdRange) => Promise<void>;
  /** Test seam: runs after the INSERT succeeded and before the watermark is written. */
  readonly afterInsert?: () => Promise<void>;
}

/** How the source's columns differ from the ClickHouse copy, as a run saw it (reported in its log line). */
interface SchemaNotes {
  /** Source columns not yet in ClickHouse: `npm run migrate` adds them. */
  readonly pending: readonly string[];
  /** ClickHouse columns the source no longer has (dropped or renamed): kept, not filled. */
  readonly missing: readonly string[];
  /** Source columns of a type pg2ch does not copy. */
  readonly unsupported: readonly string[];
}

/** The fixed query_id of a table's INSERTs: ClickHouse runs at most one INSERT of a table at a time. */
function insertQueryId(database: string, key: string): string {
  return `pg2ch-${database}-${key}-insert`;
}

/** The deps of a run from the configuration and this process's ClickHouse client. */
function syncDepsFrom(
  config: Pick<
    Config,
    'clickhouseDatabase' | 'pgUrl' | 'maxRows' | 'maxRereadIds' | 'clickhouseCluster' | 'clickhouseCloud'
  >,
  clickhouse: ClickHouseClient,
  runId: string,
  signal?: AbortSignal,
  budget?: RunBudget,
  sessions?: SessionSource,
): SyncDeps {
  const { clickhouseDatabase: database, pgUrl, maxRows, maxRereadIds } = config;
  return {
    ...{ clickhouse, database, pgUrl, maxRows, maxRereadIds, runId, cluster: clusterModeOf(config) },
    ...(signal ? { signal } : {}),
    ...(budget ? { budget } : {}),
    ...(sessions ? { sessions } : {}),
  };
}

export type { SchemaNotes, SyncDeps };
export { insertQueryId, syncDepsFrom };
