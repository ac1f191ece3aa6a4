// The OpenAPI 3.1 document of the KPI API (GET /kpi/openapi.json), generated with z.toJSONSchema from the same
// zod schemas the validator uses (lib/kpi/parameters.ts) and the row columns the writer uses (lib/kpi/columns.ts).
import * as z from 'zod';
import { rowSchema } from './columns.ts';
import { sourceTables } from './freshness.ts';
import { parameters, queryName } from './parameters.ts';
import { type KpiRoute, kpiRoutes } from './routes.ts';

type JsonObject = Record<string, unknown>;

const instant = z.iso.datetime({ offset: true });

const metaSchema = z.strictObject({
  kpi: z.string().meta({ description: 'The route name.' }),
  filters: z
    .record(z.string(), z.union([z.string(), z.number(), z.null()]))
    .meta({ description: 'Every filter the route accepts with the value used (from/to after a preset).' }),
  limit: z.int(),
  rows: z.int(),
  has_more: z.boolean(),
  next_page_token: z.string().nullable().meta({ description: 'Pass as page_token for the next page.' }),
  generated_at: instant.meta({ description: 'When the response was computed (UTC).' }),
  complete_through: z
    .strictObject(Object.fromEntries(sourceTables.map((table) => [table, instant.nullable()])))
    .meta({ description: 'Per source table: ClickHouse holds every row committed before this instant.' }),
  tz_exact: z.boolean().meta({ description: 'False when tz boundaries are not whole UTC hours (approximated).' }),
});

const errorSchema = z.strictObject({
  error: z.strictObject({
    status: z.int(),
    parameter: z.string().optional().meta({ description: 'The offending query-string parameter (400 only).' }),
    message: z.string(),
  }),
});

/** JSON Schema of a zod schema, as OpenAPI 3.1 embeds it (no $schema). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  return rest;
}

function schemaName(route: KpiRoute): string {
  return `${route.name.replace(/(^|-)([a-z])/g, (_match, _dash, letter: string) => letter.toUpperCase())}Row`;
}

function parametersOf(route: KpiRoute): JsonObject[] {
  return route.parameters.map((key) => {
    const { description, ...schema } = jsonSchema(parameters[key], 'input');
    return { name: queryName(key), in: 'query', required: route.required.includes(key), description, schema };
  });
}

const errorResponses = Object.fromEntries(
  [
    ['400', 'A parameter is unknown, repeated or malformed; error.parameter names it.'],
    ['401', 'x-api-key is missing or wrong.'],
    ['404', 'No such route.'],
    ['405', 'Only GET is supported.'],
    ['500', 'Internal error; details only in the log.'],
  ].map(([status, description]) => [
    status,
    { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  ]),
);

const csvHeaders = Object.fromEntries(
  [
    ['x-generated-at', 'meta.generated_at'],
    ['x-complete-through', 'meta.complete_through as "table=instant, …" (null when never complete)'],
    ['x-tz-exact', 'meta.tz_exact'],
    ['x-has-more', 'meta.has_more'],
    ['x-next-page-token', 'meta.next_page_token, when there is a next page'],
  ].map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
);

function operationOf(route: KpiRoute): JsonObject {
  const page = {
    type: 'object',
    required: ['data', 'meta'],
    additionalProperties: false,
    properties: {
      data: { type: 'array', items: { $ref: `#/components/schemas/${schemaName(route)}` } },
      meta: { $ref: '#/components/schemas/Meta' },
    },
  };
  return {
    get: {
      operationId: route.name,
      summary: route.summary,
      parameters: parametersOf(route),
      responses: {
        '200': {
          description: 'One page of rows (format=json), or the same rows as CSV (format=csv).',
          headers: csvHeaders,
          content: { 'application/json': { schema: page }, 'text/csv': { schema: { type: 'string' } } },
        },
        ...errorResponses,
      },
    },
  };
}

function buildDocument(): JsonObject {
  const routes = [...kpiRoutes.values()];
  const publicGet = (summary: string, type: string) => ({
    get: { summary, security: [], responses: { '200': { description: summary, content: { [type]: {} } } } },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'pg2ch KPI API',
      version: '2.0.0',
      description:
        'Advertising KPIs from ClickHouse. Counts and decimals are JSON numbers whose text holds the exact value at ' +
        'the column’s scale (money: 2 decimals); parse them as decimals to keep every digit. See README, KPIs.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ apiKey: [] }],
    paths: {
      ...Object.fromEntries(routes.map((route) => [`/kpi/${route.name}`, operationOf(route)])),
      '/kpi/openapi.json': publicGet('This document', 'application/json'),
      '/dashboard': publicGet('The dashboard page (self-contained HTML)', 'text/html'),
    },
    components: {
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
      schemas: {
        Meta: jsonSchema(metaSchema),
        Error: jsonSchema(errorSchema),
        ...Object.fromEntries(routes.map((route) => [schemaName(route), jsonSchema(rowSchema(route.columns))])),
      },
    },
  };
}

let document: JsonObject | undefined;

/** The OpenAPI 3.1 document of every KPI route (built once). */
function openApiDocument(): JsonObject {
  document ??= buildDocument();
  return document;
}

export { openApiDocument };
