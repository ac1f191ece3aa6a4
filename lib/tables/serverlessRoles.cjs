// The IAM roles of serverless.yml, one per function kind (SyncRole, JobsRole, KpiRole): each may write its own
// functions' logs and read only its own SecureStrings under /pg2ch/<stage>/, decrypting them only through SSM, only for
// those parameters (SSM's encryption context names the parameter), and only with the stage's SSM key when
// ssmKmsKeyArn names one. Loaded by osls as `${file(./lib/tables/serverlessRoles.cjs):<export>}`.
// The kpi role cannot read pg-url, pg-url-for-clickhouse or clickhouse-url (the ClickHouse user that runs DDL).

/** The SSM parameters (names under /pg2ch/<stage>/) and log groups (function name patterns) of each kind. */
const kinds = {
  sync: { parameters: ['pg-url', 'clickhouse-url'], functions: ['sync*', 'backfill'] },
  jobs: { parameters: ['pg-url', 'pg-url-for-clickhouse', 'clickhouse-url'], functions: ['migrate', 'verify'] },
  kpi: { parameters: ['kpi-api-key', 'clickhouse-kpi-url'], functions: ['kpi'] },
};

/** arn:<partition>:<service>:<region>:<account>:<resource>, without ${} (osls would read it as one of its variables). */
function arn(service, resource) {
  const parts = ['arn:', { Ref: 'AWS::Partition' }, `:${service}:`, { Ref: 'AWS::Region' }, ':'];
  return { 'Fn::Join': ['', [...parts, { Ref: 'AWS::AccountId' }, `:${resource}`]] };
}

function policies(kind, stage, kmsKeyArn) {
  const { parameters, functions } = kinds[kind];
  const parameterArns = parameters.map((name) => arn('ssm', `parameter/pg2ch/${stage}/${name}`));
  const logGroups = functions.map((pattern) => arn('logs', `log-group:/aws/lambda/pg2ch-${stage}-${pattern}:*`));
  const statement = (Sid, Action, Resource, Condition) => ({
    Sid,
    Effect: 'Allow',
    Action,
    Resource,
    ...(Condition ? { Condition } : {}),
  });
  const document = (...Statement) => ({ Version: '2012-10-17', Statement });
  return [
    {
      PolicyName: 'logs',
      PolicyDocument: document(statement('WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], logGroups)),
    },
    {
      PolicyName: 'parameters',
      PolicyDocument: document(
        statement('ReadOwnParameters', 'ssm:GetParameters', parameterArns),
        statement(
          'DecryptOwnParametersThroughSsm',
          'kms:Decrypt',
          { 'Fn::If': ['HasSsmKmsKey', kmsKeyArn, arn('kms', 'key/*')] },
          {
            StringEquals: {
              'kms:ViaService': { 'Fn::Join': ['', ['ssm.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
              'kms:EncryptionContext:PARAMETER_ARN': parameterArns,
            },
          },
        ),
      ),
    },
  ];
}

/** The policies of one kind, for osls: resolves the stage and the SSM key parameter. */
function policiesOf(kind) {
  return async ({ resolveVariable }) =>
    policies(kind, await resolveVariable('sls:stage'), await resolveVariable('param:ssmKmsKeyArn'));
}

module.exports = {
  assumeByLambda: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  },
  syncPolicies: policiesOf('sync'),
  jobsPolicies: policiesOf('jobs'),
  kpiPolicies: policiesOf('kpi'),
  kinds,
};
