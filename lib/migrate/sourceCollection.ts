// Keeps the named collection of pg2ch's database (pg2ch_source_<database>) pointing at PG_URL_FOR_CLICKHOUSE without exposing the reader's password:
// the statement holding it is sent alone, only when the collection is missing or a value changed, and a refusal is
// reported by the server's code and type only.
import { type ClickHouseClient, ClickHouseError } from '@clickhouse/client';
import { type ClusterMode, readSettings, renderForCluster, singleServer, writeSettings } from '../cluster.ts';
import { RedactedError } from '../errors.ts';
import { sql } from '../sql.ts';
import { sourceCollectionName } from '../tables/identifiers.ts';
import {
  type CollectionValues,
  collectionValues,
  fingerprintOf,
  renderCollectionStatement,
} from './namedCollection.ts';

/** created / altered: migrate sent that statement; unchanged: nothing to send; server: defined in the server's config. */
type CollectionOutcome = 'created' | 'altered' | 'unchanged' | 'server';

/**
 * The server-wide collection pg2ch used before each database had its own: 'none', or where it is defined. Migrate
 * never drops it (another deployment on the server may still read through it); the CLI says what to do.
 */
type LegacyCollection = 'none' | 'sql' | 'config';

const legacyCollectionName = 'pg2ch_source';

/** The error to report when ClickHouse refuses a statement that holds the password: no server message, no cause. */
function redactedFailure(error: unknown, action: 'create' | 'alter', collection: string): RedactedError {
  const { code, type } = error instanceof ClickHouseError ? error : { code: undefined, type: undefined };
  const reason = type ? `${type}${code ? `, code ${code}` : ''}` : (error as Error)?.name || 'error';
  const message =
    `ClickHouse refused to ${action} the named collection ${collection} (${reason}); its message is left out because ` +
    'it may quote the statement, password included (see docs/operations.md, "The named collection")';
  return new RedactedError(message, { code, type });
}

/** Sends one statement holding the password. @throws RedactedError. */
async function sendSecretStatement(
  clickhouse: ClickHouseClient,
  template: string,
  collection: string,
  values: CollectionValues,
  action: 'create' | 'alter',
  cluster: ClusterMode,
): Promise<void> {
  try {
    await clickhouse.command({
      query: renderForCluster(renderCollectionStatement(template, collection, values), cluster),
    });
  } catch (error) {
    throw redactedFailure(error, action, collection);
  }
}

/** Whether the collection exists, and whether the server's configuration defines it. */
async function readCollection(
  clickhouse: ClickHouseClient,
  collection: string,
): Promise<{ exists: boolean; fromConfig: boolean }> {
  const result = await clickhouse.query({
    query: sql.collectionRead,
    query_params: { collection },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ source?: string }>();
  return { exists: row !== undefined, fromConfig: row?.source?.toLowerCase() === 'config' };
}

async function readFingerprint(clickhouse: ClickHouseClient, cluster: ClusterMode) {
  await clickhouse.command({ query: renderForCluster(sql.collectionFingerprintsTable, cluster) });
  const result = await clickhouse.query({
    query: sql.collectionReadFingerprint,
    format: 'JSONEachRow',
    clickhouse_settings: readSettings(cluster),
  });
  const [row] = await result.json<{ fingerprint: string; salt: string }>();
  return row;
}

/**
 * Creates the named collection of `database` (pg2ch_source_<database>) from `pgUrl` when it is missing, ALTERs it when a value differs from what migrate last wrote
 * (a salted fingerprint in source_collection_fingerprints), and leaves a collection defined in the server's
 * configuration alone. Collections are server-wide, hence one per database; the fingerprint lives in `database`, the
 * database `clickhouse` works in. On a cluster the statements run ON CLUSTER (lib/cluster.ts).
 * @throws ConfigError when `pgUrl` lacks a host or user; RedactedError when ClickHouse refuses the statement.
 */
async function applySourceCollection(
  clickhouse: ClickHouseClient,
  database: string,
  pgUrl: string,
  cluster: ClusterMode = singleServer,
): Promise<CollectionOutcome> {
  const values = collectionValues(pgUrl);
  const name = sourceCollectionName(database);
  const collection = await readCollection(clickhouse, name);
  if (collection.fromConfig) return 'server';
  const stored = await readFingerprint(clickhouse, cluster);
  const current = fingerprintOf(values, stored?.salt);
  if (collection.exists && stored?.fingerprint === current.fingerprint) return 'unchanged';
  const action = collection.exists ? 'alter' : 'create';
  await sendSecretStatement(
    clickhouse,
    action === 'create' ? sql.collectionCreate : sql.collectionAlter,
    name,
    values,
    action,
    cluster,
  );
  await clickhouse.command({
    query: sql.collectionRecordFingerprint,
    query_params: current,
    clickhouse_settings: writeSettings(cluster, true),
  });
  return action === 'create' ? 'created' : 'altered';
}

/** Whether the server still has the server-wide collection of earlier pg2ch versions, and where it is defined. */
async function readLegacyCollection(clickhouse: ClickHouseClient): Promise<LegacyCollection> {
  const legacy = await readCollection(clickhouse, legacyCollectionName);
  if (!legacy.exists) return 'none';
  return legacy.fromConfig ? 'config' : 'sql';
}

export type { CollectionOutcome, LegacyCollection };
export { applySourceCollection, readLegacyCollection, redactedFailure };
