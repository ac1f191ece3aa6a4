import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeError } from '../../lib/log.ts';
import { migrateClickhouseDatabase } from '../../lib/migrate/clickhouse.ts';
import { applySourceCollection, redactedFailure } from '../../lib/migrate/sourceCollection.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { syncResult } from '../helpers/runSyncFor.ts';
import { insertEvents, insertOneCampaign, resetSource, sourcePool } from '../helpers/seedPostgres.ts';

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
  await setReaderPassword(readerPassword);
  await applySourceCollection(db.clickhouse, readerUrl.toString());
  await db.drop();
});
afterAll(async () => pool.end());

describe('named collection pg2ch_source', () => {
  it('carries a password full of quotes, backslashes, semicolons and comments, and syncs read PostgreSQL through it', async () => {
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
      expect(await applySourceCollection(db.clickhouse, readerUrl.toString())).toBe('unchanged'),
    );
    const changed = await collectionStatements(async () =>
      expect(await applySourceCollection(db.clickhouse, sameServerOtherName)).toBe('altered'),
    );
    const again = await collectionStatements(async () =>
      expect(await applySourceCollection(db.clickhouse, sameServerOtherName)).toBe('unchanged'),
    );
    const result = await syncResult(db, 'impressions');
    // Assess: one statement, sent whole (its only line break ends the leading comment block)
    expect(unchanged).toEqual([]);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatch(/^(--[^\n]*\n)+ALTER NAMED COLLECTION pg2ch_source SET\n[^\n;]+\n?$/);
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
    const error = redactedFailure(refused, 'alter');
    // Assess
    expect((refused as Error).message).toContain('hunter2-');
    expect(error).toMatchObject({ name: 'RedactedError', code: '62', type: 'SYNTAX_ERROR' });
    expect(error.message).toMatch(
      /^ClickHouse refused to alter the named collection pg2ch_source \(SYNTAX_ERROR, code 62\)/,
    );
    expect(error.cause).toBeUndefined();
    expect(JSON.stringify([error.message, describeError(error), { ...error }])).not.toContain('hunter2');
  });
});
