// The OpenAPI 3.1 description of /api/v1, generated from the same zod schemas
// the routes validate with (z.toJSONSchema), so the document cannot drift from
// the contract. Every operation lists its headers, body, success response, the
// problem types (RFC 9457) it can answer with and the purpose its audit rows
// name when the caller states none (x-default-purpose), as the operation table
// (api/apiOperations.ts) declares them; the router is mounted from the same
// table, and test/openApi.test.ts compares the two.
import { z } from 'zod';
import { API_OPERATIONS, type Operation, type RequestHeader, type ResponseHeader } from './apiOperations.js';
import { API_PREFIX } from './apiPaths.js';
import { ON_BEHALF_OF_HEADER, PURPOSE_HEADER } from './assessmentContract.js';
import { idempotencyKeySchema } from './idempotencyKey.js';
import { PROBLEM_TYPES, problemTypeUri, type ProblemType } from './problem.js';

type JsonSchema = Record<string, unknown>;

/** Problems any authenticated operation can answer with. */
const AUTHENTICATED_PROBLEMS: ProblemType[] = ['validation', 'unauthenticated', 'unknown-officer', 'internal'];
/** Problems of reading a JSON body. */
const BODY_PROBLEMS: ProblemType[] = ['malformed-json', 'validation', 'payload-too-large', 'unsupported-media-type'];

const isDateOrString = (schema: z.core.$ZodType) => {
  const def = schema._zod.def as { type: string; options?: z.core.$ZodType[] };
  return def.type === 'union' && (def.options ?? []).some((o) => o._zod.def.type === 'date');
};

/** JSON Schema 2020-12 (the dialect of OpenAPI 3.1) of a zod schema as the client sends it (input) or receives it (output). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const generated = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: (ctx) => {
      // Timestamps are Dates or strings inside and ISO 8601 strings on the wire.
      const def = ctx.zodSchema._zod.def as { type: string; in?: z.core.$ZodType };
      if (def.type === 'pipe' && def.in && isDateOrString(def.in) && Object.keys(ctx.jsonSchema).length === 0) {
        Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time' });
      }
    },
  }) as JsonSchema;
  const { $schema: _dialect, ...rest } = generated;
  return rest;
}

const openApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const problemSchema: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string', format: 'uri', enum: (Object.keys(PROBLEM_TYPES) as ProblemType[]).map(problemTypeUri) },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { code: { type: 'string' }, path: { type: 'array', items: { type: ['string', 'integer'] } }, message: { type: 'string' } },
        required: ['code', 'path', 'message'],
      },
    },
  },
  required: ['type', 'title', 'status'],
};

const requestHeaderParameters: Record<RequestHeader, JsonSchema> = {
  'purpose': { name: PURPOSE_HEADER, in: 'header', required: false, description: "Why personal data is consulted; recorded on the audit row (without it, the operation's x-default-purpose)", schema: { type: 'string', minLength: 1, maxLength: 200 } },
  'purpose-required': { name: PURPOSE_HEADER, in: 'header', required: true, description: 'Why the persons are looked up; recorded on the audit row', schema: { type: 'string', minLength: 1, maxLength: 200 } },
  'if-match': { name: 'If-Match', in: 'header', required: false, description: 'The ETag last read; a stale one is answered 412', schema: { type: 'string' } },
  'if-match-required': { name: 'If-Match', in: 'header', required: true, description: 'The ETag last read (or *); a stale one is answered 412, none 428', schema: { type: 'string' } },
  'idempotency-key': { name: 'Idempotency-Key', in: 'header', required: false, description: 'A retry with the same key and body returns the first outcome', schema: jsonSchemaOf(idempotencyKeySchema, 'input') },
};

const responseHeaders: Record<ResponseHeader, JsonSchema> = {
  'location': { description: 'URL of the created resource', schema: { type: 'string' } },
  'etag': { description: 'Strong entity tag of the version of the assessment or case, for If-Match', schema: { type: 'string', pattern: '^"v[1-9][0-9]*"$' } },
  'idempotent-replayed': { description: 'Present (true) when the response repeats the outcome of an earlier request with the same Idempotency-Key', schema: { type: 'string', enum: ['true'] } },
};

const RESPONSE_HEADER_NAMES: Record<ResponseHeader, string> = { 'location': 'Location', 'etag': 'ETag', 'idempotent-replayed': 'Idempotent-Replayed' };

const ON_BEHALF_OF_PARAMETER: JsonSchema = {
  name: ON_BEHALF_OF_HEADER,
  in: 'header',
  required: false,
  description: 'With a service token (the bot): the officer acted for, whom the API authorises',
  schema: { type: 'string', pattern: '^[A-Za-z0-9:._@-]{1,128}$' },
};

function operationObject(op: Operation): JsonSchema {
  const parameters: JsonSchema[] = [];
  for (const [name, schema] of Object.entries(op.params ?? {})) parameters.push({ name, in: 'path', required: true, schema: jsonSchemaOf(schema, 'input') });
  if (op.query) {
    const query = jsonSchemaOf(op.query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      // A parameter's meaning shown where readers of the document look for it, beside its name, not only in its schema.
      const description = typeof schema.description === 'string' ? { description: schema.description } : {};
      parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, ...description, schema });
    }
  }
  for (const header of op.headers ?? []) parameters.push(requestHeaderParameters[header]);
  if (!op.public) parameters.push(ON_BEHALF_OF_PARAMETER);

  const problems = new Set<ProblemType>([...(op.public ? [] : AUTHENTICATED_PROBLEMS), ...(op.body ? BODY_PROBLEMS : []), ...op.problems]);
  if (op.params || op.query) problems.add('validation');
  const byStatus = new Map<number, ProblemType[]>();
  for (const type of problems) {
    const { status } = PROBLEM_TYPES[type];
    byStatus.set(status, [...(byStatus.get(status) ?? []), type]);
  }

  const responses: Record<string, JsonSchema> = {
    [String(op.success.status)]: {
      description: op.success.description,
      ...(op.success.headers ? { headers: Object.fromEntries(op.success.headers.map((h) => [RESPONSE_HEADER_NAMES[h], responseHeaders[h]])) } : {}),
      ...(op.success.pdfOnly ? { content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } } } : {}),
      ...(op.success.htmlOnly ? { content: { 'text/html': { schema: { type: 'string', contentMediaType: 'text/html' } } } } : {}),
      ...(op.success.schema
        ? {
            content: {
              'application/json': { schema: op.success.schema instanceof z.ZodType ? jsonSchemaOf(op.success.schema, 'output') : op.success.schema },
              // The same content rendered for the case file (Accept: application/pdf).
              ...(op.success.alsoPdf ? { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } } : {}),
              // The same table as comma-separated values (Accept: text/csv); a suppressed cell reads "..".
              ...(op.success.alsoCsv ? { 'text/csv': { schema: { type: 'string', contentMediaType: 'text/csv' } } } : {}),
            },
          }
        : {}),
    },
  };
  for (const [status, types] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: types.map((t) => `${problemTypeUri(t)}: ${PROBLEM_TYPES[t].title}`).join('; '),
      content: {
        'application/problem+json': {
          schema: {
            allOf: [{ $ref: '#/components/schemas/Problem' }, { properties: { type: { enum: types.map(problemTypeUri) }, status: { const: status } } }],
          },
        },
      },
    };
  }

  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    'x-default-purpose': op.purpose,
    ...(op.public ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: !op.bodyOptional, content: { 'application/json': { schema: jsonSchemaOf(op.body, 'input') } } } } : {}),
    responses,
  };
}

let built: JsonSchema | undefined;
let serialised: string | undefined;

/** The document as JSON text, serialised once: it is large and never changes while the process runs. */
export function openApiJson(): string {
  serialised ??= JSON.stringify(openApiDocument());
  return serialised;
}

/** The OpenAPI 3.1 document of the API, built once. */
export function openApiDocument(): JsonSchema {
  if (built) return built;
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of API_OPERATIONS) {
    const path = openApiPath(op.path);
    paths[path] = { ...paths[path], [op.method]: operationObject(op) };
  }
  built = {
    openapi: '3.1.1',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: {
      title: 'Bops Assistant API',
      version: '1.0.0',
      description:
        'Assessments, cases, persons, protection plans and method look-ups of the Bops assistant. Every read and write of personal data is audited. Errors are RFC 9457 problem details with a specific type.',
    },
    servers: [{ url: API_PREFIX }],
    security: [{ bearer: [] }],
    tags: [{ name: 'assessments' }, { name: 'cases' }, { name: 'officers' }, { name: 'figures' }, { name: 'sharing' }, { name: 'methodology' }, { name: 'meta' }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Entra ID access token (dev mode: npm run dev-token)' },
      },
      schemas: { Problem: problemSchema },
    },
  };
  return built;
}
