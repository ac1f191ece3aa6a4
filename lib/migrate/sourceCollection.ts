// Keeps the named collection pg2ch_source pointing at PG_URL_FOR_CLICKHOUSE without exposing the reader's password:
// the statement holding it is sent alone, only when the collection is missing or a value changed, and a refusal is
// reported by the server's code and type only.
import { type ClickHouseClient, ClickHouseError } from '@clickhouse/client';
import { RedactedError } from '../errors.ts';
import { sql } from '../sql.ts';
import {
  type CollectionValues,
  collectionValues,
  fingerprintOf,
  renderCollectionStatement,
} from './namedCollection.ts';

/** created / altered: migrate sent that statement; unchanged: nothing to send; server: defined in the server's config. */
type CollectionOutcome = 'created' | 'altered' | 'unchanged' | 'server';

/** The error to report when ClickHouse refuses a statement that holds the password: no server message, no cause. */
function redactedFailure(error: unknown, action: 'create' | 'alter'): RedactedError {
  const { code, type } = error instanceof ClickHouseError ? error : { code: undefined, type: undefined };
  const reason = type ? `${type}${code ? `, code ${code}` : ''}` : (error as Error)?.name || 'error';
  const message =
    `ClickHouse refused to ${action} the named collection pg2ch_source (${reason}); its message is left out because ` +
    'it may quote the statement, password included (see docs/operations.md, "The named collection")';
  return new RedactedError(message, { code, type });
}

/** Sends one statement holding the password. @throws RedactedError. */
async function sendSecretStatement(
  clickhouse: ClickHouseClient,
  template: string,
  values: CollectionValues,
  action: 'create' | 'alter',
): Promise<void> {
  try {
    await clickhouse.command({ query: renderCollectionStatement(template, values) });
  } catch (error) {
    throw redactedFailure(error, action);
  }
}

/** Whether the collection exists, and whether the server's configuration defines it. */
async function readCollection(clickhouse: ClickHouseClient): Promise<{ exists: boolean; fromConfig: boolean }> {
  const result = await clickhouse.query({ query: sql.collectionRead, format: 'JSONEachRow' });
  const [row] = await result.json<{ source?: string }>();
  return { exists: row !== undefined, fromConfig: row?.source?.toLowerCase() === 'config' };
}

async function readFingerprint(clickhouse: ClickHouseClient) {
  await clickhouse.command({ query: sql.collectionFingerprintsTable });
  const result = await clickhouse.query({ query: sql.collectionReadFingerprint, format: 'JSONEachRow' });
  const [row] = await result.json<{ fingerprint: string; salt: string }>();
  return row;
}

/**
 * Creates pg2ch_source from `pgUrl` when it is missing, ALTERs it when a value differs from what migrate last wrote
 * (a salted fingerprint in source_collection_fingerprints), and leaves a collection defined in the server's
 * configuration alone. The collection is server-wide; the fingerprint lives in `clickhouse`'s database.
 * @throws ConfigError when `pgUrl` lacks a host or user; RedactedError when ClickHouse refuses the statement.
 */
async function applySourceCollection(clickhouse: ClickHouseClient, pgUrl: string): Promise<CollectionOutcome> {
  const values = collectionValues(pgUrl);
  const collection = await readCollection(clickhouse);
  if (collection.fromConfig) return 'server';
  const stored = await readFingerprint(clickhouse);
  const current = fingerprintOf(values, stored?.salt);
  if (collection.exists && stored?.fingerprint === current.fingerprint) return 'unchanged';
  const action = collection.exists ? 'alter' : 'create';
  await sendSecretStatement(
    clickhouse,
    action === 'create' ? sql.collectionCreate : sql.collectionAlter,
    values,
    action,
  );
  await clickhouse.command({ query: sql.collectionRecordFingerprint, query_params: current });
  return action === 'create' ? 'created' : 'altered';
}

export type { CollectionOutcome };
export { applySourceCollection, redactedFailure };
