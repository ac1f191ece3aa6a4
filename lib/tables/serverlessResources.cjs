// The per-table CloudFormation resources of serverless.yml, from tables.json: five alarms per sync function and the
// CloudWatch dashboard (lib/tables/serverlessDashboard.cjs). Loaded by osls through `${file(./lib/tables/serverlessResources.cjs)}` in `resources`, so a table
// added with `npm run add-table` gets its alarms and its dashboard row with no edit. Every alarm notifies the topic of
// serverless.yml (condition CreateAlarmTopic: the stack's AlarmTopic, else the stage parameter alarmTopicArn).
// docs/operations.md is the runbook of each alarm; lib/tables/schedule.ts applies the same age rule to `npm run status`.
const registry = require('../../tables.json');
const { logicalPrefix } = require('./serverlessFunctions.cjs');
const { dashboard } = require('./serverlessDashboard.cjs');

const unitSeconds = { minute: 60, hour: 3600, day: 86400 };
/** Where the runbook lives (the repository's docs/operations.md); alarm descriptions name its sections. */
const runbook = 'docs/operations.md';

/** The period of a rate() schedule in seconds; null for cron() (no fixed period). */
function scheduleSeconds(expression) {
  const match = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
  return match ? Number(match[1]) * unitSeconds[match[2]] : null;
}

/**
 * Period and number of evaluation periods spanning `periods` schedule periods, within CloudWatch's limits (a period of
 * at most a day; period × evaluation periods at most a day below an hour's period, at most 7 days above). A cron()
 * schedule gets one day in hours (the rule `npm run status` applies).
 */
function alarmWindow(schedule, periods) {
  const seconds = scheduleSeconds(schedule);
  if (seconds === null) return { Period: 3600, EvaluationPeriods: 24 };
  const period = Math.min(Math.max(seconds, 60), 86400);
  const limit = period < 3600 ? 86400 : 604800;
  const count = Math.min(Math.ceil((seconds * periods) / period), Math.floor(limit / period));
  return { Period: period, EvaluationPeriods: count };
}

function alarm(properties, notify) {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: { ActionsEnabled: true, AlarmActions: [notify], OKActions: [notify], ...properties },
  };
}

/** The five alarms of one table's sync function. */
function tableAlarms(key, entry, settings) {
  const { stage, notify, freshnessLagAlarmSeconds } = settings;
  const prefix = logicalPrefix(key);
  const name = (what) => `pg2ch-${stage}-${key}-${what}`;
  const pg2ch = (metric, statistic) => ({
    Namespace: 'pg2ch',
    MetricName: metric,
    Dimensions: [
      { Name: 'service', Value: 'pg2ch' },
      { Name: 'stage', Value: stage },
      { Name: 'table', Value: key },
    ],
    Statistic: statistic,
  });
  const cron = scheduleSeconds(entry.schedule) === null;
  const errorsWindow = cron ? { Period: 3600, EvaluationPeriods: 1 } : alarmWindow(entry.schedule, 2);
  const staleWindow = alarmWindow(entry.schedule, 3);
  const runWindow = cron ? { Period: 3600, EvaluationPeriods: 1 } : alarmWindow(entry.schedule, 1);
  const describe = (what, anchor) => `${what} Runbook: ${runbook}#${anchor} (first: npm run status -- ${key})`;
  return {
    [`${prefix}ErrorsAlarm`]: alarm(
      {
        AlarmName: name('errors'),
        AlarmDescription: describe(
          `Sync of ${key} failed in ${errorsWindow.EvaluationPeriods} consecutive periods.`,
          'sync-errors',
        ),
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: `${prefix}LambdaFunction` } }],
        Statistic: 'Sum',
        ...errorsWindow,
        DatapointsToAlarm: errorsWindow.EvaluationPeriods,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        TreatMissingData: 'notBreaching',
      },
      notify,
    ),
    [`${prefix}NoSuccessAlarm`]: alarm(
      {
        AlarmName: name('no-successful-run'),
        AlarmDescription: describe(
          `No successful sync of ${key} for ${staleWindow.EvaluationPeriods} periods of ${staleWindow.Period} s.`,
          'no-successful-run',
        ),
        ...pg2ch('rows_synced', 'SampleCount'),
        ...staleWindow,
        DatapointsToAlarm: staleWindow.EvaluationPeriods,
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        TreatMissingData: 'breaching',
      },
      notify,
    ),
    [`${prefix}FreshnessAlarm`]: alarm(
      {
        AlarmName: name('freshness-lag'),
        AlarmDescription: describe(
          `Data of ${key} in ClickHouse older than ${freshnessLagAlarmSeconds} s.`,
          'freshness-lag',
        ),
        ...pg2ch('freshness_lag_s', 'Maximum'),
        ...staleWindow,
        DatapointsToAlarm: staleWindow.EvaluationPeriods,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: freshnessLagAlarmSeconds,
        TreatMissingData: 'notBreaching',
      },
      notify,
    ),
    [`${prefix}DriftAlarm`]: alarm(
      {
        AlarmName: name('drift'),
        AlarmDescription: describe(
          `Hourly verify found ${key} rows that differ between PostgreSQL and ClickHouse.`,
          'drift',
        ),
        ...pg2ch('drift_rows', 'Maximum'),
        Period: 3600,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        TreatMissingData: 'notBreaching',
      },
      notify,
    ),
    [`${prefix}RejectedRowsAlarm`]: alarm(
      {
        AlarmName: name('rejected-rows'),
        AlarmDescription: describe(`Sync of ${key} quarantined rows ClickHouse cannot store.`, 'rejected-rows'),
        ...pg2ch('rows_rejected', 'Sum'),
        ...runWindow,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        TreatMissingData: 'notBreaching',
      },
      notify,
    ),
  };
}

/**
 * The per-table resources for `tables` ([key, entry] of tables.json) with `settings`: stage, notify (the alarm action)
 * and freshnessLagAlarmSeconds. Pure.
 */
function resourcesFor(tables, settings) {
  const alarms = Object.assign({}, ...tables.map(([key, entry]) => tableAlarms(key, entry, settings)));
  return { Resources: { ...alarms, Dashboard: dashboard(tables, settings.stage) } };
}

module.exports = async ({ resolveVariable }) => {
  const stage = await resolveVariable('sls:stage');
  const alarmTopicArn = await resolveVariable('param:alarmTopicArn');
  const freshnessLagAlarmSeconds = Number(await resolveVariable('param:freshnessLagAlarmSeconds'));
  const notify = { 'Fn::If': ['CreateAlarmTopic', { Ref: 'AlarmTopic' }, alarmTopicArn] };
  return resourcesFor(Object.entries(registry.tables), { stage, notify, freshnessLagAlarmSeconds });
};
module.exports.alarmWindow = alarmWindow;
module.exports.resourcesFor = resourcesFor;
module.exports.scheduleSeconds = scheduleSeconds;
