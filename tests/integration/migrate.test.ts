import { randomUUID } from 'node:crypto';
import { createClient } from '@clickhouse/client';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../lib/config.ts';
import { migrateClickhouseDatabase } from '../../lib/migrate/clickhouse.ts';
import { clickhouseMigrations } from '../../lib/sql.ts';
import { quoteClickhouse, sourceCollectionName } from '../../lib/tables/identifiers.ts';

const admin = createClient({ url: process.env.CLICKHOUSE_URL });
const created: string[] = [];

function configFor(database: string) {
  created.push(database);
  return readConfig({ ...process.env, CLICKHOUSE_DATABASE: database });
}

afterEach(async () => {
  for (const database of created.splice(0)) {
    await admin.command({ query: 'DROP DATABASE IF EXISTS {database:Identifier}', query_params: { database } });
    await admin.command({
      query: `DROP NAMED COLLECTION IF EXISTS ${quoteClickhouse(sourceCollectionName(database))}`,
    });
  }
});

async function tablesOf(database: string): Promise<string[]> {
  const result = await admin.query({
    query: 'SELECT name FROM system.tables WHERE database = {database:String} ORDER BY name',
    query_params: { database },
    format: 'JSONEachRow',
  });
  return (await result.json<{ name: string }>()).map((row) => row.name);
}

describe('migrateClickhouseDatabase', () => {
  it('creates a missing database with every migration, then finds nothing to do on a second run', async () => {
    // Prepare
    const config = configFor(`test_${randomUUID().replace(/-/g, '')}`);
    // Act
    const first = await migrateClickhouseDatabase(config);
    const second = await migrateClickhouseDatabase(config);
    // Assess
    const versions = clickhouseMigrations.map((m) => m.version);
    expect(first.applied).toEqual(versions);
    expect(second.applied).toEqual([]);
    expect([...second.alreadyApplied].sort()).toEqual([...versions].sort());
    expect(await tablesOf(config.clickhouseDatabase)).toEqual(
      expect.arrayContaining([
        'advertiser',
        'campaign',
        'clicks',
        'clicks_raw',
        'impressions',
        'impressions_raw',
        'schema_migrations',
        'sync_state',
      ]),
    );
  });

  it('brings an older database to the current schema, keeping its data', async () => {
    // Prepare: a database that only ever saw the first migration, with a row in it
    const database = `test_${randomUUID().replace(/-/g, '')}`;
    const config = configFor(database);
    await migrateClickhouseDatabase(config);
    const client = createClient({ url: config.clickhouseUrl, database });
    await client.command({ query: "INSERT INTO impressions_raw VALUES (1, 7, '2026-01-01 00:00:00')" });
    for (const table of ['impressions', 'clicks', 'sync_state']) {
      await client.command({ query: 'DROP TABLE {table:Identifier}', query_params: { table } });
    }
    await client.command({
      query: "ALTER TABLE schema_migrations DELETE WHERE version != '0001_source_tables' SETTINGS mutations_sync = 1",
    });
    // Act
    const result = await migrateClickhouseDatabase(config);
    // Assess
    expect(result.applied).toEqual(
      clickhouseMigrations.map((m) => m.version).filter((v) => v !== '0001_source_tables'),
    );
    const rows = await client.query({ query: 'SELECT id FROM impressions_raw', format: 'JSONEachRow' });
    expect(await rows.json()).toEqual([{ id: 1 }]);
    expect(await tablesOf(database)).toEqual(expect.arrayContaining(['impressions', 'clicks', 'sync_state']));
    await client.close();
  });

  it('keeps the PostgreSQL password out of the error when PG_URL_FOR_CLICKHOUSE has no host', async () => {
    // Prepare
    const config = {
      ...configFor(`test_${randomUUID().replace(/-/g, '')}`),
      pgUrlForClickhouse: 'postgres://user:hunter2@/db',
    };
    // Act
    const error = await migrateClickhouseDatabase(config).catch((caught: unknown) => caught);
    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).not.toContain('hunter2');
  });
});
