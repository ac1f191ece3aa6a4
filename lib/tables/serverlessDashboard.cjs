// The CloudWatch dashboard of serverless.yml, from tables.json: one row per table (freshness lag, backlog, rows synced
// and rejected, errors and skipped runs), then the KPI API and verify's drift. Used by serverlessResources.cjs.
const { logicalPrefix } = require('./serverlessFunctions.cjs');

const runbook = 'docs/operations.md';

/** One dashboard row per table: freshness lag, backlog, rows synced and rejected, errors and skipped runs. */
function tableWidgets(key, index, stage) {
  const fn = `@@${logicalPrefix(key)}LambdaFunction@@`;
  const dims = ['service', 'pg2ch', 'stage', stage, 'table', key];
  const graph = (x, title, metrics, extra = {}) => ({
    type: 'metric',
    x,
    y: 2 + index * 6,
    width: 6,
    height: 6,
    properties: {
      title: `${key}: ${title}`,
      region: '@@AWS::Region@@',
      view: 'timeSeries',
      period: 60,
      metrics,
      ...extra,
    },
  });
  return [
    graph(0, 'freshness lag (s)', [['pg2ch', 'freshness_lag_s', ...dims, { stat: 'Maximum' }]]),
    graph(6, 'backlog (ids)', [['pg2ch', 'backlog_ids', ...dims, { stat: 'Maximum' }]]),
    graph(12, 'rows synced / rejected', [
      ['pg2ch', 'rows_synced', ...dims, { stat: 'Sum' }],
      ['pg2ch', 'rows_rejected', ...dims, { stat: 'Sum' }],
    ]),
    graph(18, 'errors / skipped runs', [
      ['AWS/Lambda', 'Errors', 'FunctionName', fn, { stat: 'Sum' }],
      ['pg2ch', 'skipped_locked', ...dims, { stat: 'Sum' }],
    ]),
  ];
}

/**
 * The dashboard body as CloudFormation: JSON text joined with the region and the function names it refers to
 * (@@Name@@ markers become Refs), so no ${...} reaches osls' variable resolver.
 */
function dashboardBody(widgets) {
  const text = JSON.stringify({ widgets });
  const parts = text.split(/@@([A-Za-z0-9:]+)@@/).map((part, i) => (i % 2 === 0 ? part : { Ref: part }));
  return { 'Fn::Join': ['', parts.filter((part) => part !== '')] };
}

function dashboard(tables, stage) {
  const header = {
    type: 'text',
    x: 0,
    y: 0,
    width: 24,
    height: 2,
    properties: {
      markdown: `# pg2ch ${stage}\nOne row per table. First command: \`npm run status\`. Runbook: ${runbook} in the pg2ch repository.`,
    },
  };
  const rows = tables.flatMap(([key], index) => tableWidgets(key, index, stage));
  const y = 2 + tables.length * 6;
  const kpi = (x, title, metrics) => ({
    type: 'metric',
    x,
    y,
    width: 8,
    height: 6,
    properties: { title, region: '@@AWS::Region@@', view: 'timeSeries', period: 300, metrics },
  });
  const footer = [
    kpi(0, 'kpi: 5xx / 4xx', [
      ['AWS/ApiGateway', '5xx', 'ApiId', '@@HttpApi@@', { stat: 'Sum' }],
      ['AWS/ApiGateway', '4xx', 'ApiId', '@@HttpApi@@', { stat: 'Sum' }],
    ]),
    kpi(8, 'kpi: latency p50 / p95 (ms)', [
      ['AWS/ApiGateway', 'Latency', 'ApiId', '@@HttpApi@@', { stat: 'p50' }],
      ['AWS/ApiGateway', 'Latency', 'ApiId', '@@HttpApi@@', { stat: 'p95' }],
    ]),
    kpi(
      16,
      'verify: drift rows',
      tables.map(([key]) => [
        'pg2ch',
        'drift_rows',
        'service',
        'pg2ch',
        'stage',
        stage,
        'table',
        key,
        { stat: 'Maximum' },
      ]),
    ),
  ];
  return {
    Type: 'AWS::CloudWatch::Dashboard',
    Properties: { DashboardName: `pg2ch-${stage}`, DashboardBody: dashboardBody([header, ...rows, ...footer]) },
  };
}

module.exports = { dashboard };
