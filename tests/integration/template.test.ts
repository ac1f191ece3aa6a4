// The CloudFormation template `npx serverless package` writes: alarms, topic wiring, roles, HTTP API limits and the
// dashboard, and its validity against the CloudFormation resource specification (@aws-cdk/aws-service-spec).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../lib/tables/registry.ts';
import { loadAwsServiceSpec, type SpecDatabase, type Template, validateTemplate } from '../helpers/cfnSpec.ts';
import { projectRoot } from '../helpers/childProcess.ts';

const run = promisify(execFile);
const serverless = join(projectRoot, 'node_modules/.bin/serverless');
const existingTopic = 'arn:aws:sns:eu-west-1:123456789012:ops-alarms';
const ssmKey = 'arn:aws:kms:eu-west-1:123456789012:key/0b1f8a3e-0000-4000-8000-000000000000';
// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is walked freely in assertions
type Any = any;

let spec: SpecDatabase;
let dev: Template;
let prod: Template;

/** Packages the service into a temp dir (the checkout keeps no .serverless) and returns the update template. */
async function packageTemplate(args: string[]): Promise<Template> {
  const out = mkdtempSync(join(tmpdir(), 'pg2ch-template-'));
  try {
    await run(serverless, ['package', '--package', out, ...args], {
      cwd: projectRoot,
      env: {
        ...process.env,
        ...{ AWS_EC2_METADATA_DISABLED: 'true', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' },
        // What a .env of the cluster compose file would set otherwise (serverless.yml's defaults of two parameters).
        ...{ CLICKHOUSE_CLUSTER: '', CLICKHOUSE_CLOUD: '' },
      },
    });
    return JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Evaluates a condition of the template (Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition over literals). */
function holds(template: Template, expression: Any): boolean {
  if (typeof expression.Condition === 'string') return holds(template, template.Conditions?.[expression.Condition]);
  if (expression['Fn::Equals']) return expression['Fn::Equals'][0] === expression['Fn::Equals'][1];
  if (expression['Fn::Not']) return !holds(template, expression['Fn::Not'][0]);
  if (expression['Fn::And']) return expression['Fn::And'].every((e: Any) => holds(template, e));
  if (expression['Fn::Or']) return expression['Fn::Or'].some((e: Any) => holds(template, e));
  throw new Error(`cannot evaluate ${JSON.stringify(expression)}`);
}

/** A value with every Fn::If resolved by the template's conditions. */
function resolveIf(template: Template, value: Any): Any {
  if (Array.isArray(value)) return value.map((item) => resolveIf(template, item));
  if (value === null || typeof value !== 'object') return value;
  if (value['Fn::If']) {
    const [condition, whenTrue, whenFalse] = value['Fn::If'];
    return resolveIf(template, holds(template, { Condition: condition }) ? whenTrue : whenFalse);
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveIf(template, item)]));
}

function resourcesOf(template: Template, type: string): [string, Any][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** The alarms of the template by AlarmName. */
function alarmsByName(template: Template): Map<string, Any> {
  const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
  return new Map(alarms.map((alarm) => [alarm.AlarmName as string, alarm]));
}

/** The text of a Fn::Join of strings and Refs, with each Ref written as @Name. */
function joined(value: Any): string {
  if (typeof value === 'string') return value;
  const [separator, parts] = value['Fn::Join'];
  return parts.map((part: Any) => (typeof part === 'string' ? part : `@${part.Ref}`)).join(separator);
}

beforeAll(async () => {
  spec = await loadAwsServiceSpec();
  dev = await packageTemplate([]);
  prod = await packageTemplate([
    ...['--stage', 'prod'],
    ...['--param', `alarmTopicArn=${existingTopic}`, '--param', `ssmKmsKeyArn=${ssmKey}`],
  ]);
}, 180_000);

describe('packaged CloudFormation template', () => {
  it('is valid against the CloudFormation resource specification, types and properties included', () => {
    expect(validateTemplate(spec, dev)).toEqual([]);
    expect(validateTemplate(spec, prod)).toEqual([]);
  });

  it('fails the specification check for an unknown property, a wrong type or a dangling reference', () => {
    // Prepare: the check itself must be able to fail
    const broken = structuredClone(dev) as Any;
    const [name] = resourcesOf(broken, 'AWS::CloudWatch::Alarm')[0] as [string, Any];
    broken.Resources[name].Properties.Treshold = 1;
    broken.Resources[name].Properties.EvaluationPeriods = 'three';
    broken.Resources.KpiLambdaFunction.Properties.Role = { 'Fn::GetAtt': ['NoSuchRole', 'Arn'] };
    // Act
    const problems = validateTemplate(spec, broken);
    // Assess
    expect(problems).toEqual(
      expect.arrayContaining([
        `Resources.${name}.Properties.Treshold: unknown property`,
        `Resources.${name}.Properties.EvaluationPeriods: expected an integer`,
        'Resources.KpiLambdaFunction.Properties.Role: Fn::GetAtt of unknown NoSuchRole',
      ]),
    );
  });

  it('gives every registry table five alarms on its function and its metrics (dimensions service, stage, table)', () => {
    const alarms = alarmsByName(prod);
    for (const table of registry) {
      const fn = Object.entries(prod.Resources).find(
        ([, r]) =>
          r.Type === 'AWS::Lambda::Function' &&
          r.Properties?.Handler ===
            `handlers/sync${table.key.charAt(0).toUpperCase()}${table.key.slice(1).replace(/_(\w)/g, (_, c: string) => c.toUpperCase())}.handler`,
      );
      expect(fn, table.key).toBeDefined();
      const period = table.schedule === 'rate(1 minute)' ? 60 : 300;
      const dims = [
        { Name: 'service', Value: 'pg2ch' },
        { Name: 'stage', Value: 'prod' },
        { Name: 'table', Value: table.key },
      ];
      const name = (what: string) => `pg2ch-prod-${table.key}-${what}`;
      expect(alarms.get(name('errors'))).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn?.[0] } }],
        Statistic: 'Sum',
        Period: period,
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
      expect(alarms.get(name('no-successful-run'))).toMatchObject({
        Namespace: 'pg2ch',
        MetricName: 'rows_synced',
        Dimensions: dims,
        Statistic: 'SampleCount',
        Period: period,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        TreatMissingData: 'breaching',
      });
      expect(alarms.get(name('freshness-lag'))).toMatchObject({
        MetricName: 'freshness_lag_s',
        Dimensions: dims,
        Statistic: 'Maximum',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 900,
      });
      expect(alarms.get(name('drift'))).toMatchObject({
        MetricName: 'drift_rows',
        Dimensions: dims,
        Period: 3600,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
      expect(alarms.get(name('rejected-rows'))).toMatchObject({
        MetricName: 'rows_rejected',
        Dimensions: dims,
        Statistic: 'Sum',
        Period: period,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    }
    expect(alarms.size).toBe(registry.length * 5 + 2);
  });

  it('alarms on the kpi HTTP API: 5xx answers and p95 latency', () => {
    const alarms = alarmsByName(dev);
    expect(alarms.get('pg2ch-dev-kpi-5xx')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: 'HttpApi' } }],
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(alarms.get('pg2ch-dev-kpi-p95-latency')).toMatchObject({
      MetricName: 'Latency',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: 'HttpApi' } }],
      ExtendedStatistic: 'p95',
      Threshold: 1000,
    });
  });

  it('sends every alarm to the topic the stack creates, or to the existing topic a stage names', () => {
    // Prepare
    const actions = (template: Template) =>
      [...alarmsByName(template).values()].flatMap((alarm) => [
        ...resolveIf(template, alarm.AlarmActions),
        ...resolveIf(template, alarm.OKActions),
      ]);
    // Act
    const created = actions(dev);
    const existing = actions(prod);
    // Assess
    expect(holds(dev, { Condition: 'CreateAlarmTopic' })).toBe(true);
    expect(dev.Resources.AlarmTopic).toMatchObject({ Type: 'AWS::SNS::Topic', Condition: 'CreateAlarmTopic' });
    expect(new Set(created.map((action) => JSON.stringify(action)))).toEqual(new Set(['{"Ref":"AlarmTopic"}']));
    expect(holds(prod, { Condition: 'CreateAlarmTopic' })).toBe(false);
    expect(new Set(existing)).toEqual(new Set([existingTopic]));
    expect(existing).not.toContainEqual('');
    expect(created).toHaveLength(2 * (registry.length * 5 + 2));
  });

  it('runs each function kind under its own role (backfill as a sync), which may write its logs; kpi reads only its key and the read-only ClickHouse URL', () => {
    // Prepare
    const functions = resourcesOf(dev, 'AWS::Lambda::Function');
    const roleOf = (fn: Any) => fn.Properties.Role['Fn::GetAtt'][0];
    const statements = (role: string) =>
      (dev.Resources[role] as Any).Properties.Policies.flatMap((policy: Any) => policy.PolicyDocument.Statement);
    const parameters = (role: string) =>
      statements(role)
        .filter((s: Any) => s.Action === 'ssm:GetParameters')
        .flatMap((s: Any) => s.Resource.map(joined));
    // Assess
    expect(
      resourcesOf(dev, 'AWS::IAM::Role')
        .map(([id]) => id)
        .sort(),
    ).toEqual(['JobsRole', 'KpiRole', 'SyncRole']);
    for (const [id, fn] of functions) {
      const sync = id.startsWith('Sync') || id === 'BackfillLambdaFunction';
      const expected = sync ? 'SyncRole' : id === 'KpiLambdaFunction' ? 'KpiRole' : 'JobsRole';
      expect(roleOf(fn), id).toBe(expected);
      const logGroups = statements(expected)
        .filter((s: Any) => s.Sid === 'WriteOwnLogs')
        .flatMap((s: Any) => s.Resource.map(joined))
        .map(
          (pattern: string) => new RegExp(`^${pattern.replace(/[.^$+?()[\]{}|\\]/g, '\\$&').replace(/\*/g, '.*')}$`),
        );
      const ownLogGroup = `arn:@AWS::Partition:logs:@AWS::Region:@AWS::AccountId:log-group:/aws/lambda/${fn.Properties.FunctionName}:*`;
      expect(
        logGroups.some((pattern: RegExp) => pattern.test(ownLogGroup)),
        `${id} may write its own logs`,
      ).toBe(true);
    }
    const arn = (name: string) => `arn:@AWS::Partition:ssm:@AWS::Region:@AWS::AccountId:parameter/pg2ch/dev/${name}`;
    expect(parameters('KpiRole')).toEqual([arn('kpi-api-key'), arn('clickhouse-kpi-url')]);
    expect(parameters('SyncRole')).toEqual([arn('pg-url'), arn('clickhouse-url')]);
    expect(parameters('JobsRole')).toEqual([arn('pg-url'), arn('pg-url-for-clickhouse'), arn('clickhouse-url')]);
    expect(JSON.stringify(statements('KpiRole'))).not.toMatch(/pg-url|clickhouse-url"|\/pg2ch\/dev\/\*/);
    for (const id of ['SyncImpressionsLambdaFunction', 'MigrateLambdaFunction', 'BackfillLambdaFunction']) {
      const environment = (dev.Resources[id] as Any).Properties.Environment.Variables;
      expect(environment, id).toMatchObject({ CLICKHOUSE_CLUSTER: '', CLICKHOUSE_CLOUD: '' });
    }
    const kpiEnvironment = (dev.Resources.KpiLambdaFunction as Any).Properties.Environment.Variables;
    expect(Object.keys(kpiEnvironment).filter((key) => key.startsWith('SSM_'))).toEqual([
      'SSM_KPI_API_KEY',
      'SSM_KPI_CLICKHOUSE_URL',
    ]);
  });

  it('lets each role decrypt only its own parameters, through SSM, with the stage key when one is named', () => {
    for (const template of [dev, prod]) {
      for (const role of ['SyncRole', 'JobsRole', 'KpiRole']) {
        const statements = (template.Resources[role] as Any).Properties.Policies.flatMap(
          (policy: Any) => policy.PolicyDocument.Statement,
        );
        const decrypt = resolveIf(
          template,
          statements.find((s: Any) => s.Action === 'kms:Decrypt'),
        );
        const read = statements.find((s: Any) => s.Action === 'ssm:GetParameters');
        expect(decrypt.Condition.StringEquals['kms:EncryptionContext:PARAMETER_ARN']).toEqual(read.Resource);
        expect(joined(decrypt.Condition.StringEquals['kms:ViaService'])).toBe('ssm.@AWS::Region.amazonaws.com');
        if (template === prod) expect(decrypt.Resource).toBe(ssmKey);
        else expect(joined(decrypt.Resource)).toBe('arn:@AWS::Partition:kms:@AWS::Region:@AWS::AccountId:key/*');
        const actions = statements.flatMap((s: Any) => [s.Action].flat());
        expect(actions.sort()).toEqual([
          'kms:Decrypt',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'ssm:GetParameters',
        ]);
      }
    }
  });

  it('throttles every HTTP API route, logs access, and reserves concurrency for kpi', () => {
    const stage = (dev.Resources.HttpApiStage as Any).Properties;
    expect(stage.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 });
    expect(stage.AccessLogSettings.DestinationArn).toEqual({ 'Fn::GetAtt': ['HttpApiLogGroup', 'Arn'] });
    expect(JSON.parse(stage.AccessLogSettings.Format)).toMatchObject({ status: '$context.status' });
    expect((dev.Resources.KpiLambdaFunction as Any).Properties.ReservedConcurrentExecutions).toBe(10);
  });

  it('draws a dashboard row per table: freshness, backlog, rows and errors', () => {
    // Prepare
    const body = JSON.parse(joined((dev.Resources.Dashboard as Any).Properties.DashboardBody));
    const titles = body.widgets.map((widget: Any) => widget.properties.title).filter(Boolean);
    // Assess
    for (const table of registry) {
      expect(titles).toEqual(
        expect.arrayContaining([
          `${table.key}: freshness lag (s)`,
          `${table.key}: backlog (ids)`,
          `${table.key}: rows synced / rejected`,
          `${table.key}: errors / skipped runs`,
        ]),
      );
    }
    const errors = body.widgets.find((widget: Any) => widget.properties.title === 'clicks: errors / skipped runs');
    expect(errors.properties.metrics[0]).toEqual([
      'AWS/Lambda',
      'Errors',
      'FunctionName',
      '@SyncClicksLambdaFunction',
      { stat: 'Sum' },
    ]);
  });
});
