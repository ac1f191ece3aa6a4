import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type pg from 'pg';
import { getKpis, kpiApi } from '../../lib/kpi/http.ts';
import { findKpiRoute } from '../../lib/kpi/routes.ts';
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

/**
 * A response: its JSON body parsed (`body`), the raw text, and for a KPI page `exactData`: the rows with every
 * count and decimal as the exact text of its JSON number ("0.080" for 0.080), as the README promises.
 */
interface KpiReply {
  readonly status: number;
  readonly headers: Record<string, unknown>;
  readonly body: Record<string, unknown>;
  readonly text: string;
  readonly exactData: Record<string, unknown>[];
}

/** `json` with every number outside a string turned into a string holding its exact text. */
function numbersAsText(json: string): string {
  let out = '';
  let inString = false;
  let escaped = false;
  for (let i = 0; i < json.length; i += 1) {
    const char = json[i] ?? '';
    if (inString) {
      out += char;
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
      continue;
    }
    const number = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(json.slice(i, i + 80));
    if (char === '"') inString = true;
    if (number && /[-0-9]/.test(char)) {
      out += `"${number[0]}"`;
      i += number[0].length - 1;
    } else {
      out += char;
    }
  }
  return out;
}

/** The rows of a KPI page with counts and decimals as their exact JSON text (ids and text as parsed). */
function exactRows(path: string, text: string): Record<string, unknown>[] {
  const columns = findKpiRoute(path)?.columns ?? [];
  const parsed = JSON.parse(numbersAsText(text)) as { data?: Record<string, unknown>[] };
  return (parsed.data ?? []).map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([name, value]) => {
        const kind = columns.find((column) => column.name === name)?.kind;
        return [name, kind === 'id' && value !== null ? Number(value) : value];
      }),
    ),
  );
}

/**
 * Calls the KPI Lambda handler (middy + SSM wrapper, test timings) with one event, as API Gateway would;
 * `now` fixes the function's clock.
 */
async function invokeKpi(event: APIGatewayProxyEventV2, options: { now?: Date } = {}): Promise<KpiReply> {
  const { now } = options;
  const serve = now === undefined ? getKpis : kpiApi({ now: () => now });
  const handler = httpHandler(serve, { ssmCacheExpiryMs: 0, ssmPrefetch: false });
  const result = (await handler(event, lambdaContext())) as APIGatewayProxyStructuredResultV2;
  const text = String(result.body);
  const json = String(result.headers?.['content-type']).startsWith('application/json');
  return {
    status: result.statusCode ?? 0,
    headers: result.headers ?? {},
    body: json ? JSON.parse(text) : {},
    text,
    exactData: json && result.statusCode === 200 ? exactRows(event.rawPath, text) : [],
  };
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
export {
  exactRows,
  expectedCampaignsCtr,
  invokeKpi,
  kpiEvent,
  numbersAsText,
  seedOriginalScenario,
  seedWith,
  testApiKey,
};
