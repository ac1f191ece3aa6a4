import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/childProcess.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { insertAdvertiser, insertCampaign, insertEvents, resetSource, sourcePool } from '../helpers/seedPostgres.ts';

const run = promisify(execFile);
const serverless = join(projectRoot, 'node_modules/.bin/serverless');
const pool = sourcePool();
let db: TestDatabase;

beforeEach(async () => {
  await resetSource(pool);
  db = await createTestDatabase();
});
afterEach(async () => db.drop());
afterAll(async () => pool.end());

/** The last top-level JSON object serverless printed (invoke local prints the handler's result last). */
function lastJsonObject(output: string): unknown {
  const start = output.lastIndexOf('\n{\n');
  return JSON.parse(output.slice(start + 1));
}

describe('serverless', () => {
  it('runs syncImpressions with `serverless invoke local` against the test stack and prints the result JSON', async () => {
    // Prepare
    const advertiser = await insertAdvertiser(pool, 'Advertiser A');
    const campaign = await insertCampaign(pool, advertiser, { name: 'Campaign_1_1', bid: '1.00', budget: '10.00' });
    await insertEvents(pool, 'impressions', campaign, 42);
    // Act
    const { stdout } = await run(
      serverless,
      [
        'invoke',
        'local',
        '-f',
        'syncImpressions',
        '--data',
        '{}',
        '-e',
        `CLICKHOUSE_DATABASE=${db.config.clickhouseDatabase}`,
      ],
      {
        cwd: projectRoot,
        env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' },
      },
    );
    // Assess
    expect(lastJsonObject(stdout)).toMatchObject({
      table: 'impressions',
      mode: 'incremental',
      rowsInserted: 42,
      watermark: { from: 0, to: 42 },
      hasMore: false,
    });
  }, 120_000);

  it('packages without AWS credentials into a template with the four schedules, arm64 and reserved concurrency 1', async () => {
    // Prepare
    const out = mkdtempSync(join(tmpdir(), 'pg2ch-package-'));
    try {
      // Act
      await run(serverless, ['package', '--package', out], {
        cwd: projectRoot,
        env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' },
      });
      const template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'));
      const resources = Object.values(template.Resources) as { Type: string; Properties: Record<string, unknown> }[];
      // Assess
      const schedules = resources
        .filter((r) => r.Type === 'AWS::Events::Rule')
        .map((r) => r.Properties.ScheduleExpression)
        .sort();
      expect(schedules.filter((s) => s === 'rate(1 minute)')).toHaveLength(2);
      expect(schedules.filter((s) => s === 'rate(5 minutes)')).toHaveLength(2);
      const syncFunctions = resources.filter(
        (r) => r.Type === 'AWS::Lambda::Function' && String(r.Properties.Handler).startsWith('handlers/sync'),
      );
      expect(syncFunctions).toHaveLength(4);
      for (const fn of syncFunctions) {
        expect(fn.Properties).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          ReservedConcurrentExecutions: 1,
        });
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
