import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { syncFunctionName } from '../../lib/tables/handlerName.ts';
import { registry } from '../../lib/tables/registry.ts';
import { maxRunAgeMs } from '../../lib/tables/schedule.ts';

// osls loads these CommonJS files itself; the tests load them the same way.
const require = createRequire(import.meta.url);
const resources = require('../../lib/tables/serverlessResources.cjs');
const functions = require('../../lib/tables/serverlessFunctions.cjs');

const settings = { stage: 'prod', notify: { Ref: 'AlarmTopic' }, freshnessLagAlarmSeconds: 600 };

describe('per-table serverless resources', () => {
  it('gives a table added to the registry its five alarms and its dashboard row with no other edit', () => {
    // Prepare
    const entry = { mode: 'incremental', idColumn: 'id', schedule: 'rate(10 minutes)', columns: 'all' };
    // Act
    const { Resources } = resources.resourcesFor([['ad_groups', entry]], settings);
    // Assess
    expect(Object.keys(Resources).sort()).toEqual([
      'Dashboard',
      'SyncAdGroupsDriftAlarm',
      'SyncAdGroupsErrorsAlarm',
      'SyncAdGroupsFreshnessAlarm',
      'SyncAdGroupsNoSuccessAlarm',
      'SyncAdGroupsRejectedRowsAlarm',
    ]);
    expect(Resources.SyncAdGroupsErrorsAlarm.Properties.Dimensions).toEqual([
      { Name: 'FunctionName', Value: { Ref: 'SyncAdGroupsLambdaFunction' } },
    ]);
    expect(Resources.SyncAdGroupsNoSuccessAlarm.Properties).toMatchObject({ Period: 600, EvaluationPeriods: 3 });
    expect(Resources.SyncAdGroupsFreshnessAlarm.Properties.Threshold).toBe(600);
    expect(JSON.stringify(Resources.Dashboard)).toContain('ad_groups: freshness lag (s)');
  });

  it('keeps alarm windows within CloudWatch limits and equal to the age `npm run status` allows', () => {
    // Prepare
    const schedules = [
      ...new Set(registry.map((spec) => spec.schedule)),
      'rate(2 hours)',
      'rate(1 day)',
      'cron(0 3 * * ? *)',
    ];
    for (const schedule of schedules) {
      // Act
      const { Period, EvaluationPeriods } = resources.alarmWindow(schedule, 3);
      // Assess
      expect(Period % 60, schedule).toBe(0);
      expect(Period, schedule).toBeLessThanOrEqual(86_400);
      expect(Period * EvaluationPeriods, schedule).toBeLessThanOrEqual(Period < 3600 ? 86_400 : 604_800);
      expect(Period * EvaluationPeriods * 1000, schedule).toBe(maxRunAgeMs(schedule, 3));
    }
    expect(resources.alarmWindow('rate(3 days)', 3)).toEqual({ Period: 86_400, EvaluationPeriods: 7 });
  });

  it('names the sync functions as the handlers do', () => {
    for (const key of [...registry.map((spec) => spec.key), 'ad_groups', 'x']) {
      expect(functions.functionName(key)).toBe(syncFunctionName(key));
    }
  });
});
