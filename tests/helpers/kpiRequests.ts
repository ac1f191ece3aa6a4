import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type pg from 'pg';
import { getKpis } from '../../lib/kpi/http.ts';
import { httpHandler } from '../../lib/lambda/http.ts';
import { parseSeedArgs } from '../../lib/seed/args.ts';
import { runSeedCommand } from '../../lib/seed/run.ts';
import { lambdaContext } from './lambdaContext.ts';

/** The API key the KPI tests configure (KPI_API_KEY). */
const testApiKey = 'kpi-test-key-0123456789';

/** An API Gateway v2 (HTTP API) event for `GET <path>` as API Gateway delivers it to the KPI function. */
function kpiEvent(
  path: string,
  options: { query?: Record<string, string>; apiKey?: string | null; method?: string } = {},
): APIGatewayProxyEventV2 {
  const { query, apiKey = testApiKey, method = 'GET' } = options;
  const headers: Record<string, string> = { host: 'kpi.example.com', 'user-agent': 'vitest' };
  if (apiKey !== null) headers['x-api-key'] = apiKey;
  return {
    version: '2.0',
    routeKey: `${method} /kpi/{name}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(query ?? {}).toString(),
    headers,
    queryStringParameters: query,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'kpi.example.com',
      domainPrefix: 'kpi',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'request-1',
      routeKey: `${method} /kpi/{name}`,
      stage: '$default',
      time: '20/Nov/2026:12:00:00 +0000',
      timeEpoch: 1_795_176_000_000,
    },
  };
}

/** A response with its JSON body parsed. */
interface KpiReply {
  readonly status: number;
  readonly headers: Record<string, unknown>;
  readonly body: Record<string, unknown>;
}

/** Calls the KPI Lambda handler (middy + SSM wrapper, test timings) with one event, as API Gateway would. */
async function invokeKpi(event: APIGatewayProxyEventV2): Promise<KpiReply> {
  const handler = httpHandler(getKpis, { ssmCacheExpiryMs: 0, ssmPrefetch: false });
  const result = (await handler(event, lambdaContext())) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode ?? 0, headers: result.headers ?? {}, body: JSON.parse(String(result.body)) };
}

/** Runs seed CLI commands (e.g. `['batch', '--advertisers', '1', …]`) in order, through one client. */
async function seedWith(pool: pg.Pool, ...commands: string[][]): Promise<void> {
  const client = await pool.connect();
  try {
    for (const args of commands) {
      const parsed = parseSeedArgs(args);
      if (!('command' in parsed)) throw new Error(`not a seed command: ${args.join(' ')}`);
      await runSeedCommand(client, parsed.command, () => {});
    }
  } finally {
    client.release();
  }
}

/** The original "Check KPI Queries" data: 10 campaigns × 1000 impressions at 0.08, then 2 campaigns, then 500 impressions for campaign 11. */
async function seedOriginalScenario(pool: pg.Pool): Promise<void> {
  await seedWith(
    pool,
    ['reset'],
    ['batch', '--advertisers', '1', '--campaigns', '10', '--impressions', '1000', '--ctr', '0.08'],
    ['campaigns', '--advertiser-id', '1', '--count', '2'],
    ['impressions', '--campaign-id', '11', '--count', '500'],
  );
}

/**
 * campaigns_ctr computed independently in PostgreSQL (numeric arithmetic; round() there also rounds half away
 * from zero), in the API's representation: counts and decimals as text at fixed scale, ids as numbers.
 */
async function expectedCampaignsCtr(pool: pg.Pool): Promise<Record<string, unknown>[]> {
  const result = await pool.query(`
    SELECT id, name, budget::text AS budget, impressions::text AS total_impressions, clicks::text AS total_clicks,
           CASE WHEN impressions = 0 THEN NULL ELSE round(clicks::numeric / impressions, 3)::text END AS total_ctr,
           (CASE WHEN clicks = 0 THEN budget ELSE round(budget / clicks, 2) END)::text AS cost_of_click
    FROM (
      SELECT c.id, c.name, c.budget,
             (SELECT count(*) FROM impressions i WHERE i.campaign_id = c.id) AS impressions,
             (SELECT count(*) FROM clicks k WHERE k.campaign_id = c.id) AS clicks
      FROM campaign c
    ) AS totals
    ORDER BY (CASE WHEN clicks = 0 THEN budget ELSE round(budget / clicks, 2) END) DESC, id`);
  return result.rows;
}

export type { KpiReply };
export { expectedCampaignsCtr, invokeKpi, kpiEvent, seedOriginalScenario, seedWith, testApiKey };
