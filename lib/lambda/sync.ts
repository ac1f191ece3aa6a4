import type { Context } from 'aws-lambda';
import { logSyncFailure, logSyncOutcome } from '../sync/log.ts';
import { runSync, type SyncOutcome } from '../sync.ts';
import { type TableKey, tables } from '../tables.ts';
import { elapsedMs } from '../timing.ts';
import { configFromContext, type HandlerOptions, takeColdStart, withMiddleware } from './middleware.ts';
import { clickhouseFor } from './runtime.ts';

/**
 * The Lambda handler of one sync table: runs lib/sync.ts, writes exactly one INFO or ERROR line, and
 * rethrows failures so the platform retries and alarms fire.
 */
function syncHandler(key: TableKey, options: HandlerOptions = {}) {
  return withMiddleware(async (_event: unknown, context: Context, { signal }): Promise<SyncOutcome> => {
    const startedAt = performance.now();
    const fields = { function_request_id: context.awsRequestId, cold_start: takeColdStart() };
    try {
      const config = configFromContext(context);
      const outcome = await runSync(tables[key], {
        clickhouse: clickhouseFor(config),
        database: config.clickhouseDatabase,
        pgUrl: config.pgUrl,
        maxRows: config.maxRows,
        maxRereadIds: config.maxRereadIds,
        runId: context.awsRequestId,
        signal,
      });
      logSyncOutcome(outcome, fields);
      return outcome;
    } catch (error) {
      logSyncFailure(key, error, elapsedMs(startedAt), fields);
      throw error;
    }
  }, options);
}

export { syncHandler };
