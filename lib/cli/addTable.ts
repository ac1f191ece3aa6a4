// `npm run add-table -- <table> …`: registers a PostgreSQL table for syncing. Reads its columns, types and primary key
// from PostgreSQL's catalog, then writes its tables.json entry and its one-line handler handlers/sync<Table>.ts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadDotEnv, readConfig } from '../config.ts';
import { ConfigError, UsageError } from '../errors.ts';
import { closeSourceSession, openSourceSession } from '../sync/source.ts';
import { readSourceColumns } from '../tables/catalog.ts';
import { mapColumn } from '../tables/columnTypes.ts';
import { syncFunctionName } from '../tables/handlerName.ts';
import { type AddTableRequest, planEntry, type RegistryEntry } from '../tables/newEntry.ts';
import { parseRegistry, registry } from '../tables/registry.ts';
import { parseCli, runCli } from './cliSupport.ts';

const usage = `
Usage: npm run add-table -- <table> [--mode incremental|full] [--id-column COLUMN] [--schedule EXPR]
                                    [--schema SCHEMA] [--key KEY] [--columns a,b,c] [--dry-run]

Registers a PostgreSQL table for syncing: reads its columns, types and primary key from PostgreSQL's catalog
(through PG_URL), writes its entry into tables.json and its handler handlers/sync<Table>.ts. Then:
  npm run migrate                                  creates its ClickHouse copy
  npm run sync -- <key>                            copies it (also: npx serverless invoke local -f sync<Table>)
  npm run verify -- <key>, npm run status          check it
Deploying adds its scheduled function (serverless.yml reads tables.json).

Options:
  --mode MODE        incremental (default: copies new ids, for append-only tables) or full (reloads the whole
                     table each run and swaps it in, for small tables that are updated or deleted from)
  --id-column NAME   the NOT NULL integer id column (default: the table's single integer primary-key column)
  --schedule EXPR    EventBridge schedule (default: rate(1 minute) incremental, rate(5 minutes) full)
  --schema NAME      PostgreSQL schema of the table (default: tables.json's sourceSchema, "${registry[0]?.source.schema ?? 'public'}")
  --key KEY          the name pg2ch uses (CLI argument, function sync<Key>, ClickHouse table; default: the table name)
  --columns a,b      copy only these columns (default: every column, following columns added later)
  --dry-run          print the entry and the handler without writing them
  -h, --help         show this help
`;

const registryPath = 'tables.json';

function readRequest(): AddTableRequest & { dryRun: boolean } {
  const { values, positionals } = parseCli(
    process.argv.slice(2),
    {
      mode: { type: 'string' },
      'id-column': { type: 'string' },
      schedule: { type: 'string' },
      schema: { type: 'string' },
      key: { type: 'string' },
      columns: { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
    usage,
  );
  const [table, ...rest] = positionals;
  if (!table) throw new UsageError('table', 'name the PostgreSQL table to add');
  if (rest.length > 0) throw new UsageError(rest[0] ?? 'table', `one table at a time; unexpected "${rest[0]}"`);
  const mode = values.mode as string | undefined;
  if (mode !== undefined && mode !== 'incremental' && mode !== 'full') {
    throw new UsageError('--mode', `--mode must be incremental or full, got "${mode}"`);
  }
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const columns = text('columns')
    ?.split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return {
    table,
    schema: text('schema') ?? registry[0]?.source.schema ?? 'public',
    ...(text('key') ? { key: text('key') } : {}),
    ...(mode ? { mode } : {}),
    ...(text('id-column') ? { idColumn: text('id-column') } : {}),
    ...(text('schedule') ? { schedule: text('schedule') } : {}),
    ...(columns ? { columns } : {}),
    dryRun: values['dry-run'] === true,
  };
}

/** The registry file with the entry added; checked exactly as pg2ch will load it. @throws UsageError on a clash. */
function addToRegistry(key: string, entry: RegistryEntry): string {
  const document = JSON.parse(readFileSync(registryPath, 'utf8')) as { tables: Record<string, unknown> };
  if (key in document.tables)
    throw new UsageError('--key', `"${key}" is already in tables.json; choose another with --key`);
  document.tables[key] = entry;
  try {
    parseRegistry(document);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError('--key', `${error.message}; choose another name with --key`);
    throw error;
  }
  return `${JSON.stringify(document, null, 2)}\n`;
}

function handlerSource(key: string): string {
  return `import { syncHandler } from '../lib/lambda/sync.ts';\n\nexport const handler = syncHandler('${key}');\n`;
}

async function main(): Promise<void> {
  const request = readRequest();
  loadDotEnv();
  const config = readConfig(process.env);
  const session = await openSourceSession(config.pgUrl);
  const columns = await readSourceColumns(session, { schema: request.schema, table: request.table }).finally(() =>
    closeSourceSession(session),
  );
  const { key, entry } = planEntry(request, columns, registry[0]?.source.schema ?? 'public');
  const registryText = addToRegistry(key, entry);
  const handlerPath = `handlers/${syncFunctionName(key)}.ts`;
  if (existsSync(handlerPath))
    throw new UsageError('--key', `${handlerPath} already exists; choose another name with --key`);
  const copied =
    entry.columns === 'all'
      ? columns
      : columns.filter((c) => entry.columns.includes(c.name) || c.name === entry.idColumn);
  process.stdout.write(
    `Table ${request.schema}.${request.table} as "${key}" (${entry.mode} mode${entry.idColumn ? `, id ${entry.idColumn}` : ''}, ${entry.schedule}):\n`,
  );
  for (const column of copied)
    process.stdout.write(
      `  ${column.name.padEnd(24)} ${column.type.padEnd(30)} -> ${mapColumn(column).clickhouseType}\n`,
    );
  if (request.dryRun) {
    process.stdout.write(
      `\ntables.json entry:\n${JSON.stringify({ [key]: entry }, null, 2)}\n\n${handlerPath}:\n${handlerSource(key)}`,
    );
    return;
  }
  writeFileSync(registryPath, registryText);
  writeFileSync(handlerPath, handlerSource(key));
  process.stdout.write(
    [
      `Wrote its entry to ${registryPath} and ${handlerPath}. Next:`,
      '  npm run migrate',
      `  npm run sync -- ${key}        (or: npx serverless invoke local -f ${syncFunctionName(key)})`,
      `  npm run verify -- ${key}`,
      `On a production PostgreSQL, let ClickHouse's read-only role read it: GRANT SELECT ON "${request.schema}"."${request.table}" TO pg2ch_reader;`,
      '',
    ].join('\n'),
  );
}

runCli('npm run add-table', main);
