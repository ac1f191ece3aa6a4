import { SchemaChangeError, SyncError } from '../errors.ts';
import type { ColumnPlan } from '../tables/columnPlan.ts';
import type { TableSpec } from '../tables/registry.ts';
import type { SchemaNotes } from './deps.ts';

/** Fails the run when the source changed a column's type or lost the id column (migrate or resync first). */
function checkColumns(spec: TableSpec, plan: ColumnPlan): void {
  const [changed] = plan.changed;
  if (changed) {
    const what = `column ${changed.name} changed type in PostgreSQL from ${changed.from} to ${changed.to}`;
    throw new SyncError(spec.key, 'check columns', {
      cause: new SchemaChangeError(
        spec.key,
        changed.name,
        `${what}; run \`npm run migrate\` (it says what else to do)`,
      ),
    });
  }
  if (!plan.copy.some((column) => column.name === spec.idColumn)) {
    const what = `id column ${spec.idColumn} is not in both the source and the ClickHouse copy; run \`npm run migrate\``;
    throw new SyncError(spec.key, 'check columns', { cause: new SchemaChangeError(spec.key, spec.idColumn, what) });
  }
}

function notesOf(plan: ColumnPlan): SchemaNotes {
  return { pending: plan.pending, missing: plan.missing, unsupported: plan.unsupported.map((column) => column.name) };
}

export { checkColumns, notesOf };
