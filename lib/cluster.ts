// How pg2ch's ClickHouse statements change on a cluster (README, "Clusters and ClickHouse Cloud"). Pure: no I/O.
//
// - single: one server (the default). Statements run as written.
// - cluster (CLICKHOUSE_CLUSTER=<name>, self-managed replicas with ClickHouse Keeper): every DDL statement runs
//   ON CLUSTER <name>, MergeTree-family engines become their Replicated* form (default replica path, `{uuid}` of an
//   Atomic database), writes wait for a majority of replicas (insert_quorum = 'auto') and reads see every
//   quorum-acknowledged write (select_sequential_consistency = 1).
// - cloud (CLICKHOUSE_CLOUD=1, or a *.clickhouse.cloud host): the database is Replicated and turns MergeTree into
//   SharedMergeTree by itself, so DDL stays as written (the database replicates it); reads use
//   select_sequential_consistency = 1 (SharedMergeTree then syncs a replica's parts before reading).
import type { Config } from './config.ts';

type ClusterMode =
  | { readonly kind: 'single' }
  | { readonly kind: 'cluster'; readonly name: string }
  | { readonly kind: 'cloud' };

const single: ClusterMode = Object.freeze({ kind: 'single' });

/** The mode the configuration asks for (CLICKHOUSE_CLUSTER, CLICKHOUSE_CLOUD or a ClickHouse Cloud host). */
function clusterModeOf(config: Pick<Config, 'clickhouseCluster' | 'clickhouseCloud'>): ClusterMode {
  if (config.clickhouseCloud) return { kind: 'cloud' };
  if (config.clickhouseCluster !== null) return { kind: 'cluster', name: config.clickhouseCluster };
  return single;
}

/** A quoted, optionally database-qualified name, or a bound `{name:Identifier}`. */
const name = String.raw`(?:\{\w+:Identifier\}|(?:\`(?:[^\`\\]|\\.)*\`|[A-Za-z_][A-Za-z0-9_]*)(?:\.(?:\`(?:[^\`\\]|\\.)*\`|[A-Za-z_][A-Za-z0-9_]*))?)`;

/** DDL heads, up to and including the object's name: ON CLUSTER goes right after them. */
const heads = [
  String.raw`CREATE\s+DATABASE\s+(?:IF\s+NOT\s+EXISTS\s+)?${name}`,
  String.raw`CREATE\s+(?:OR\s+REPLACE\s+)?(?:TABLE|VIEW|MATERIALIZED\s+VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?${name}`,
  String.raw`(?:CREATE|ALTER)\s+NAMED\s+COLLECTION\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?${name}`,
  String.raw`ALTER\s+TABLE\s+${name}`,
  String.raw`DROP\s+(?:TABLE|VIEW|DATABASE)\s+(?:IF\s+EXISTS\s+)?${name}`,
  String.raw`EXCHANGE\s+TABLES\s+${name}\s+AND\s+${name}`,
  String.raw`TRUNCATE\s+(?:TABLE\s+)?(?:IF\s+EXISTS\s+)?${name}`,
].map((head) => new RegExp(`^(${head})`, 'i'));

const engine = /\bENGINE\s*=\s*(Replacing|Summing|Aggregating|Collapsing|VersionedCollapsing)?MergeTree\b/gi;

/** Leading comment lines and blank lines of a statement (kept as they are). */
function splitComments(statement: string): [string, string] {
  const match = /^(?:\s*--[^\n]*\n|\s*\n)*/.exec(statement);
  const comments = match?.[0] ?? '';
  return [comments, statement.slice(comments.length)];
}

/**
 * One statement as it must run in `mode`: on a cluster, DDL gets ON CLUSTER after the object's name (EXCHANGE after
 * both names) and MergeTree-family engines their Replicated form; other statements (INSERT, SELECT, DELETE of a
 * replicated table) are unchanged, as is everything in single and cloud modes. Pure.
 */
function renderForCluster(statement: string, mode: ClusterMode): string {
  if (mode.kind !== 'cluster') return statement;
  const [comments, body] = splitComments(statement);
  const head = heads.map((pattern) => pattern.exec(body)).find((match) => match !== null);
  if (!head) return statement;
  const onCluster = ` ON CLUSTER ${quoteCluster(mode.name)}`;
  const rendered = `${head[1]}${onCluster}${body.slice(head[1]?.length ?? 0)}`;
  return comments + rendered.replace(engine, (_, family = '') => `ENGINE = Replicated${family}MergeTree`);
}

function quoteCluster(cluster: string): string {
  return `\`${cluster.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

/** Settings of statements that read copied data or sync state (the anti-join inside a copy INSERT included). */
function readSettings(mode: ClusterMode): Record<string, number> {
  return mode.kind === 'single' ? {} : { select_sequential_consistency: 1 };
}

/**
 * Settings of statements that write (copies, sync state, backfill state). `parallel`: other INSERTs into the same
 * table may run meanwhile (sync_state, backfill ranges); otherwise the table has one writer at a time (the run lock)
 * and quorum INSERTs are linearized, which select_sequential_consistency needs.
 */
function writeSettings(mode: ClusterMode, parallel: boolean): Record<string, number | string> {
  if (mode.kind === 'single') return {};
  if (mode.kind === 'cloud') return { select_sequential_consistency: 1 };
  return { select_sequential_consistency: 1, insert_quorum: 'auto', insert_quorum_parallel: parallel ? 1 : 0 };
}

export type { ClusterMode };
export { clusterModeOf, readSettings, renderForCluster, single as singleServer, writeSettings };
