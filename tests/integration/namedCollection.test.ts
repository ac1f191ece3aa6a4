import { randomUUID } from 'node:crypto';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeError } from '../../lib/log.ts';
import { migrateClickhouseDatabase } from '../../lib/migrate/clickhouse.ts';
import { migratePostgres } from '../../lib/migrate/postgres.ts';
import { applySourceCollection, redactedFailure } from '../../lib/migrate/sourceCollection.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { syncResult } from '../helpers/runSyncFor.ts';
import { insertEvents, insertOneCampaign, resetSource, sourcePool } from '../helpers/seedPostgres.ts';
import { embeddedEnginesOnly, onEmbeddedEngines } from '../helpers/testEngines.ts';

const pool = sourcePool();
const readerUrl = new URL(process.env.PG_URL_FOR_CLICKHOUSE ?? '');
const readerPassword = decodeURIComponent(readerUrl.password);
/** Everything that could end a literal, a statement or a template slot early: quotes, backslashes, `;`, comments. */
const nastyPassword = `it's "a" \\ pass; -- word \\'; DROP TABLE x; /* {{host}} */ --🙂`;
let db: TestDatabase;

function readerUrlWith(change: (url: URL) => void): string {
  const url = new URL(readerUrl);
  change(url);
  return url.toString();
}

async function setReaderPassword(password: string): Promise<void> {
  const { rows } = await pool.query<{ statement: string }>(
    "SELECT format('ALTER ROLE pg2ch_reader WITH PASSWORD %L', $1::text) AS statement",
    [password],
  );
  await pool.query(rows[0]?.statement ?? '');
}

/** The statements `work` sent through `db.clickhouse.command` that touch a named collection. */
async function collectionStatements(work: () => Promise<unknown>): Promise<string[]> {
  const spy = vi.spyOn(db.clickhouse, 'command');
  await work();
  const sent = spy.mock.calls.map(([params]) => params.query).filter((query) => /NAMED COLLECTION/.test(query));
  spy.mockRestore();
  return sent;
}

beforeEach(async () => {
  await resetSource(pool);
  db = await createTestDatabase();
  await insertEvents(pool, 'impressions', await insertOneCampaign(pool), 50);
});
afterEach(async () => {
  // Only the embedded PostgreSQL's pg2ch_reader has its password changed (given servers' roles are left alone).
  if (onEmbeddedEngines) await setReaderPassword(readerPassword);
  await applySourceCollection(db.clickhouse, db.database, readerUrl.toString());
  await db.drop();
});
afterAll(async () => pool.end());

describe('named collection pg2ch_source_<database>', () => {
  it('carries a password full of quotes, backslashes, semicolons and comments, and syncs read PostgreSQL through it', async (context) => {
    embeddedEnginesOnly(context, "changes pg2ch_reader's password, which only the embedded PostgreSQL's may be");
    // Prepare
    await setReaderPassword(nastyPassword);
    const url = readerUrlWith((u) => {
      u.password = encodeURIComponent(nastyPassword);
    });
    // Act: migrate ALTERs the collection, then re-creates the reader tables (they keep the values they were made with)
    const migrated = await migrateClickhouseDatabase({ ...db.config, pgUrlForClickhouse: url });
    const result = await syncResult(db, 'impressions');
    // Assess
    expect(migrated.collection).toBe('altered');
    expect(result).toMatchObject({ rowsInserted: 50 });
  });

  it('sends the statement only when the collection is missing or one of its values changed', async () => {
    // Prepare: createTestDatabase already pointed the collection at the reader
    const sameServerOtherName = readerUrlWith((u) => {
      u.hostname = 'localhost';
    });
    // Act
    const unchanged = await collectionStatements(async () =>
      expect(await applySourceCollection(db.clickhouse, db.database, readerUrl.toString())).toBe('unchanged'),
    );
    const changed = await collectionStatements(async () =>
      expect(await applySourceCollection(db.clickhouse, db.database, sameServerOtherName)).toBe('altered'),
    );
    const again = await collectionStatements(async () =>
      expect(await applySourceCollection(db.clickhouse, db.database, sameServerOtherName)).toBe('unchanged'),
    );
    const result = await syncResult(db, 'impressions');
    // Assess: one statement, sent whole (its only line break ends the leading comment block)
    expect(unchanged).toEqual([]);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatch(/^(--[^\n]*\n)+ALTER NAMED COLLECTION `pg2ch_source_test_\w+` SET\n[^\n;]+\n?$/);
    expect(again).toEqual([]);
    expect(result.rowsInserted).toBe(50);
    const fingerprints = await db.rows<{ fingerprint: string }>(
      'SELECT fingerprint FROM source_collection_fingerprints',
    );
    expect(JSON.stringify(fingerprints)).not.toContain(readerPassword);
  });

  it("reports a refused statement by the server's code and type, without its echo of the password", async () => {
    // Prepare: a real server refusal that quotes the statement, password included
    const client = createClient({ url: db.config.clickhouseUrl, log: { level: ClickHouseLogLevel.OFF } });
    const refused = await client
      .command({ query: `CREATE NAMED COLLECTION pg2ch_probe AS host = 'h' oops, password = 'hunter2-${Date.now()}'` })
      .catch((error: unknown) => error as Error);
    await client.close();
    // Act
    const error = redactedFailure(refused, 'alter', 'pg2ch_source_example');
    // Assess
    expect((refused as Error).message).toContain('hunter2-');
    expect(error).toMatchObject({ name: 'RedactedError', code: '62', type: 'SYNTAX_ERROR' });
    expect(error.message).toMatch(
      /^ClickHouse refused to alter the named collection pg2ch_source_example \(SYNTAX_ERROR, code 62\)/,
    );
    expect(error.cause).toBeUndefined();
    expect(JSON.stringify([error.message, describeError(error), { ...error }])).not.toContain('hunter2');
  });

  it('leaves the one collection of earlier versions, pg2ch_source, on the server and says it is still there', async () => {
    // Prepare: as an earlier pg2ch left it
    const legacyName = 'pg2ch_source';
    await db.clickhouse.command({ query: `CREATE NAMED COLLECTION ${legacyName} AS host = 'old', port = 5432` });
    try {
      // Act
      const migrated = await migrateClickhouseDatabase(db.config);
      const left = await db.rows<{ name: string }>(
        'SELECT name FROM system.named_collections WHERE name = {legacyName:String}',
        {
          legacyName,
        },
      );
      // Assess
      expect(migrated.legacyCollection).toBe('sql');
      expect(left).toEqual([{ name: legacyName }]);
    } finally {
      await db.clickhouse.command({ query: `DROP NAMED COLLECTION IF EXISTS ${legacyName}` });
    }
    expect((await migrateClickhouseDatabase(db.config)).legacyCollection).toBe('none');
  });

  it('keeps two pg2ch databases on one ClickHouse server apart: each reads its own PostgreSQL, migrate after migrate', async () => {
    // Prepare: a second source database (3 campaigns, 7 impressions) and a second pg2ch database reading it
    const otherName = `pg2ch_test_nc_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    await pool.query(`CREATE DATABASE ${otherName}`);
    const otherUrl = new URL(process.env.PG_URL ?? '');
    otherUrl.pathname = `/${otherName}`;
    await migratePostgres(otherUrl.toString());
    const otherPool = new pg.Pool({ connectionString: otherUrl.toString() });
    const other = await createTestDatabase({ PG_URL: otherUrl.toString(), PG_URL_FOR_CLICKHOUSE: otherUrl.toString() });
    try {
      for (let i = 0; i < 3; i++)
        await insertEvents(otherPool, 'impressions', await insertOneCampaign(otherPool), i * 2 + 1);
      // Act: each side syncs, then the first migrates again (as every deploy does) and both sync once more
      const before = [await syncResult(db, 'campaign'), await syncResult(other, 'campaign')];
      await migrateClickhouseDatabase(db.config);
      const after = [
        await syncResult(other, 'campaign'),
        await syncResult(other, 'impressions'),
        await syncResult(db, 'campaign'),
        await syncResult(db, 'impressions'),
      ];
      // Assess
      expect(before.map((run) => run.rowsInserted)).toEqual([1, 3]);
      expect(after.map((run) => run.rowsInserted)).toEqual([3, 9, 1, 50]);
      const collections = await db.rows<{ name: string }>(
        'SELECT name FROM system.named_collections WHERE name IN ({names:Array(String)}) ORDER BY name',
        { names: [`pg2ch_source_${db.database}`, `pg2ch_source_${other.database}`] },
      );
      expect(collections).toHaveLength(2);
    } finally {
      await other.drop();
      await otherPool.end();
      await pool.query(`DROP DATABASE ${otherName} WITH (FORCE)`);
    }
  });
});
