import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, GivenServerError } from '../../lib/local/givenServers.ts';
import { type RunningPostgres, startEmbeddedPostgres } from '../../lib/local/postgres/server.ts';
import { migratePostgres } from '../../lib/migrate/postgres.ts';
import { type ChdbEndpoint, startEndpoint, stopEndpoint } from '../helpers/chdbEndpoint.ts';
import { createTestDatabase } from '../helpers/clickhouseDb.ts';
import setup from '../helpers/globalSetup.ts';
import { resetSource } from '../helpers/seedPostgres.ts';

// "Given servers" of this file's own (a PostgreSQL and a ClickHouse endpoint nobody else uses), standing in for the
// servers a user names with PG_URL and CLICKHOUSE_URL.
const workDir = mkdtempSync(join(tmpdir(), 'pg2ch-given-'));
chmodSync(workDir, 0o755); // PostgreSQL runs as the OS user "postgres" when tests run as root
let postgres: RunningPostgres;
let clickhouse: ChdbEndpoint;

beforeAll(async () => {
  [postgres, clickhouse] = await Promise.all([
    startEmbeddedPostgres({ dataDir: join(workDir, 'postgres') }),
    startEndpoint(join(workDir, 'clickhouse')),
  ]);
});
afterAll(async () => {
  await Promise.all([postgres?.stop(), clickhouse && stopEndpoint(clickhouse)]);
  rmSync(workDir, { recursive: true, force: true });
});

async function onPostgres<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function serverState() {
  return onPostgres(postgres.url, async (client) => ({
    databases: (await client.query<{ datname: string }>('SELECT datname FROM pg_database ORDER BY 1')).rows.map(
      (row) => row.datname,
    ),
    reader: (await client.query("SELECT 1 FROM pg_roles WHERE rolname = 'pg2ch_reader'")).rowCount,
  }));
}

/** The names of the server's named collections that start with pg2ch_source. */
async function collections(): Promise<string[]> {
  const client = createClient({ url: clickhouse.url, log: { level: ClickHouseLogLevel.OFF } });
  try {
    const result = await client.query({
      query: "SELECT name FROM system.named_collections WHERE startsWith(name, 'pg2ch_source') ORDER BY name",
      format: 'JSONEachRow',
    });
    return (await result.json<{ name: string }>()).map((row) => row.name);
  } finally {
    await client.close();
  }
}

async function createCollection(name: string): Promise<void> {
  const admin = createClient({ url: clickhouse.url });
  try {
    await admin.command({ query: `CREATE NAMED COLLECTION ${name} AS host = 'elsewhere', port = 5432` });
  } finally {
    await admin.close();
  }
}

describe('tests and the bench on given servers', () => {
  it('get a pg2ch_test_ database of their own, and the given database keeps its rows', async () => {
    // Prepare: the user's own pg2ch source, in the database PG_URL names
    const userUrl = postgres.url.replace(/\/pg2ch$/, '/userdb');
    await onPostgres(postgres.url, (client) => client.query('CREATE DATABASE userdb'));
    await migratePostgres(userUrl);
    await onPostgres(userUrl, (client) => client.query("INSERT INTO advertiser (name) VALUES ('precious')"));
    const before = await serverState();
    const saved = { ...process.env };
    // Act: globalSetup as vitest runs it with PG_URL and CLICKHOUSE_URL set, then what every test file does first
    let testUrl = '';
    try {
      Object.assign(process.env, { PG_URL: userUrl, CLICKHOUSE_URL: clickhouse.url, PG_URL_FOR_CLICKHOUSE: '' });
      const teardown = await setup();
      testUrl = process.env.PG_URL ?? '';
      const pool = new pg.Pool({ connectionString: testUrl });
      await resetSource(pool);
      await pool.end();
      await teardown();
    } finally {
      process.env = saved;
    }
    // Assess
    expect(new URL(testUrl).pathname).toMatch(/^\/pg2ch_test_[0-9a-f]{12}$/);
    const precious = await onPostgres(userUrl, (client) => client.query('SELECT name FROM advertiser'));
    expect(precious.rows).toEqual([{ name: 'precious' }]);
    expect(await serverState()).toEqual(before);
  });

  it('drop the pg2ch_reader role they created, and keep a role that existed', async () => {
    // Prepare
    const given = { pgUrl: postgres.url, clickhouseUrl: clickhouse.url };
    await onPostgres(postgres.url, async (client) => {
      await client.query('DROP DATABASE IF EXISTS userdb WITH (FORCE)'); // holds grants to pg2ch_reader
      await client.query('DROP ROLE IF EXISTS pg2ch_reader');
    });
    // Act
    const fresh = await createScratchDatabase(given, 'pg2ch_test_'); // its migration creates pg2ch_reader
    const during = await serverState();
    await fresh.release();
    const afterFresh = await serverState();
    await onPostgres(postgres.url, (client) => client.query('CREATE ROLE pg2ch_reader NOLOGIN'));
    const kept = await createScratchDatabase(given, 'pg2ch_test_');
    await kept.release();
    // Assess
    expect(during.databases).toContain(fresh.name);
    expect(during.reader).toBe(1);
    expect(afterFresh).toEqual({ databases: expect.not.arrayContaining([fresh.name]), reader: 0 });
    expect(await serverState()).toMatchObject({ reader: 1 });
  });

  it('refuse, creating nothing, when the PG_URL role cannot create databases', async () => {
    // Prepare
    await onPostgres(postgres.url, (client) => client.query("CREATE ROLE plain LOGIN PASSWORD 'plain-password'"));
    const plainUrl = postgres.url.replace(/\/\/postgres:[^@]*@/, '//plain:plain-password@');
    const before = await serverState();
    // Act
    const refused = await createScratchDatabase(
      { pgUrl: plainUrl, clickhouseUrl: clickhouse.url },
      'pg2ch_test_',
    ).catch((error: unknown) => error);
    // Assess
    expect(refused).toBeInstanceOf(GivenServerError);
    expect((refused as Error).message).toContain('the PG_URL role plain cannot create databases');
    expect((refused as Error).message).toContain('ALTER ROLE plain CREATEDB');
    expect(await serverState()).toEqual(before);
  });

  it('leave the named collections of pg2ch installations on the ClickHouse server alone, and drop their own', async () => {
    // Prepare: an installation of an earlier pg2ch (pg2ch_source) and one of this version (database prod)
    await createCollection('pg2ch_source');
    await createCollection('pg2ch_source_prod');
    const given = { pgUrl: postgres.url, clickhouseUrl: clickhouse.url };
    // Act: a scratch database, and a test database migrated into ClickHouse as every test file does
    const scratch = await createScratchDatabase(given, 'pg2ch_test_');
    const db = await createTestDatabase({ ...scratch.env, CLICKHOUSE_URL: clickhouse.url });
    const during = await collections();
    await db.drop();
    await scratch.release();
    // Assess
    expect(during).toEqual(['pg2ch_source', 'pg2ch_source_prod', `pg2ch_source_${db.database}`]);
    expect(await collections()).toEqual(['pg2ch_source', 'pg2ch_source_prod']);
  });
});
