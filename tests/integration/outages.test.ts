import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClickHouseError } from '@clickhouse/client';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { SyncError } from '../../lib/errors.ts';
import { syncHandler } from '../../lib/lambda/sync.ts';
import { describeError } from '../../lib/log.ts';
import { type ChdbEndpoint, startEndpoint, stopEndpoint } from '../helpers/chdbEndpoint.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { lambdaContext } from '../helpers/lambdaContext.ts';
import { captureOutput } from '../helpers/logLines.ts';
import { syncOnce, syncResult } from '../helpers/runSyncFor.ts';
import { startScratchPostgres } from '../helpers/scratchPostgres.ts';
import { insertAdvertiser, insertCampaign, insertEvents, resetSource, sourcePool } from '../helpers/seedPostgres.ts';

const pool = sourcePool();
afterAll(async () => pool.end());

/** Seeds one campaign with `count` impressions through `target`. */
async function seed(target: pg.Pool, count: number): Promise<void> {
  const advertiser = await insertAdvertiser(target, 'Advertiser A');
  const campaign = await insertCampaign(target, advertiser, { name: 'Campaign_1_1', bid: '1.00', budget: '100.00' });
  await insertEvents(target, 'impressions', campaign, count);
}

/**
 * Holds ACCESS EXCLUSIVE on impressions in a transaction of its own, so ClickHouse's COPY of the table waits
 * (the run is then provably inside its INSERT). `waitForCopy` resolves once a lock request waits behind it.
 */
async function blockImpressions(url: string) {
  const blocker = new pg.Client({ connectionString: url });
  blocker.on('error', () => {}); // the server may be stopped under it
  await blocker.connect();
  await blocker.query('BEGIN');
  await blocker.query('LOCK TABLE impressions IN ACCESS EXCLUSIVE MODE');
  return {
    async waitForCopy(): Promise<void> {
      const waiting =
        "SELECT count(*)::int AS n FROM pg_locks WHERE relation = 'impressions'::regclass AND NOT granted";
      while ((await blocker.query<{ n: number }>(waiting)).rows[0]?.n === 0) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    release: () => blocker.end().catch(() => {}),
  };
}

type Block = Awaited<ReturnType<typeof blockImpressions>>;

/**
 * A beforeInsert seam that blocks impressions once the run has planned its window. `whenCopyWaits(run)`
 * resolves once that run's COPY waits behind the lock, and rejects if the run ends first.
 */
function blockAtInsert(url: string) {
  let taken: Block | undefined;
  let signal: (block: Block) => void = () => {};
  const blocked = new Promise<Block>((resolve) => {
    signal = resolve;
  });
  return {
    beforeInsert: async () => {
      taken = await blockImpressions(url);
      signal(taken);
    },
    async whenCopyWaits(run: Promise<unknown>): Promise<void> {
      const ended = run.then(() => Promise.reject(new Error('the run ended before its COPY waited')));
      ended.catch(() => {});
      const block = await Promise.race([blocked, ended]);
      const waited = block.waitForCopy();
      waited.catch(() => {});
      await Promise.race([waited, ended]);
    },
    release: async () => taken?.release(),
  };
}

/**
 * `ALTER ROLE <the role ClickHouse reads PostgreSQL as> IN DATABASE <its database>`: a setting that applies to
 * ClickHouse's sessions in the test database only (it wins over the role's own setting), on any server.
 */
function clickhouseRoleInDatabase(): string {
  const url = new URL(process.env.PG_URL_FOR_CLICKHOUSE || process.env.PG_URL || '');
  const quote = (name: string) => `"${decodeURIComponent(name).replace(/"/g, '""')}"`;
  return `ALTER ROLE ${quote(url.username)} IN DATABASE ${quote(url.pathname.slice(1))}`;
}

async function state(db: TestDatabase): Promise<{ rows: string; ids: string; runs: string }> {
  const [row] = await db.rows<{ rows: string; ids: string; runs: string }>(
    `SELECT toString(count()) AS rows, toString(uniqExact(id)) AS ids,
            (SELECT toString(count()) FROM sync_state WHERE table_name = 'impressions') AS runs
     FROM impressions_raw`,
  );
  if (!row) throw new Error('no row');
  return row;
}

describe('outages', () => {
  it('names PostgreSQL when it stops during the INSERT, keeps state unchanged and catches up exactly', async () => {
    // Prepare: a PostgreSQL of this test's own; ClickHouse reads it as the superuser
    const scratch = await startScratchPostgres();
    const scratchPool = new pg.Pool({ connectionString: scratch.url });
    scratchPool.on('error', () => {});
    const db = await createTestDatabase({ PG_URL: scratch.url, PG_URL_FOR_CLICKHOUSE: scratch.url });
    try {
      await seed(scratchPool, 1000);
      const block = blockAtInsert(scratch.url);
      // Act
      const run = syncOnce(db, 'impressions', { beforeInsert: block.beforeInsert }).catch((error: unknown) => error);
      await block.whenCopyWaits(run);
      await scratch.stop();
      const duringInsert = await run;
      const whileDown = await syncOnce(db, 'impressions').catch((error: unknown) => error);
      const stateWhileDown = await state(db);
      await block.release();
      await scratch.restart();
      const caughtUp = await syncResult(db, 'impressions');
      // Assess
      expect(duringInsert).toBeInstanceOf(SyncError);
      expect(duringInsert).toMatchObject({ step: 'insert window', unreachable: ['PostgreSQL'] });
      expect((duringInsert as Error).message).toBe('failed to insert window for impressions: PostgreSQL unreachable');
      expect((duringInsert as Error).cause).toBeInstanceOf(ClickHouseError);
      expect(whileDown).toMatchObject({ step: 'connect to PostgreSQL', unreachable: ['PostgreSQL'] });
      const password = new URL(scratch.url).password;
      expect(JSON.stringify([describeError(duringInsert), describeError(whileDown)])).not.toContain(password);
      expect(stateWhileDown).toEqual({ rows: '0', ids: '0', runs: '0' });
      expect(caughtUp.rowsInserted).toBe(1000);
      expect(await state(db)).toEqual({ rows: '1000', ids: '1000', runs: '1' });
    } finally {
      await scratchPool.end();
      await db.drop();
      await scratch.remove();
    }
  });

  it('names ClickHouse when its endpoint dies during the INSERT, keeps state unchanged and catches up exactly', async () => {
    // Prepare: a ClickHouse endpoint of this test's own, reading the shared PostgreSQL
    await resetSource(pool);
    await seed(pool, 1000);
    const dataDir = mkdtempSync(join(tmpdir(), 'pg2ch-endpoint-'));
    let endpoint: ChdbEndpoint = await startEndpoint(dataDir);
    const db = await createTestDatabase({ CLICKHOUSE_URL: endpoint.url });
    const block = blockAtInsert(process.env.PG_URL ?? '');
    const savedEnv = { ...process.env };
    try {
      // Act
      const run = syncOnce(db, 'impressions', { beforeInsert: block.beforeInsert }).catch((error: unknown) => error);
      await block.whenCopyWaits(run);
      await stopEndpoint(endpoint, 'SIGKILL');
      const duringInsert = await run;
      await block.release();
      Object.assign(process.env, { CLICKHOUSE_URL: endpoint.url, CLICKHOUSE_DATABASE: db.config.clickhouseDatabase });
      let handlerError: unknown;
      const output = await captureOutput(async () => {
        handlerError = await syncHandler('impressions')({}, lambdaContext()).catch((error: unknown) => error);
      });
      endpoint = await startEndpoint(dataDir, endpoint.port, endpoint.password);
      const stateAfterRestart = await state(db);
      const caughtUp = await syncResult(db, 'impressions');
      // Assess
      expect(duringInsert).toBeInstanceOf(SyncError);
      expect(duringInsert).toMatchObject({ step: 'insert window', unreachable: ['ClickHouse'] });
      expect((duringInsert as Error).message).toBe('failed to insert window for impressions: ClickHouse unreachable');
      expect(handlerError).toMatchObject({ step: 'read watermark', unreachable: ['ClickHouse'] });
      expect(output.logs).toHaveLength(1);
      expect(output.logs[0]).toMatchObject({
        level: 'ERROR',
        message: 'sync failed',
        step: 'read watermark',
        unreachable: ['ClickHouse'],
        error: { name: 'SyncError', message: 'failed to read watermark for impressions: ClickHouse unreachable' },
      });
      // What the failed run knows, with ClickHouse gone: its duration, not its freshness or rows
      expect(output.metrics).toHaveLength(1);
      expect(output.metrics[0]).toMatchObject({ table: 'impressions', skipped_locked: 0 });
      expect(output.metrics[0]).not.toHaveProperty('freshness_lag_s');
      expect(output.metrics[0]).not.toHaveProperty('rows_synced');
      expect(stateAfterRestart).toEqual({ rows: '0', ids: '0', runs: '0' });
      expect(caughtUp.rowsInserted).toBe(1000);
      expect(await state(db)).toEqual({ rows: '1000', ids: '1000', runs: '1' });
    } finally {
      process.env = savedEnv;
      await block.release();
      await db.drop();
      await stopEndpoint(endpoint);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('fails clearly when PostgreSQL cancels the COPY at its statement timeout, then catches up exactly', async () => {
    // Prepare: ClickHouse's role (pg2ch_reader on the embedded engines) with a short statement_timeout in the
    // test database only; the COPY waits on a table lock
    await resetSource(pool);
    await seed(pool, 1000);
    const db = await createTestDatabase();
    await pool.query(`${clickhouseRoleInDatabase()} SET statement_timeout = '300ms'`);
    const block = blockAtInsert(process.env.PG_URL ?? '');
    try {
      // Act
      const timedOut = await syncOnce(db, 'impressions', { beforeInsert: block.beforeInsert }).catch(
        (error: unknown) => error,
      );
      await block.release();
      await pool.query(`${clickhouseRoleInDatabase()} RESET statement_timeout`);
      const stateAfterTimeout = await state(db);
      const caughtUp = await syncResult(db, 'impressions');
      // Assess
      expect(timedOut).toBeInstanceOf(SyncError);
      expect(timedOut).toMatchObject({ step: 'insert window', unreachable: [] });
      expect(((timedOut as Error).cause as Error).message).toContain('canceling statement due to statement timeout');
      expect(stateAfterTimeout).toEqual({ rows: '0', ids: '0', runs: '0' });
      expect(caughtUp.rowsInserted).toBe(1000);
      expect(await state(db)).toEqual({ rows: '1000', ids: '1000', runs: '1' });
    } finally {
      await block.release();
      await pool.query(`${clickhouseRoleInDatabase()} RESET statement_timeout`);
      await db.drop();
    }
  });
});
