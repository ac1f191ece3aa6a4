import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { abandonBackfill, type BackfillResult, runBackfill } from '../backfill.ts';
import { clickhouseFor } from '../clickhouseCache.ts';
import { clusterModeOf } from '../cluster.ts';
import { UsageError } from '../errors.ts';
import { describeError } from '../log.ts';
import { lambdaBudget } from '../sync/budget.ts';
import { findTable } from '../tables/registry.ts';
import { elapsedMs } from '../timing.ts';
import { configFromContext, type HandlerOptions, withMiddleware } from './middleware.ts';
import { writeLog } from './powertools.ts';

/** The event the backfill function takes (`aws lambda invoke --payload '{"table":"impressions"}'`). */
const eventSchema = z
  .object({
    table: z.string(),
    parallel: z.number().int().positive().optional(),
    fromId: z.number().int().optional(),
    toId: z.number().int().optional(),
    rangeIds: z.number().int().positive().optional(),
    abandon: z.boolean().optional(),
  })
  .strict();

type BackfillEvent = z.infer<typeof eventSchema>;

function parseEvent(event: unknown): BackfillEvent {
  const parsed = eventSchema.safeParse(event);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new UsageError(String(issue?.path[0] ?? 'event'), `backfill event: ${issue?.message ?? 'invalid'}`);
}

/**
 * The Lambda form of `npm run backfill`: each invocation opens or resumes the table's backfill, copies ranges while its
 * remaining time (less a safety margin) allows, and hands over to the scheduled sync once none is left. Invoke it
 * again (several at once: ranges are claimed) until the result's `handover` is set. One log line per invocation;
 * a failure logs one ERROR line and rethrows.
 */
function backfillHandler(options: HandlerOptions = {}) {
  return withMiddleware(async (raw: unknown, context: Context, { signal }): Promise<BackfillResult | null> => {
    const startedAt = performance.now();
    try {
      const event = parseEvent(raw);
      const spec = findTable(event.table);
      const config = configFromContext(context);
      const deps = {
        ...{ clickhouse: clickhouseFor(config), database: config.clickhouseDatabase, pgUrl: config.pgUrl },
        ...{ runId: context.awsRequestId, cluster: clusterModeOf(config), signal },
      };
      if (event.abandon) {
        const abandoned = await abandonBackfill(spec, deps);
        writeLog(context, {
          level: 'INFO',
          message: 'backfill abandoned',
          fields: { table: spec.key, backfill_id: abandoned },
        });
        return null;
      }
      const budget = lambdaBudget(() => context.getRemainingTimeInMillis());
      const { parallel, fromId, toId, rangeIds } = event;
      const request = { budget, parallel, fromId, toId, rangeIds };
      const result = await runBackfill(spec, deps, request);
      writeLog(context, {
        level: 'INFO',
        message: result?.handover ? 'backfill handed over' : 'backfill progressed',
        fields: {
          ...{ table: spec.key, backfill_id: result?.backfillId ?? null, ranges_copied: result?.rangesCopied ?? 0 },
          ...{ ranges_done: result?.rangesDone ?? 0, ranges_total: result?.rangesTotal ?? 0 },
          ...{ rows: result?.rowsCopied ?? 0, safe_mark: result?.handover?.safeMark ?? null },
          duration_ms: elapsedMs(startedAt),
        },
      });
      return result;
    } catch (error) {
      writeLog(context, {
        level: 'ERROR',
        message: 'backfill failed',
        fields: { error: describeError(error), duration_ms: elapsedMs(startedAt) },
      });
      throw error;
    }
  }, options);
}

export { backfillHandler };
