// The OpenAPI 3.1 description of /api/v1, generated from the same zod schemas
// the routes validate with (z.toJSONSchema), so the document cannot drift from
// the contract. Every operation lists its headers, body, success response and
// the problem types (RFC 9457) it can answer with. A route added to the router
// must be added to API_OPERATIONS too: test/openApi.test.ts compares both.
import { z } from 'zod';
import {
  assessmentListResponseSchema,
  assessmentResponseSchema,
  auditTrailResponseSchema,
  caseAssessmentsQuerySchema,
  createAssessmentRequestSchema,
  ON_BEHALF_OF_HEADER,
  PURPOSE_HEADER,
  saveAnswerRequestSchema,
} from './assessmentContract.js';
import {
  addMeasureRequestSchema,
  addPersonRequestSchema,
  caseResponseSchema,
  caseStatisticsResponseSchema,
  changeCaseRequestSchema,
  changeMeasureRequestSchema,
  createCaseRequestSchema,
  createPlanRequestSchema,
  measureResponseSchema,
  personListResponseSchema,
  personResponseSchema,
  planListResponseSchema,
  planResponseSchema,
} from './caseContract.js';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, idempotencyKeySchema } from './idempotencyKey.js';
import { guidelineSectionResponseSchema, methodSearchQuerySchema, methodSearchResponseSchema } from './methodologyRoutes.js';
import { PROBLEM_TYPES, problemTypeUri, type ProblemType } from './problem.js';

export const OPENAPI_PATH = '/openapi.json';

type JsonSchema = Record<string, unknown>;
type HttpMethod = 'get' | 'post' | 'put' | 'patch';
type RequestHeader = 'purpose' | 'purpose-required' | 'if-match' | 'if-match-required' | 'idempotency-key';
type ResponseHeader = 'location' | 'etag' | 'idempotent-replayed';

interface Operation {
  method: HttpMethod;
  /** Express form, as the router declares it: /assessments/:id */
  path: string;
  operationId: string;
  tag: 'assessments' | 'cases' | 'methodology' | 'meta';
  summary: string;
  /** Path parameters in order, with their schema. */
  params?: Record<string, JsonSchema>;
  query?: z.ZodType;
  headers?: RequestHeader[];
  body?: z.ZodType;
  success: { status: 200 | 201 | 204; description: string; schema?: z.ZodType | JsonSchema; headers?: ResponseHeader[] };
  /** Problems particular to the operation; authentication, validation and internal errors are added to all but the public ones. */
  problems: ProblemType[];
  /** Served without a bearer token. */
  public?: boolean;
}

const uuid = { type: 'string', format: 'uuid' };
const caseNumber = { type: 'string', minLength: 1, maxLength: 40, description: 'Police case number, e.g. 5000-K123456-25' };
const itemId = { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,63}$' };
const officerId = { type: 'string', pattern: '^[A-Za-z0-9:._@-]{1,128}$' };

/** Every operation the API serves. */
export const API_OPERATIONS: readonly Operation[] = [
  {
    method: 'post', path: '/assessments', operationId: 'createAssessment', tag: 'assessments',
    summary: 'Create an assessment on an exact methodology pack version',
    headers: ['purpose', 'idempotency-key'], body: createAssessmentRequestSchema,
    success: { status: 201, description: 'Created (or, for a repeated Idempotency-Key, the assessment created first)', schema: assessmentResponseSchema, headers: ['location', 'etag', 'idempotent-replayed'] },
    problems: ['forbidden', 'pack-mismatch', 'idempotency-key-reused', 'case-closed'],
  },
  {
    method: 'put', path: '/assessments/:id/answers/:itemId', operationId: 'saveAnswer', tag: 'assessments',
    summary: 'Save one answer of a draft (insert or replace)',
    params: { id: uuid, itemId }, headers: ['purpose', 'if-match'], body: saveAnswerRequestSchema,
    success: { status: 204, description: 'Saved; ETag is the new version', headers: ['etag'] },
    problems: ['forbidden', 'not-found', 'not-draft', 'pack-mismatch', 'precondition-failed', 'concurrent-change', 'invalid-answer', 'case-closed'],
  },
  {
    method: 'post', path: '/assessments/:id/complete', operationId: 'completeAssessment', tag: 'assessments',
    summary: 'Complete a draft whose required items are answered',
    params: { id: uuid }, headers: ['purpose', 'if-match'],
    success: { status: 200, description: 'Completed', schema: assessmentResponseSchema, headers: ['etag'] },
    problems: ['forbidden', 'not-found', 'not-draft', 'pack-mismatch', 'precondition-failed', 'incomplete-assessment', 'case-closed'],
  },
  {
    method: 'get', path: '/assessments/:id', operationId: 'getAssessment', tag: 'assessments',
    summary: 'Read an assessment with its answers (audited)',
    params: { id: uuid }, headers: ['purpose'],
    success: { status: 200, description: 'The assessment', schema: assessmentResponseSchema, headers: ['etag'] },
    problems: ['forbidden', 'not-found'],
  },
  {
    method: 'get', path: '/assessments/:id/audit', operationId: 'getAssessmentAuditTrail', tag: 'assessments',
    summary: "An assessment's audit trail (auditors)",
    params: { id: uuid },
    success: { status: 200, description: 'Audit rows in order', schema: auditTrailResponseSchema },
    problems: ['forbidden', 'not-found'],
  },
  {
    method: 'get', path: '/cases/:caseNumber/assessments', operationId: 'listCaseAssessments', tag: 'assessments',
    summary: "A case's assessments, newest first, one page at a time",
    params: { caseNumber }, query: caseAssessmentsQuerySchema, headers: ['purpose'],
    success: { status: 200, description: 'One page; nextCursor continues it', schema: assessmentListResponseSchema },
    problems: ['forbidden', 'not-found'],
  },
  {
    method: 'post', path: '/cases', operationId: 'createCase', tag: 'cases',
    summary: 'Register a case',
    headers: ['purpose'], body: createCaseRequestSchema,
    success: { status: 201, description: 'Created', schema: caseResponseSchema, headers: ['location', 'etag'] },
    problems: ['forbidden', 'case-exists'],
  },
  {
    method: 'get', path: '/cases/:caseNumber', operationId: 'getCase', tag: 'cases',
    summary: 'Read a case',
    params: { caseNumber }, headers: ['purpose'],
    success: { status: 200, description: 'The case', schema: caseResponseSchema, headers: ['etag'] },
    problems: ['forbidden', 'not-found'],
  },
  {
    method: 'patch', path: '/cases/:caseNumber', operationId: 'changeCase', tag: 'cases',
    summary: 'Change a case’s status (intake → bops → closed; closed → bops reopens) and/or violence type',
    params: { caseNumber }, headers: ['purpose', 'if-match-required'], body: changeCaseRequestSchema,
    success: { status: 200, description: 'The case as changed; ETag is the new version', schema: caseResponseSchema, headers: ['etag'] },
    problems: ['forbidden', 'not-found', 'precondition-failed', 'precondition-required', 'case-transition-refused', 'case-closed', 'case-has-open-work'],
  },
  {
    method: 'put', path: '/cases/:caseNumber/assignments/:officerId', operationId: 'assignOfficer', tag: 'cases',
    summary: 'Assign an officer to a case',
    params: { caseNumber, officerId }, headers: ['purpose'],
    success: { status: 200, description: 'The case with its assigned officers', schema: caseResponseSchema, headers: ['etag'] },
    problems: ['forbidden', 'not-found', 'duplicate', 'invalid-reference'],
  },
  {
    method: 'post', path: '/cases/:caseNumber/persons', operationId: 'addPerson', tag: 'cases',
    summary: 'Add a person to a case with an explicit role',
    params: { caseNumber }, headers: ['purpose'], body: addPersonRequestSchema,
    success: { status: 201, description: 'Added', schema: personResponseSchema, headers: ['location'] },
    problems: ['forbidden', 'not-found', 'duplicate', 'invalid-reference', 'case-closed'],
  },
  {
    method: 'get', path: '/cases/:caseNumber/persons', operationId: 'listPersons', tag: 'cases',
    summary: 'The persons in a case the officer may see (purpose required)',
    params: { caseNumber }, headers: ['purpose-required'],
    success: { status: 200, description: 'Persons', schema: personListResponseSchema },
    problems: ['forbidden', 'not-found', 'purpose-required'],
  },
  {
    method: 'get', path: '/persons/:id', operationId: 'getPerson', tag: 'cases',
    summary: 'Read one person (purpose required)',
    params: { id: uuid }, headers: ['purpose-required'],
    success: { status: 200, description: 'The person', schema: personResponseSchema },
    problems: ['forbidden', 'not-found', 'purpose-required'],
  },
  {
    method: 'post', path: '/cases/:caseNumber/plans', operationId: 'createPlan', tag: 'cases',
    summary: 'Create a protection plan for a completed assessment',
    params: { caseNumber }, headers: ['purpose'], body: createPlanRequestSchema,
    success: { status: 201, description: 'Created', schema: planResponseSchema, headers: ['location'] },
    problems: ['forbidden', 'not-found', 'duplicate', 'plan-exists', 'invalid-reference', 'assessment-not-completed', 'assessment-superseded', 'pack-mismatch', 'case-closed'],
  },
  {
    method: 'get', path: '/cases/:caseNumber/plans', operationId: 'listPlans', tag: 'cases',
    summary: "A case's protection plans with their measures, oldest first (those protecting a protected person only to officers assigned to the case)",
    params: { caseNumber }, headers: ['purpose'],
    success: { status: 200, description: 'Plans', schema: planListResponseSchema },
    problems: ['forbidden', 'not-found'],
  },
  {
    method: 'get', path: '/plans/:id', operationId: 'getPlan', tag: 'cases',
    summary: 'Read a protection plan with its measures',
    params: { id: uuid }, headers: ['purpose'],
    success: { status: 200, description: 'The plan', schema: planResponseSchema },
    problems: ['forbidden', 'not-found'],
  },
  {
    method: 'post', path: '/plans/:id/measures', operationId: 'addMeasure', tag: 'cases',
    summary: 'Add a measure to a plan',
    params: { id: uuid }, headers: ['purpose'], body: addMeasureRequestSchema,
    success: { status: 201, description: 'Added', schema: measureResponseSchema },
    problems: ['forbidden', 'not-found', 'duplicate', 'invalid-reference', 'pack-mismatch', 'case-closed'],
  },
  {
    method: 'put', path: '/measures/:id/status', operationId: 'changeMeasureStatus', tag: 'cases',
    summary: "Change a measure's status",
    params: { id: uuid }, headers: ['purpose'], body: changeMeasureRequestSchema,
    success: { status: 200, description: 'The measure', schema: measureResponseSchema },
    problems: ['forbidden', 'not-found', 'invalid-reference', 'case-closed'],
  },
  {
    method: 'get', path: '/statistics/cases', operationId: 'getCaseStatistics', tag: 'cases',
    summary: 'National counts of cases and measures by region (small counts suppressed; no personal data)',
    success: { status: 200, description: 'Counts', schema: caseStatisticsResponseSchema },
    problems: ['forbidden'],
  },
  {
    method: 'get', path: '/methodology/search', operationId: 'searchMethodology', tag: 'methodology',
    summary: "Search the active pack's guidance",
    query: methodSearchQuerySchema,
    success: { status: 200, description: 'Hits citing the pack version', schema: methodSearchResponseSchema },
    problems: [],
  },
  {
    method: 'get', path: '/methodology/sections/:id', operationId: 'getGuidelineSection', tag: 'methodology',
    summary: 'Read one guideline section of the active pack',
    params: { id: itemId },
    success: { status: 200, description: 'The section', schema: guidelineSectionResponseSchema },
    problems: ['not-found'],
  },
  {
    method: 'get', path: OPENAPI_PATH, operationId: 'getOpenApiDocument', tag: 'meta',
    summary: 'This document', public: true,
    success: { status: 200, description: 'OpenAPI 3.1', schema: { type: 'object' } },
    problems: [],
  },
];

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
  'purpose': { name: PURPOSE_HEADER, in: 'header', required: false, description: 'Why personal data is consulted; recorded on the audit row', schema: { type: 'string', minLength: 1, maxLength: 200 } },
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
  for (const [name, schema] of Object.entries(op.params ?? {})) parameters.push({ name, in: 'path', required: true, schema });
  if (op.query) {
    const query = jsonSchemaOf(op.query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema });
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
      ...(op.success.schema
        ? { content: { 'application/json': { schema: op.success.schema instanceof z.ZodType ? jsonSchemaOf(op.success.schema, 'output') : op.success.schema } } }
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
    ...(op.public ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(op.body, 'input') } } } } : {}),
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
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    tags: [{ name: 'assessments' }, { name: 'cases' }, { name: 'methodology' }, { name: 'meta' }],
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
