// The only module that sees middy: SSM parameters into the context, the log level, configuration per invocation.
import middy from '@middy/core';
import ssm from '@middy/ssm';
import type { Context } from 'aws-lambda';
import { type Config, type Env, loadDotEnv, readConfig } from '../config.ts';
import { applyLogLevel } from './powertools.ts';

/** Environment variables that name SSM parameters, and the configuration key each one fills. */
const ssmParameters = {
  PG_URL: 'SSM_PG_URL',
  PG_URL_FOR_CLICKHOUSE: 'SSM_PG_URL_FOR_CLICKHOUSE',
  CLICKHOUSE_URL: 'SSM_CLICKHOUSE_URL',
  KPI_API_KEY: 'SSM_KPI_API_KEY',
  KPI_CLICKHOUSE_URL: 'SSM_KPI_CLICKHOUSE_URL',
} as const;

const defaults = {
  /** How long fetched SSM values are reused before being fetched again (lets a rotated secret take effect). */
  ssmCacheExpiryMs: 5 * 60_000,
  /** Fetch SSM values during the cold start, before the first event arrives. */
  ssmPrefetch: true,
};

/** SSM parameter names configured in the environment, keyed by the configuration key they fill. */
function ssmFetchData(env: NodeJS.ProcessEnv): Record<string, string> {
  // `serverless invoke local` and serverless-offline set these: locally, configuration comes from .env.
  if (env.IS_LOCAL === 'true' || env.IS_OFFLINE === 'true') return {};
  const entries = Object.entries(ssmParameters).flatMap(([key, nameVariable]) => {
    const name = env[nameVariable];
    return name ? [[key, name] as const] : [];
  });
  return Object.fromEntries(entries);
}

/** Unparsed configuration values of one invocation: SSM values (set on the context by @middy/ssm) over the environment. */
function envFromContext(context: Context): Env {
  const fromSsm: Record<string, string | undefined> = {};
  for (const key of Object.keys(ssmParameters)) {
    const value = (context as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string') fromSsm[key] = value;
  }
  return { ...process.env, ...fromSsm };
}

/** Configuration for one invocation: SSM values (set on the context by @middy/ssm) over the environment. */
function configFromContext(context: Context): Config {
  return readConfig(envFromContext(context));
}

type HandlerOptions = Partial<typeof defaults>;

/**
 * Wraps a handler with the shared middleware: LOG_LEVEL as set at the invocation, and SSM parameters (only when named
 * in the environment). Handlers write their one line with writeLog(context, …) (lib/lambda/powertools.ts).
 */
function withMiddleware<E, R>(
  handler: (event: E, context: Context, options: { signal: AbortSignal }) => Promise<R>,
  options: HandlerOptions = {},
) {
  const { ssmCacheExpiryMs, ssmPrefetch } = { ...defaults, ...options };
  loadDotEnv();
  const fetchData = ssmFetchData(process.env);
  const wrapped = middy<E, R, Error, Context>(handler, { timeoutEarlyInMillis: 1_000 });
  wrapped.use({ before: () => applyLogLevel(process.env) });
  if (Object.keys(fetchData).length > 0) {
    wrapped.use(ssm({ fetchData, setToContext: true, cacheExpiry: ssmCacheExpiryMs, disablePrefetch: !ssmPrefetch }));
  }
  return wrapped;
}

export type { HandlerOptions };
export { configFromContext, envFromContext, ssmFetchData, withMiddleware };
