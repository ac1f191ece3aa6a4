// Issue 11 §1: a table is added with one command; migrate, invoke local, sync, verify and repair then work for it with
// no other edit. Runs in a copy of the project (the command writes tables.json and a handler).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitForExit } from '../helpers/childProcess.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { copyProject, type ProjectCopy } from '../helpers/projectCopy.ts';
import { sourcePool } from '../helpers/seedPostgres.ts';

const run = promisify(execFile);
const pool = sourcePool();
let project: ProjectCopy;
let db: TestDatabase;

beforeAll(() => {
  project = copyProject();
});
beforeEach(async () => {
  db = await createTestDatabase();
  await pool.query(
    'DROP TABLE IF EXISTS conversions, keyless_events, odd_types; DROP TYPE IF EXISTS conversion_status',
  );
  await pool.query("CREATE TYPE conversion_status AS ENUM ('pending', 'confirmed')");
  await pool.query(
    `CREATE TABLE conversions (
       id bigserial PRIMARY KEY, impression_id int, value numeric(12,2) NOT NULL, kind text, status conversion_status,
       happened_at timestamptz, tags text[], meta jsonb, flagged boolean, ref uuid)`,
  );
  await pool.query("SELECT setval('conversions_id_seq', 3000000000)");
  await pool.query(
    `INSERT INTO conversions (impression_id, value, kind, status, happened_at, tags, meta, flagged, ref)
     SELECT g, g * 1.25, 'sale', 'confirmed', timestamptz '2026-11-20 12:00:00+01' + make_interval(mins => g),
            ARRAY['a', 'b,c'], '{"x": 1}', g % 2 = 0, gen_random_uuid()
     FROM generate_series(1, 1000) g`,
  );
});
afterEach(async () => {
  await db.drop();
  await pool.query(
    'DROP TABLE IF EXISTS conversions, keyless_events, odd_types; DROP TYPE IF EXISTS conversion_status',
  );
});
afterAll(async () => {
  project.remove();
  await pool.end();
});

const env = () => ({ CLICKHOUSE_DATABASE: db.config.clickhouseDatabase });

async function cli(name: string, args: string[]) {
  return waitForExit(project.cli(name, args, env()));
}

describe('npm run add-table', () => {
  it('adds conversions (bigint ids past 2^31) with one command; migrate, invoke local, sync, verify and repair then work for it', async () => {
    // Act
    const added = await cli('addTable', ['conversions']);
    const migrated = await cli('migrate', []);
    const { stdout: invoked } = await run(
      join(project.dir, 'node_modules/.bin/serverless'),
      [
        'invoke',
        'local',
        '-f',
        'syncConversions',
        '--data',
        '{}',
        '-e',
        `CLICKHOUSE_DATABASE=${db.config.clickhouseDatabase}`,
      ],
      { cwd: project.dir, env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' } },
    );
    await pool.query("INSERT INTO conversions (value, happened_at) VALUES (2.50, 'infinity'), (3.75, now())");
    const synced = await cli('sync', ['conversions', '--json']);
    await db.clickhouse.command({ query: 'DELETE FROM conversions WHERE id = 3000000500' });
    const drifted = await cli('verify', ['conversions']);
    const repaired = await cli('verify', ['conversions', '--repair']);
    // Assess
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(
      "happened_at              timestamp with time zone       -> Nullable(DateTime64(6, 'UTC'))",
    );
    const registry = JSON.parse(readFileSync(join(project.dir, 'tables.json'), 'utf8'));
    expect(registry.tables.conversions).toEqual({
      mode: 'incremental',
      idColumn: 'id',
      schedule: 'rate(1 minute)',
      columns: 'all',
    });
    expect(readFileSync(join(project.dir, 'handlers/syncConversions.ts'), 'utf8')).toBe(
      "import { syncHandler } from '../lib/lambda/sync.ts';\n\nexport const handler = syncHandler('conversions');\n",
    );
    expect(migrated.stdout).toContain('conversions: created its ClickHouse copy');
    expect(invoked).toContain('"rowsInserted": 1000');
    expect(JSON.parse(synced.stdout.trim())).toMatchObject({ rowsInserted: 1, rowsRejected: 1 });
    expect(drifted.code).toBe(1);
    console.log(drifted.stdout);
    expect(JSON.parse(drifted.stdout).tables[0]).toMatchObject({ drift_rows: 1, rejected_rows: 1 });
    expect(repaired.code).toBe(0);
    expect(JSON.parse(repaired.stdout).after.drift_rows).toBe(0);
    const [copy] = await db.rows<Record<string, string>>(
      `SELECT toString(id) AS id, toString(value) AS value, toString(status) AS status, toString(happened_at) AS happened_at,
              toString(tags) AS tags, meta, toString(flagged) AS flagged
       FROM (SELECT * FROM conversions WHERE id = 3000000001)`,
    );
    expect(copy).toEqual({
      id: '3000000001',
      value: '1.25',
      status: 'confirmed',
      happened_at: '2026-11-20 11:01:00.000000',
      tags: "['a','b,c']",
      meta: '{"x": 1}',
      flagged: 'false',
    });
  }, 180_000);

  it('refuses clearly: an unknown table, a name taken, no integer id for incremental mode, an unsupported type', async () => {
    // Prepare
    await pool.query('CREATE TABLE keyless_events (happened_at timestamp, what text)');
    await pool.query('CREATE TABLE odd_types (id serial PRIMARY KEY, spent interval)');
    // Act
    const unknown = await cli('addTable', ['no_such_table']);
    const taken = await cli('addTable', ['impressions']);
    const keyless = await cli('addTable', ['keyless_events']);
    const odd = await cli('addTable', ['odd_types']);
    const full = await cli('addTable', ['keyless_events', '--mode', 'full', '--dry-run']);
    // Assess
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.stderr).toContain('unknown table public.no_such_table');
    expect(taken).toMatchObject({ code: 2 });
    expect(taken.stderr).toContain('"impressions" is already in tables.json');
    expect(keyless).toMatchObject({ code: 2 });
    expect(keyless.stderr).toContain(
      'table keyless_events has no primary key: incremental mode needs one integer id column',
    );
    expect(odd).toMatchObject({ code: 2 });
    expect(odd.stderr).toContain('column "spent" has type interval, which pg2ch does not copy');
    expect(full).toMatchObject({ code: 0 });
    expect(existsSync(join(project.dir, 'handlers/syncKeylessEvents.ts'))).toBe(false);
  });
});
