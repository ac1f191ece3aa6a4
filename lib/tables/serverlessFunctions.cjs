// The sync functions of serverless.yml, one per table of tables.json: `sync<Table>` running handlers/sync<Table>.ts
// on the table's schedule. Loaded by osls through `${file(./lib/tables/serverlessFunctions.cjs)}` (CommonJS: osls
// requires it). lib/tables/handlerName.ts names the functions the same way (a unit test compares them).
const registry = require('../../tables.json');

/** `sync` + the key in PascalCase: impressions -> syncImpressions, ad_groups -> syncAdGroups. */
function functionName(key) {
  return `sync${key
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}`;
}

function syncFunction(key, entry) {
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
    events: [{ schedule: entry.schedule }],
  };
}

module.exports = () =>
  Object.fromEntries(
    Object.entries(registry.tables).map(([key, entry]) => [functionName(key), syncFunction(key, entry)]),
  );
module.exports.functionName = functionName;
