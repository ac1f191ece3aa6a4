import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { syncHandler } from '../../lib/lambda/sync.ts';
import { isSkipped, type SyncOutcome } from '../../lib/sync.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { lambdaContext } from '../helpers/lambdaContext.ts';
import { insertAdvertiser, insertCampaign, insertEvents, resetSource, sourcePool } from '../helpers/seedPostgres.ts';

const pool = sourcePool();
const savedEnv = { ...process.env };
let db: TestDatabase;

beforeEach(async () => {
  await resetSource(pool);
  db = await createTestDatabase();
  process.env.CLICKHOUSE_DATABASE = db.config.clickhouseDatabase;
  const advertiser = await insertAdvertiser(pool, 'Advertiser A');
  const campaignId = await insertCampaign(pool, advertiser, { name: 'Campaign_1_1', bid: '1.00', budget: '100.00' });
  await insertEvents(pool, 'impressions', campaignId, 500);
});
afterEach(async () => {
  process.env = { ...savedEnv };
  vi.restoreAllMocks();
  await db.drop();
});
afterAll(async () => pool.end());

/** Resolves once `count` of the promises have settled. */
function settledCount(promises: Promise<unknown>[], count: number): Promise<void> {
  let settled = 0;
  return new Promise((resolve) => {
    for (const promise of promises) {
      promise.finally(() => {
        settled += 1;
        if (settled === count) resolve();
      });
    }
  });
}

describe('simultaneous invocations', () => {
  it.each([2, 5])(
    'lets exactly one of %i simultaneous syncImpressions invocations do the work',
    async (invocations) => {
      // Prepare: hold the winner inside its run (its snapshot read waits for this table lock) until the others returned
      const blocker = await pool.connect();
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE impressions IN ACCESS EXCLUSIVE MODE');
      const handler = syncHandler('impressions');
      const lines: string[] = [];
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        lines.push(String(chunk));
        return true;
      });
      // Act
      const runs: Promise<SyncOutcome>[] = Array.from({ length: invocations }, (_, index) =>
        handler({}, lambdaContext({ awsRequestId: `invocation-${index}` })),
      );
      await settledCount(runs, invocations - 1);
      await blocker.query('COMMIT');
      blocker.release();
      const outcomes = await Promise.all(runs);
      vi.restoreAllMocks();
      // Assess
      const skipped = outcomes.filter(isSkipped);
      const worked = outcomes.filter((outcome) => !isSkipped(outcome));
      expect(skipped).toEqual(Array(invocations - 1).fill({ table: 'impressions', skipped: 'locked' }));
      expect(worked).toMatchObject([{ table: 'impressions', rowsInserted: 500 }]);
      const logged = lines.flatMap((chunk) => chunk.split('\n')).filter((line) => line.startsWith('{'));
      const parsed = logged.map((line) => JSON.parse(line) as { level?: string; message?: string });
      const messages = parsed
        .filter((line) => line.level !== undefined)
        .map((line) => line.message)
        .sort();
      expect(messages).toEqual(['sync finished', ...Array(invocations - 1).fill('sync skipped')]);
      const [counts] = await db.rows<{ rows: string; ids: string }>(
        'SELECT toString(count()) AS rows, toString(uniqExact(id)) AS ids FROM impressions_raw',
      );
      expect(counts).toEqual({ rows: '500', ids: '500' });
    },
  );
});
