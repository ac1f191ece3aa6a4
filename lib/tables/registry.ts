// The table registry: which PostgreSQL tables pg2ch syncs, and how. One entry per table in tables.json (written by
// `npm run add-table`), checked here once; everything per-table (DDL, statements, handlers, functions) derives from it.
import { z } from 'zod';
import registryFile from '../../tables.json' with { type: 'json' };
import { ConfigError } from '../errors.ts';
import { checkClickhouseName, checkTableKey } from './identifiers.ts';

/** How one PostgreSQL table is synced (see README, "Adding a table"). */
interface TableSpec {
  /** The registry key: CLI argument, lock name, handler `sync<Key>`. */
  readonly key: string;
  readonly source: { readonly schema: string; readonly table: string };
  /** The ClickHouse table holding the copy. */
  readonly target: string;
  readonly mode: 'full' | 'incremental';
  /** Integer primary-key column: the cursor of incremental mode; verify buckets by it. Null: no such column. */
  readonly idColumn: string | null;
  /** EventBridge schedule expression of the table's sync function. */
  readonly schedule: string;
  /** Columns copied: every column of the source (following added ones), or exactly these. */
  readonly columns: 'all' | readonly string[];
  /** Per-table MAX_ROWS override (incremental mode). */
  readonly maxRows: number | null;
  /** Rows count only while the row of `table` (another registry key) that `column` names exists (verify compares those). */
  readonly liveThrough: { readonly column: string; readonly table: string } | null;
  /** The KPI pre-aggregates read this table through materialized views: repair and resync keep them exact. */
  readonly feedsKpiAggregates: boolean;
  /** A timestamp column telling how fresh the copy is (freshness_lag_s, `npm run status`); null: none. */
  readonly freshnessColumn: string | null;
}

const sourceName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[^\0"]+$/, 'must not contain NUL or a double quote');

const entrySchema = z
  .object({
    source: sourceName.optional(),
    schema: sourceName.optional(),
    target: z.string().optional(),
    mode: z.enum(['full', 'incremental']),
    idColumn: sourceName.optional(),
    schedule: z
      .string()
      .regex(/^(rate\(\d+ (minutes?|hours?|days?)\)|cron\([^)]+\))$/, 'must be rate(...) or cron(...)'),
    columns: z.union([z.literal('all'), z.array(sourceName).min(1)]).default('all'),
    maxRows: z.number().int().positive().optional(),
    liveThrough: z.object({ column: sourceName, table: z.string() }).strict().optional(),
    feedsKpiAggregates: z.boolean().default(false),
    freshnessColumn: sourceName.optional(),
  })
  .strict()
  .refine((entry) => entry.mode === 'full' || entry.idColumn !== undefined, {
    message: 'incremental mode needs idColumn',
    path: ['idColumn'],
  });

const fileSchema = z
  .object({
    sourceSchema: sourceName.default('public'),
    tables: z.record(z.string(), entrySchema),
  })
  .strict();

/** Suffixes pg2ch gives the helper tables of a target (the source reader, the reload copy, quarantined rows). */
const helperSuffixes = ['_source', '_source_text', '_staging', '_rejected'] as const;

/** ClickHouse objects of pg2ch's own that no target may take. */
const reservedNames = new Set([
  'sync_state',
  'sync_failures',
  'schema_migrations',
  'source_collection_fingerprints',
  'events_hourly',
  'impressions',
  'clicks',
]);

function buildSpec(key: string, entry: z.infer<typeof entrySchema>, sourceSchema: string): TableSpec {
  return Object.freeze({
    key,
    source: Object.freeze({ schema: entry.schema ?? sourceSchema, table: entry.source ?? key }),
    target: entry.target ?? key,
    mode: entry.mode,
    idColumn: entry.idColumn ?? null,
    schedule: entry.schedule,
    columns: entry.columns === 'all' ? 'all' : Object.freeze([...entry.columns]),
    maxRows: entry.maxRows ?? null,
    liveThrough: entry.liveThrough ? Object.freeze({ ...entry.liveThrough }) : null,
    feedsKpiAggregates: entry.feedsKpiAggregates,
    freshnessColumn: entry.freshnessColumn ?? null,
  });
}

/** Names every target and helper table takes, so two entries (or an entry and pg2ch's own objects) never collide. */
function findClash(specs: readonly TableSpec[]): string | undefined {
  const owners = new Map<string, string>();
  for (const spec of specs) {
    for (const name of [spec.target, ...helperSuffixes.map((suffix) => `${spec.target}${suffix}`)]) {
      if (reservedNames.has(name)) return `table "${spec.key}": ClickHouse name ${name} is reserved by pg2ch`;
      const owner = owners.get(name);
      if (owner) return `tables "${owner}" and "${spec.key}" both need the ClickHouse table ${name}`;
      owners.set(name, spec.key);
    }
  }
  return undefined;
}

/**
 * Checks a registry document and returns its entries in file order.
 * @throws ConfigError naming the first problem (path in the file and what is wrong).
 */
function parseRegistry(document: unknown): TableSpec[] {
  const parsed = fileSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'the file';
    throw new ConfigError(`tables.json: ${where}: ${issue?.message ?? 'invalid'}`, ['tables.json']);
  }
  const specs = Object.entries(parsed.data.tables).map(([key, entry]) =>
    buildSpec(key, entry, parsed.data.sourceSchema),
  );
  const problems = specs.flatMap((spec) => {
    const named = [checkTableKey(spec.key), checkClickhouseName(spec.target)].filter((p) => p !== undefined);
    const live = spec.liveThrough;
    if (live && !specs.some((other) => other.key === live.table))
      named.push(`liveThrough.table "${live.table}" is not in the registry`);
    return named.map((problem) => `table "${spec.key}": ${problem}`);
  });
  const clash = findClash(specs);
  if (clash) problems.push(clash);
  if (problems.length > 0) throw new ConfigError(`tables.json: ${problems.join('; ')}`, ['tables.json']);
  return specs;
}

const registry: readonly TableSpec[] = Object.freeze(parseRegistry(registryFile));
const byKey = new Map(registry.map((spec) => [spec.key, spec]));

/** The keys of every registered table, in registry order. */
function tableKeys(): string[] {
  return registry.map((spec) => spec.key);
}

/** True when `key` names a registered table. */
function isTableKey(key: string): boolean {
  return byKey.has(key);
}

/**
 * The registered table `key`.
 * @throws ConfigError when no table has that key.
 */
function findTable(key: string): TableSpec {
  const spec = byKey.get(key);
  if (!spec) throw new ConfigError(`unknown table "${key}" (registered: ${tableKeys().join(', ')})`, ['table']);
  return spec;
}

export type { TableSpec };
export { findClash, findTable, helperSuffixes, isTableKey, parseRegistry, registry, reservedNames, tableKeys };
