import type { Context } from 'aws-lambda';
import { lambdaBudget } from '../sync/budget.ts';
import { syncDepsFrom } from '../sync/deps.ts';
import { runSync, type SyncOutcome } from '../sync.ts';
import { findTable } from '../tables/registry.ts';
import { elapsedMs } from '../timing.ts';
import { configFromContext, type HandlerOptions, takeColdStart, withMiddleware } from './middleware.ts';
import { clickhouseFor, sourceSessions } from './runtime.ts';
import { logSyncFailure, logSyncOutcome } from './syncLog.ts';

/**
 * The Lambda handler of one registry table's sync: runs lib/sync.ts (incremental tables: windows while the source has
 * more and the invocation's remaining time, less a safety margin, allows), writes exactly one line (INFO, WARN when rows
 * were quarantined or columns differ, ERROR on failure), and rethrows failures so the platform retries and alarms fire.
 * @throws ConfigError at cold start when `key` is not in the registry.
 */
function syncHandler(key: string, options: HandlerOptions = {}) {
  const spec = findTable(key);
  return withMiddleware(async (_event: unknown, context: Context, { signal }): Promise<SyncOutcome> => {
    const startedAt = performance.now();
    const fields = { function_request_id: context.awsRequestId, cold_start: takeColdStart() };
    try {
      const config = configFromContext(context);
      const budget = lambdaBudget(() => context.getRemainingTimeInMillis());
      const deps = syncDepsFrom(config, clickhouseFor(config), context.awsRequestId, signal, budget, sourceSessions);
      const outcome = await runSync(spec, deps);
      logSyncOutcome(outcome, fields);
      return outcome;
    } catch (error) {
      logSyncFailure(key, error, elapsedMs(startedAt), fields);
      throw error;
    }
  }, options);
}

export { syncHandler };
