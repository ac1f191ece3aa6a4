import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyHandler } from '../../lib/lambda/jobs.ts';
import { tableKeys } from '../../lib/tables/registry.ts';
import { verifyTables } from '../../lib/verify/verify.ts';
import { spawnCli, waitForExit } from '../helpers/childProcess.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { lambdaContext } from '../helpers/lambdaContext.ts';
import { captureOutput } from '../helpers/logLines.ts';
import { syncAll, syncResult } from '../helpers/runSyncFor.ts';
import { insertEvents, insertOneCampaign, resetSource, sourcePool } from '../helpers/seedPostgres.ts';

const pool = sourcePool();
const savedEnv = { ...process.env };
let db: TestDatabase;
let campaignId: number;

beforeEach(async () => {
  await resetSource(pool);
  db = await createTestDatabase();
  campaignId = await insertOneCampaign(pool);
  await insertEvents(pool, 'impressions', campaignId, 5000);
  await insertEvents(pool, 'clicks', campaignId, 300);
});
afterEach(async () => {
  process.env = { ...savedEnv };
  vi.restoreAllMocks();
  await db.drop();
});
afterAll(async () => pool.end());

/** Syncs every table twice, so the second run releases the first one's window: safe mark = max id. */
async function syncToSafeMark(): Promise<void> {
  await syncAll(db);
  await syncResult(db, 'impressions');
  await syncResult(db, 'clicks');
}

async function runVerifyCli(): Promise<{ code: number | null; report: Record<string, unknown> }> {
  const { code, stdout } = await waitForExit(
    spawnCli('verify', [], { CLICKHOUSE_DATABASE: db.config.clickhouseDatabase }),
  );
  return { code, report: JSON.parse(stdout) as Record<string, unknown> };
}

describe('verify', () => {
  it('reports no drift and exits 0 while rows above the safe mark are still in flight', async () => {
    // Prepare
    await syncToSafeMark();
    await insertEvents(pool, 'impressions', campaignId, 25);
    // Act
    const { code, report } = await runVerifyCli();
    // Assess
    expect(code).toBe(0);
    expect(report).toMatchObject({ drift: false, drift_rows: 0 });
    expect(report.tables).toEqual([
      {
        table: 'advertiser',
        id_from: 0,
        id_to: 1,
        bound: 'last full load',
        postgres_rows: 1,
        clickhouse_rows: 1,
        drift_rows: 0,
        rejected_rows: 0,
        live_through: null,
        ranges: [],
      },
      {
        table: 'campaign',
        id_from: 0,
        id_to: 1,
        bound: 'last full load',
        postgres_rows: 1,
        clickhouse_rows: 1,
        drift_rows: 0,
        rejected_rows: 0,
        live_through: null,
        ranges: [],
      },
      {
        table: 'clicks',
        id_from: 0,
        id_to: 300,
        bound: 'safe mark',
        postgres_rows: 300,
        clickhouse_rows: 300,
        drift_rows: 0,
        rejected_rows: 0,
        live_through: 'campaign',
        ranges: [],
      },
      {
        table: 'impressions',
        id_from: 0,
        id_to: 5000,
        bound: 'safe mark',
        postgres_rows: 5000,
        clickhouse_rows: 5000,
        drift_rows: 0,
        rejected_rows: 0,
        live_through: 'campaign',
        ranges: [],
      },
    ]);
  });

  it('names the id ranges of rows deleted behind pg2ch in ClickHouse, inserted only in PostgreSQL, or deleted there', async () => {
    // Prepare: id 4321 is missing while syncing and inserted into PostgreSQL afterwards, below the safe mark
    await pool.query('DELETE FROM impressions WHERE id = 4321');
    await syncToSafeMark();
    await pool.query("INSERT INTO impressions (id, campaign_id, created_at) VALUES (4321, $1, '2026-11-20 09:00:00')", [
      campaignId,
    ]);
    await db.clickhouse.command({
      query: 'DELETE FROM impressions_raw WHERE id = 1234 OR (id >= 2000 AND id <= 2004)',
    });
    await pool.query('DELETE FROM impressions WHERE id = 777');
    // Act
    const { code, report } = await runVerifyCli();
    const drilled = await verifyTables(
      ['impressions'],
      { clickhouse: db.clickhouse, pgUrl: db.config.pgUrl },
      {
        topBuckets: 10,
        fanout: 4,
        leafWidth: 20,
      },
    );
    // Assess
    const expected = [
      { first_id: 777, last_id: 777, postgres_rows: 0, clickhouse_rows: 1, differing_rows: 1, exact: true },
      { first_id: 1234, last_id: 1234, postgres_rows: 1, clickhouse_rows: 0, differing_rows: 1, exact: true },
      { first_id: 2000, last_id: 2004, postgres_rows: 5, clickhouse_rows: 0, differing_rows: 5, exact: true },
      { first_id: 4321, last_id: 4321, postgres_rows: 1, clickhouse_rows: 0, differing_rows: 1, exact: true },
    ];
    expect(code).toBe(1);
    expect(report).toMatchObject({ drift: true, drift_rows: 8 });
    const impressions = (report.tables as { table: string }[]).find((table) => table.table === 'impressions');
    expect(impressions).toMatchObject({
      id_to: 5000,
      postgres_rows: 4999,
      clickhouse_rows: 4993,
      drift_rows: 8,
      ranges: expected,
    });
    expect(drilled.tables[0]?.ranges).toEqual(
      expected.map((r) => ({
        firstId: r.first_id,
        lastId: r.last_id,
        postgresRows: r.postgres_rows,
        clickhouseRows: r.clickhouse_rows,
        differingRows: r.differing_rows,
        exact: true,
      })),
    );
  });

  it('repairs a row inserted below the safe mark once the safe mark is lowered below it', async () => {
    // Prepare: id 4321 reaches PostgreSQL only after the safe mark passed it (the documented residual case)
    await pool.query('DELETE FROM impressions WHERE id = 4321');
    await syncToSafeMark();
    await pool.query("INSERT INTO impressions (id, campaign_id, created_at) VALUES (4321, $1, '2026-11-20 09:00:00')", [
      campaignId,
    ]);
    const deps = { clickhouse: db.clickhouse, pgUrl: db.config.pgUrl };
    const before = await verifyTables(['impressions'], deps);
    // Act: the repair recipe of the README, section Guarantees
    await db.clickhouse.command({
      query: "DELETE FROM sync_state WHERE table_name = 'impressions' AND safe_mark >= 4321",
    });
    const repair = await syncResult(db, 'impressions');
    const after = await verifyTables(['impressions'], deps);
    // Assess
    expect(before.tables[0]?.ranges).toMatchObject([
      { firstId: 4321, lastId: 4321, postgresRows: 1, clickhouseRows: 0 },
    ]);
    expect(repair).toMatchObject({ rowsInserted: 1, safeMark: 5000 });
    expect(after).toMatchObject({ driftRows: 0, tables: [{ postgresRows: 5000, clickhouseRows: 5000, ranges: [] }] });
  });

  it('logs one line and publishes drift_rows per table from the verify function', async () => {
    // Prepare
    await syncToSafeMark();
    await db.clickhouse.command({ query: 'DELETE FROM clicks_raw WHERE id = 42' });
    process.env.CLICKHOUSE_DATABASE = db.config.clickhouseDatabase;
    let report: Awaited<ReturnType<ReturnType<typeof verifyHandler>>> | undefined;
    // Act
    const output = await captureOutput(async () => {
      report = await verifyHandler()({}, lambdaContext());
    });
    // Assess
    expect(report?.driftRows).toBe(1);
    expect(output.logs).toHaveLength(1);
    // biome-ignore lint/suspicious/noExplicitAny: the log line is free-form JSON
    const line: any = output.logs[0];
    expect(line).toMatchObject({ level: 'WARN', message: 'verify found drift', drift_rows: 1, service: 'pg2ch' });
    expect(line.tables.map((table: { table: string }) => table.table)).toEqual(tableKeys());
    expect(line.tables.find((table: { table: string }) => table.table === 'clicks').ranges).toEqual([
      { first_id: 42, last_id: 42, postgres_rows: 1, clickhouse_rows: 0, differing_rows: 1, exact: true },
    ]);
    const published = output.metrics.map((emf) => {
      // biome-ignore lint/suspicious/noExplicitAny: the EMF line is free-form JSON
      const directive = (emf as any)._aws.CloudWatchMetrics[0];
      expect(directive).toEqual({
        Namespace: 'pg2ch',
        Dimensions: [['service', 'stage', 'table']],
        Metrics: [{ Name: 'drift_rows', Unit: 'Count' }],
      });
      return [emf.table, emf.drift_rows];
    });
    expect(published).toEqual(tableKeys().map((table) => [table, table === 'clicks' ? 1 : 0]));
  });
});
