// The sync functions of serverless.yml, one per table of tables.json: `sync<Table>` running handlers/sync<Table>.ts
// on the table's schedule, as the role SyncRole (serverless.yml), reading only the SSM parameters a sync needs. Loaded
// by osls through `${file(./lib/tables/serverlessFunctions.cjs)}` (CommonJS: osls requires it).
// lib/tables/handlerName.ts names the functions the same way (a unit test compares them).
const registry = require('../../tables.json');

/** `sync` + the key in PascalCase: impressions -> syncImpressions, ad_groups -> syncAdGroups. */
function functionName(key) {
  return `sync${key
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}`;
}

/** The CloudFormation logical id prefix osls gives a table's function: SyncImpressions (…LambdaFunction, …LogGroup). */
function logicalPrefix(key) {
  const name = functionName(key);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The SSM parameters (SecureString names) a sync function reads: PostgreSQL for its lock and snapshot, ClickHouse. */
function syncParameters(stage) {
  return { SSM_PG_URL: `/pg2ch/${stage}/pg-url`, SSM_CLICKHOUSE_URL: `/pg2ch/${stage}/clickhouse-url` };
}

function syncFunction(key, entry, stage) {
  const incremental = entry.mode === 'incremental';
  const name = functionName(key);
  return {
    handler: `handlers/${name}.handler`,
    description: incremental
      ? `Copies new ${key} rows from PostgreSQL to ClickHouse (incremental by ${entry.idColumn})`
      : `Reloads ${key} into ClickHouse and swaps it in atomically`,
    // The INSERT runs on the ClickHouse server; the function waits for it. Sized for MAX_ROWS rows per run.
    timeout: incremental ? 300 : 120,
    reservedConcurrency: 1,
    role: 'SyncRole',
    environment: syncParameters(stage),
    events: [{ schedule: entry.schedule }],
  };
}

module.exports = async ({ resolveVariable }) => {
  const stage = await resolveVariable('sls:stage');
  return Object.fromEntries(
    Object.entries(registry.tables).map(([key, entry]) => [functionName(key), syncFunction(key, entry, stage)]),
  );
};
module.exports.functionName = functionName;
module.exports.logicalPrefix = logicalPrefix;
module.exports.syncParameters = syncParameters;
