import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ClickHouseClient,
  type ClickHouseClientConfigOptions,
  ClickHouseError,
  ClickHouseLogLevel,
  type ClickHouseSettings,
  createClient,
} from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChdbEndpoint, startEndpoint as startChdbEndpoint, stopEndpoint } from '../helpers/chdbEndpoint.ts';
import { projectRoot as root } from '../helpers/childProcess.ts';

// The endpoint runs in a child process (the CLI): this worker may already hold another chDB directory,
// and it proves that separate processes can share one endpoint.
type Endpoint = ChdbEndpoint & {
  /** Same endpoint without credentials, for raw fetch(). */
  base: string;
  /** The credentials as ClickHouse headers, for raw fetch(). */
  auth: Record<string, string>;
};

async function startEndpoint(dataDir: string): Promise<Endpoint> {
  const endpoint = await startChdbEndpoint(dataDir);
  const auth = { 'X-ClickHouse-User': 'default', 'X-ClickHouse-Key': endpoint.password };
  return { ...endpoint, base: `http://${new URL(endpoint.url).host}`, auth };
}

/** Runs a short separate node process that inserts `batches` × 1,000 ids starting at `offset`. */
async function insertFromProcess(url: string, database: string, offset: number, batches: number): Promise<number> {
  const script = `
    const { createClient } = require('@clickhouse/client');
    (async () => {
      const client = createClient({ url: process.env.CH_URL, database: process.env.CH_DB });
      for (let b = 0; b < ${batches}; b++) {
        const values = Array.from({ length: 1000 }, (_, i) => ({ id: ${offset} + b * 1000 + i }));
        await client.insert({ table: 'concurrent', values, format: 'JSONEachRow' });
      }
      await client.close();
    })().catch((error) => { console.error(error); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], {
    cwd: root,
    env: { ...process.env, CH_URL: url, CH_DB: database },
  });
  const [code] = await once(child, 'exit');
  return code as number;
}

/** A client whose own error log stays quiet: several tests expect failures. */
function connect(options: ClickHouseClientConfigOptions): ClickHouseClient {
  return createClient({ ...options, log: { level: ClickHouseLogLevel.OFF } });
}

async function rows<T>(client: ClickHouseClient, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const result = await client.query({ query, query_params: params, format: 'JSONEachRow' });
  return result.json<T>();
}

async function caught(promise: Promise<unknown>): Promise<ClickHouseError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ClickHouseError)) throw new Error(`expected a ClickHouseError, got ${String(error)}`);
  return error;
}

describe('chdbServer', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pg2ch-chdb-server-'));
  const database = `test_${randomUUID().replace(/-/g, '')}`;
  let endpoint: Endpoint;
  let client: ClickHouseClient;

  beforeAll(async () => {
    endpoint = await startEndpoint(dataDir);
    const admin = connect({ url: endpoint.url });
    await admin.command({ query: 'CREATE DATABASE {database:Identifier}', query_params: { database } });
    await admin.close();
    client = connect({ url: endpoint.url, database });
  });

  afterAll(async () => {
    await client?.close();
    if (endpoint) await stopEndpoint(endpoint);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers ping and a raw GET query the way a ClickHouse server does', async () => {
    // Prepare
    const url = `${endpoint.base}/?query=SELECT+1`;

    // Act
    const ping = await client.ping();
    const response = await fetch(url, { headers: endpoint.auth });

    // Assess
    expect(ping).toEqual({ success: true });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('1\n');
    expect(response.headers.get('content-type')).toBe('text/tab-separated-values; charset=UTF-8');
    expect(response.headers.get('x-clickhouse-format')).toBe('TabSeparated');
    expect(response.headers.get('x-clickhouse-timezone')).toBe('UTC');
    expect(await (await fetch(`${endpoint.base}/ping`)).text()).toBe('Ok.\n');
  });

  it('reports UTC as the server time zone', async () => {
    // Act
    const result = await rows<{ tz: string }>(client, 'SELECT timezone() AS tz');

    // Assess
    expect(result).toEqual([{ tz: 'UTC' }]);
  });

  it('round-trips query parameters exactly', async () => {
    // Prepare
    const text = `it's "quoted"\ttab\nnewline\r\\backslash\\\\ ünïcödé 🎉 {x:String} \\N`;
    const list = ["a'b", 'c\\d', 'e\tf', '', '🎉'];
    const at = new Date('2024-02-29T12:30:45.123Z');
    const query = `SELECT {text:String} AS text, {list:Array(String)} AS list, {day:Date} AS day,
      {at:DateTime64(3, 'UTC')} AS at, {big:Int64} AS big`;

    // Act
    const result = await client.query({
      query,
      query_params: { text, list, day: '2024-02-29', at, big: 9007199254740993n },
      format: 'JSONEachRow',
      clickhouse_settings: { output_format_json_quote_64bit_integers: 1 },
    });

    // Assess
    expect(await result.json()).toEqual([
      { text, list, day: '2024-02-29', at: '2024-02-29 12:30:45.123', big: '9007199254740993' },
    ]);
  });

  it('passes a parameter over 4 KB in a multipart body', async () => {
    // Prepare
    const long = `'\\\t${'x'.repeat(10_000)}🎉`;

    // Act
    const result = await rows<{ value: string; size: string }>(
      client,
      'SELECT {long:String} AS value, toString(length({long:String})) AS size',
      { long },
    );

    // Assess
    expect(result).toEqual([{ value: long, size: String(Buffer.byteLength(long)) }]);
  });

  it('inserts JSONEachRow rows exactly and reports written_rows', async () => {
    // Prepare
    await client.command({ query: 'CREATE TABLE items (id UInt32, label String) ENGINE = MergeTree ORDER BY id' });
    const values = Array.from({ length: 1000 }, (_, id) => ({
      id,
      label: id === 7 ? "semi;colon 'q' \n" : `row ${id}`,
    }));

    // Act
    const insert = await client.insert({ table: 'items', values, format: 'JSONEachRow' });
    const empty = await client.insert({ table: 'items', values: [], format: 'JSONEachRow' });

    // Assess
    expect(insert.summary?.written_rows).toBe('1000');
    expect(empty.executed).toBe(false);
    expect(await rows(client, 'SELECT count() AS n, sum(id) AS total FROM items')).toEqual([
      { n: 1000, total: 499500 },
    ]);
    expect(await rows(client, 'SELECT id, label FROM items WHERE id IN (6, 7) ORDER BY id')).toEqual([
      { id: 6, label: 'row 6' },
      { id: 7, label: "semi;colon 'q' \n" },
    ]);
  });

  it('reports the rows an INSERT … SELECT wrote in the command summary', async () => {
    // Prepare
    await client.command({ query: 'CREATE TABLE copies (id UInt32) ENGINE = MergeTree ORDER BY id' });

    // Act
    const result = await client.command({ query: 'INSERT INTO copies SELECT number FROM numbers(12345)' });

    // Assess
    expect(result.summary?.written_rows).toBe('12345');
  });

  it('treats an empty insert body as a successful no-op', async () => {
    // Prepare
    await client.command({ query: 'CREATE TABLE nothing (id UInt32) ENGINE = MergeTree ORDER BY id' });
    const url = `${endpoint.base}/?database=${database}&query=${encodeURIComponent('INSERT INTO nothing FORMAT JSONEachRow')}`;

    // Act
    const response = await fetch(url, { method: 'POST', body: '', headers: endpoint.auth });

    // Assess
    expect(response.status).toBe(200);
    expect(await rows(client, 'SELECT count() AS n FROM nothing')).toEqual([{ n: 0 }]);
  });

  it('returns the raw result stream from exec', async () => {
    // Act
    const result = await client.exec({ query: 'SELECT number FROM numbers(3) FORMAT TabSeparated' });
    const chunks: Buffer[] = [];
    for await (const chunk of result.stream) chunks.push(chunk as Buffer);

    // Assess
    expect(Buffer.concat(chunks).toString()).toBe('0\n1\n2\n');
  });

  it('applies clickhouse_settings to one request only', async () => {
    // Prepare
    const read = async (clickhouse_settings: ClickHouseSettings = {}) => {
      const query = "SELECT toString(getSetting('max_threads')) AS v";
      const result = await client.query({ query, format: 'JSONEachRow', clickhouse_settings });
      return result.json<{ v: string }>();
    };
    const before = await read();

    // Act
    const during = await read({ max_threads: 1 });
    const after = await read();

    // Assess
    expect(during).toEqual([{ v: '1' }]);
    expect(after).toEqual(before);
    expect(before).not.toEqual(during);
  });

  it('isolates tables in the database the client names', async () => {
    // Prepare
    await client.command({ query: 'CREATE TABLE only_here (id UInt8) ENGINE = Memory' });
    const other = connect({ url: endpoint.url });

    // Act
    const current = await rows(client, 'SELECT currentDatabase() AS db');
    const elsewhere = await rows(
      other,
      "SELECT count() AS n FROM system.tables WHERE name = 'only_here' AND database = currentDatabase()",
    );
    await other.close();

    // Assess
    expect(current).toEqual([{ db: database }]);
    expect(elsewhere).toEqual([{ n: 0 }]);
  });

  it('raises typed ClickHouseErrors for an unknown table and a syntax error', async () => {
    // Act
    const unknown = await caught(client.query({ query: 'SELECT * FROM no_such_table' }));
    const syntax = await caught(client.command({ query: 'SELEC 1' }));

    // Assess
    expect({ code: unknown.code, type: unknown.type }).toEqual({ code: '60', type: 'UNKNOWN_TABLE' });
    expect({ code: syntax.code, type: syntax.type }).toEqual({ code: '62', type: 'SYNTAX_ERROR' });
  });

  it('rejects a second query with a query_id that is still running', async () => {
    // Prepare
    const query_id = randomUUID();
    const slow = client.command({ query: 'SELECT sleep(1.5)', query_id });
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Act
    const duplicate = await caught(client.command({ query: 'SELECT 1', query_id }));
    await slow;
    const reused = await client.command({ query: 'SELECT 1', query_id });

    // Assess
    expect({ code: duplicate.code, type: duplicate.type }).toEqual({
      code: '216',
      type: 'QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING',
    });
    expect(reused.query_id).toBe(query_id);
  });

  it('rejects a wrong password with AUTHENTICATION_FAILED', async () => {
    // Prepare
    const wrong = new URL(endpoint.url);
    wrong.password = 'wrong-password-0123456789';
    const intruder = connect({ url: wrong.toString() });

    // Act
    const error = await caught(intruder.query({ query: 'SELECT 1' }));
    await intruder.close();

    // Assess
    expect({ code: error.code, type: error.type }).toEqual({ code: '516', type: 'AUTHENTICATION_FAILED' });
  });

  it('accepts gzip request bodies and sends gzip responses', async () => {
    // Prepare
    const zipped = connect({ url: endpoint.url, database, compression: { request: true, response: true } });
    await zipped.command({ query: 'CREATE TABLE zipped (id UInt32) ENGINE = MergeTree ORDER BY id' });
    const query = encodeURIComponent('SELECT 42');

    // Act
    await zipped.insert({ table: 'zipped', values: [{ id: 1 }, { id: 2 }], format: 'JSONEachRow' });
    const result = await rows(zipped, 'SELECT id FROM zipped ORDER BY id');
    const raw = await fetch(`${endpoint.base}/?enable_http_compression=1&query=${query}`, {
      headers: { 'Accept-Encoding': 'gzip', ...endpoint.auth },
    });
    await zipped.close();

    // Assess
    expect(result).toEqual([{ id: 1 }, { id: 2 }]);
    expect(raw.headers.get('content-encoding')).toBe('gzip');
    expect(await raw.text()).toBe('42\n');
  });

  it('keeps settings and temporary tables within a session_id', async () => {
    // Prepare
    const session_id = randomUUID();
    await client.command({ query: 'CREATE TEMPORARY TABLE scratch (id UInt8)', session_id });

    // Act
    await client.command({ query: 'INSERT INTO scratch VALUES (1), (2)', session_id });
    const inSession = await client.query({
      query: 'SELECT count() AS n FROM scratch',
      format: 'JSONEachRow',
      session_id,
    });
    const outside = await caught(client.query({ query: 'SELECT count() FROM scratch' }));

    // Assess
    expect(await inSession.json()).toEqual([{ n: 2 }]);
    expect(outside.type).toBe('UNKNOWN_TABLE');
  });

  it('runs requests from different clients in parallel', async () => {
    // Prepare
    const started = performance.now();

    // Act
    await Promise.all([1, 2, 3].map(() => client.command({ query: 'SELECT sleep(1)' })));

    // Assess
    expect(performance.now() - started).toBeLessThan(2500);
  });

  it('keeps exact totals when two client processes insert concurrently', async () => {
    // Prepare
    await client.command({ query: 'CREATE TABLE concurrent (id UInt32) ENGINE = MergeTree ORDER BY id' });

    // Act
    const codes = await Promise.all([
      insertFromProcess(endpoint.url, database, 0, 10),
      insertFromProcess(endpoint.url, database, 10_000, 10),
    ]);

    // Assess
    expect(codes).toEqual([0, 0]);
    expect(await rows(client, 'SELECT count() AS n, uniqExact(id) AS ids, sum(id) AS total FROM concurrent')).toEqual([
      { n: 20000, ids: 20000, total: 199990000 },
    ]);
  });

  it('refuses a second endpoint process on the same data directory', async () => {
    // Act
    const second = startEndpoint(dataDir);

    // Assess
    await expect(second).rejects.toThrow(/endpoint exited with 1/);
  });

  it('keeps the data across a restart on the same data directory', async () => {
    // Prepare
    await client.close();
    const exitCode = await stopEndpoint(endpoint);

    // Act
    endpoint = await startEndpoint(dataDir);
    client = connect({ url: endpoint.url, database });
    const result = await rows(client, 'SELECT count() AS n FROM items');

    // Assess
    expect(exitCode).toBe(0);
    expect(result).toEqual([{ n: 1000 }]);
  });
});
