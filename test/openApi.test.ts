// The OpenAPI 3.1 document at /api/v1/openapi.json (issue 7, item 5): served
// without a token, lists every route the router serves (and nothing it does
// not), passes a structural check of OpenAPI 3.1, names each operation's
// default purpose, and describes the bodies the API really sends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRouter, type ApiDeps } from '../api/apiRouter.js';
import { API_OPERATIONS } from '../api/apiOperations.js';
import { openApiDocument } from '../api/openApiDocument.js';
import { startTestServer, type TestServer } from './testServer.js';

type Json = Record<string, unknown>;

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
}

/** METHOD path (OpenAPI form) of every route in an Express router, nested routers included (all mounted at the router's root). */
function servedRoutes(stack: RouterLayer[]): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const path = layer.route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      return Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${path}`);
    }
    return layer.handle?.stack ? servedRoutes(layer.handle.stack) : [];
  });
}

function documentedRoutes(doc: Json): string[] {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];
const PARAMETER_LOCATIONS = ['query', 'header', 'path', 'cookie'];

/** Every place a JSON Schema holds subschemas, per JSON Schema 2020-12. */
function* subschemas(schema: Json): Generator<[string, unknown]> {
  for (const key of ['items', 'not', 'additionalProperties', 'if', 'then', 'else', 'contains', 'propertyNames']) {
    if (key in schema && typeof schema[key] === 'object') yield [key, schema[key]];
  }
  for (const key of ['anyOf', 'allOf', 'oneOf', 'prefixItems']) {
    if (Array.isArray(schema[key])) for (const [i, s] of (schema[key] as unknown[]).entries()) yield [`${key}/${i}`, s];
  }
  for (const key of ['properties', 'patternProperties', '$defs']) {
    if (schema[key] && typeof schema[key] === 'object') for (const [name, s] of Object.entries(schema[key] as Json)) yield [`${key}/${name}`, s];
  }
}

/**
 * A structural check of an OpenAPI 3.1 document: the required fields, unique
 * operation ids, path templates matched by path parameters, resolvable $refs,
 * responses with descriptions, and well-formed JSON Schemas. Returns the
 * problems found (empty when none), each naming where.
 */
function openApiStructureProblems(doc: Json): string[] {
  const problems: string[] = [];
  const fail = (where: string, what: string) => problems.push(`${where}: ${what}`);
  const resolve = (ref: string): unknown =>
    ref.startsWith('#/') ? ref.slice(2).split('/').reduce<unknown>((node, key) => (node as Json | undefined)?.[key], doc) : undefined;

  const checkSchema = (schema: unknown, where: string) => {
    if (typeof schema === 'boolean') return;
    if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return fail(where, 'schema is not an object');
    const s = schema as Json;
    if (typeof s.$ref === 'string' && resolve(s.$ref) === undefined) fail(where, `unresolvable $ref ${s.$ref}`);
    if ('type' in s) {
      const types = Array.isArray(s.type) ? s.type : [s.type];
      if (!types.every((t) => JSON_TYPES.includes(t as string))) fail(where, `bad type ${JSON.stringify(s.type)}`);
    }
    if ('required' in s && !(Array.isArray(s.required) && s.required.every((r) => typeof r === 'string'))) fail(where, 'required is not a list of names');
    if (Array.isArray(s.required) && s.properties && typeof s.properties === 'object') {
      for (const name of s.required as string[]) if (!(name in (s.properties as Json))) fail(where, `required "${name}" is not a property`);
    }
    if ('enum' in s && !(Array.isArray(s.enum) && s.enum.length > 0)) fail(where, 'enum is not a non-empty list');
    if ('pattern' in s) {
      try {
        new RegExp(s.pattern as string, 'u');
      } catch {
        fail(where, `pattern does not compile: ${String(s.pattern)}`);
      }
    }
    for (const [key, sub] of subschemas(s)) checkSchema(sub, `${where}/${key}`);
  };

  if (typeof doc.openapi !== 'string' || !/^3\.1\.\d+$/.test(doc.openapi)) fail('openapi', 'must be 3.1.x');
  const info = doc.info as Json | undefined;
  if (!info || typeof info.title !== 'string' || typeof info.version !== 'string') fail('info', 'title and version are required');
  if (!doc.paths || typeof doc.paths !== 'object') fail('paths', 'missing');
  const schemes = ((doc.components as Json | undefined)?.securitySchemes ?? {}) as Json;
  const checkSecurity = (security: unknown, where: string) => {
    if (security === undefined) return;
    if (!Array.isArray(security)) return fail(where, 'security is not a list');
    for (const requirement of security as Json[]) for (const name of Object.keys(requirement)) if (!(name in schemes)) fail(where, `unknown security scheme ${name}`);
  };
  checkSecurity(doc.security, 'security');
  for (const [name, schema] of Object.entries(((doc.components as Json | undefined)?.schemas ?? {}) as Json)) checkSchema(schema, `components/schemas/${name}`);

  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    if (!path.startsWith('/')) fail(path, 'path must start with /');
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    for (const [method, operation] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`;
      if (!HTTP_METHODS.includes(method)) {
        fail(where, 'not an HTTP method');
        continue;
      }
      const op = operation as Json;
      if (typeof op.operationId !== 'string') fail(where, 'operationId missing');
      else if (operationIds.has(op.operationId)) fail(where, `duplicate operationId ${op.operationId}`);
      else operationIds.add(op.operationId);
      checkSecurity(op.security, where);

      const parameters = (op.parameters ?? []) as Json[];
      const seen = new Set<string>();
      for (const p of parameters) {
        if (typeof p.name !== 'string' || !PARAMETER_LOCATIONS.includes(p.in as string)) fail(where, `bad parameter ${JSON.stringify(p)}`);
        const key = `${String(p.in)}:${String(p.in === 'header' ? String(p.name).toLowerCase() : p.name)}`;
        if (seen.has(key)) fail(where, `parameter ${key} twice`);
        seen.add(key);
        if (p.in === 'path' && p.required !== true) fail(where, `path parameter ${String(p.name)} must be required`);
        if (!('schema' in p) && !('content' in p)) fail(where, `parameter ${String(p.name)} has no schema`);
        if (p.schema) checkSchema(p.schema, `${where} parameter ${String(p.name)}`);
      }
      const pathParams = parameters.filter((p) => p.in === 'path').map((p) => p.name as string);
      if (JSON.stringify([...pathParams].sort()) !== JSON.stringify([...templated].sort())) {
        fail(where, `path parameters ${JSON.stringify(pathParams)} do not match the template ${JSON.stringify(templated)}`);
      }
      const body = op.requestBody as Json | undefined;
      if (body) {
        if (!body.content || typeof body.content !== 'object') fail(where, 'requestBody without content');
        for (const [type, media] of Object.entries((body.content ?? {}) as Record<string, Json>)) checkSchema(media.schema, `${where} requestBody ${type}`);
      }
      const responses = op.responses as Record<string, Json> | undefined;
      if (!responses || Object.keys(responses).length === 0) {
        fail(where, 'no responses');
        continue;
      }
      for (const [status, response] of Object.entries(responses)) {
        if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(status)) fail(where, `bad response key ${status}`);
        if (typeof response.description !== 'string') fail(`${where} ${status}`, 'description missing');
        for (const [type, media] of Object.entries((response.content ?? {}) as Record<string, Json>)) {
          checkSchema(media.schema, `${where} ${status} ${type}`);
          if (Number(status) >= 400 && type !== 'application/problem+json') fail(`${where} ${status}`, 'errors must be application/problem+json');
        }
        for (const [name, header] of Object.entries((response.headers ?? {}) as Record<string, Json>)) {
          if (header.schema) checkSchema(header.schema, `${where} ${status} header ${name}`);
        }
      }
    }
  }
  return problems;
}

describe('OpenAPI document', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({ engine: 'postgres' });
  }, 120_000);
  afterAll(() => t?.close());

  it('is served at /api/v1/openapi.json without a token', async () => {
    const res = await t.api('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('lists every route the router serves, and only those', () => {
    const router = apiRouter({} as unknown as ApiDeps) as unknown as { stack: RouterLayer[] };
    const served = servedRoutes(router.stack).sort();
    expect(served.length).toBeGreaterThanOrEqual(API_OPERATIONS.length);
    expect(documentedRoutes(openApiDocument()).sort()).toEqual(served);
  });

  it('passes the structural check of OpenAPI 3.1', () => {
    expect(openApiStructureProblems(openApiDocument())).toEqual([]);
  });

  it('has a structural check that catches broken documents', () => {
    const broken = structuredClone(openApiDocument()) as Json;
    broken.openapi = '3.0.3';
    const paths = broken.paths as Record<string, Record<string, Json>>;
    const get = paths['/assessments/{id}']!.get!;
    get.parameters = (get.parameters as Json[]).filter((p) => p.in !== 'path');
    get.operationId = 'createAssessment';
    (get.responses as Record<string, Json>)['404'] = { description: 'x', content: { 'application/json': { schema: { $ref: '#/components/schemas/Nope', type: 'text' } } } };
    const problems = openApiStructureProblems(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        'openapi: must be 3.1.x',
        expect.stringMatching(/GET \/assessments\/\{id\}: path parameters \[\] do not match/),
        expect.stringMatching(/duplicate operationId createAssessment/),
        expect.stringMatching(/unresolvable \$ref #\/components\/schemas\/Nope/),
        expect.stringMatching(/bad type "text"/),
        expect.stringMatching(/404: errors must be application\/problem\+json/),
      ]),
    );
  });

  it('documents a problem response for every problem type an operation declares, and 401 for every authenticated one', () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, Json> }>> };
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (op.security?.length === 0) continue;
        expect(Object.keys(op.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['400', '401', '403', '500']));
      }
    }
    expect(Object.keys(doc.paths['/assessments/{id}/answers/{itemId}']!.put!.responses)).toEqual(
      expect.arrayContaining(['204', '404', '409', '412', '413', '415', '422']),
    );
  });

  it('lists the closed-case refusal (409 case-closed) on every operation that adds or changes work in a case', () => {
    const work = ['createAssessment', 'saveAnswer', 'completeAssessment', 'discardAssessment', 'choosePackVersion', 'changeCase', 'addPerson', 'createPlan', 'addMeasure', 'setReassessmentDate', 'setPlanProtectedPerson', 'closePlan', 'changeMeasureStatus', 'takeReferral', 'escalateCase', 'addRriContact', 'addRriOutcome', 'createShare', 'refreshShare'];
    expect(API_OPERATIONS.filter((op) => op.problems.includes('case-closed')).map((op) => op.operationId).sort()).toEqual([...work].sort());
    const doc = openApiDocument() as { paths: Record<string, Record<string, { operationId: string; responses: Record<string, { description: string }> }>> };
    const documented = Object.values(doc.paths).flatMap((item) => Object.values(item));
    for (const operationId of work) {
      expect(documented.find((op) => op.operationId === operationId)?.responses['409']?.description, operationId).toContain('urn:bops:problem:case-closed');
    }
  });

  it("names each operation's default purpose: what its audit rows record when the caller states none", () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, { operationId: string; 'x-default-purpose'?: string }>> };
    const documented = Object.fromEntries(Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => [op.operationId, op['x-default-purpose']])));
    expect(documented).toEqual(Object.fromEntries(API_OPERATIONS.map((op) => [op.operationId, op.purpose])));
    expect(documented.listReceivedShares).toBe('investigation');
  });

  it('describes the assessment the API really returns', async () => {
    const officer = { id: 'officer-openapi', roles: ['intake_officer' as const], region: 'stockholm' as const };
    const { pack, hash } = t.server.methodology.active('bops-exempel');
    const res = await t.as(officer, 'POST', '/assessments', { caseNumber: '1700-K000001-26', level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Json;
    const doc = openApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: Json }> }> }>> };
    const schema = doc.paths['/assessments']!.post!.responses['201']!.content['application/json']!.schema as { properties: Json; required: string[] };
    expect(Object.keys(body).sort()).toEqual(Object.keys(schema.properties).sort());
    expect(schema.required.sort()).toEqual(Object.keys(body).sort());
    expect(schema.properties.createdAt).toEqual({ type: 'string', format: 'date-time' });
  });
});
