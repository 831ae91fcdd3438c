// fast-check fuzzing of every API endpoint over real HTTP, on PostgreSQL and
// PGlite (issue 7, item 7): malformed bodies, headers, ids, query strings and
// tokens are always answered with a 4xx problem, never a 5xx, and nothing is
// stored — every table holds exactly as many rows afterwards as before.
// In the first four properties every generated request is wrong in at least
// one respect, so any success would itself be a finding. The fifth (a third of
// the cases) sends requests the operation's schemas accept, hostile in every
// string (test/acceptedHostileInput.ts), at real resources and as officers
// allowed through, so they reach the handlers and the database: 2xx or 4xx,
// never 5xx, nothing stored on a 4xx, no card to a serviceUrl off the
// allow-list; it prints per operation how many reached a 2xx and which 4xx
// the rest got. Officers and case numbers are fictitious.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ON_BEHALF_OF_HEADER, PURPOSE_HEADER } from '../api/assessmentContract.js';
import { API_OPERATIONS, OPENAPI_PATH, type Operation } from '../api/apiOperations.js';
import { jsonSchemaOf } from '../api/openApiDocument.js';
import { POLICE_REGIONS } from '../api/policeRegions.js';
import { purposeSchema } from '../api/routeGuards.js';
import { acceptedShapeOf, hostileText, type Hints, type JsonSchema } from './acceptedHostileInput.js';
import { completeStructuredAssessment } from './completeStructuredAssessment.js';
import { expectJson } from './expectJson.js';
import { signDevToken } from '../api/tokenVerifier.js';
import { fuzzRuns } from './fuzzRuns.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { startTestServer, type TestOfficer, type TestServer } from './testServer.js';
import { tableContents } from './tableContents.js';
import { startConnectorStandIn, type ConnectorStandIn } from './botConnectorStandIn.js';
import { startRecordingListener, type RecordingListener } from './recordingListener.js';
import type { ServiceUrlAllowList } from '../bot/serviceUrlAllowList.js';

const INTAKE: TestOfficer = { id: 'officer-fuzz-a', roles: ['intake_officer'], region: 'stockholm' };
const BOPS: TestOfficer = { id: 'officer-fuzz-b', roles: ['bops_officer'], region: 'stockholm' };
const CASE_NUMBER = '1800-K000001-26';
// Cases per property: FUZZ_RUNS (test/fuzzRuns.ts); CI sets it so the fuzz tests run over 10,000 cases.
const RUNS = fuzzRuns(120);
/** Cases of the schema-valid property: a third of the file's requests (the other four properties run RUNS each). */
const ACCEPTED_RUNS = RUNS * 2;

/** The officers of the world the schema-valid requests act in: each operation is sent by those whose role lets them through. */
const WORLD = {
  bops: { id: 'officer-world-bops', roles: ['bops_officer', 'intake_officer'], region: 'stockholm' },
  colleague: { id: 'officer-world-colleague', roles: ['bops_officer'], region: 'stockholm' },
  specialist: { id: 'officer-world-specialist', roles: ['specialist'], region: 'stockholm' },
  investigator: { id: 'officer-world-investigator', roles: ['investigator'], region: 'stockholm' },
  analyst: { id: 'officer-world-analyst', roles: ['analyst', 'auditor', 'method_owner'], region: 'stockholm' },
} as const satisfies Record<string, TestOfficer>;
type WorldOfficer = keyof typeof WORLD | 'bot';
const WORLD_CASE = '1800-K000777-26';
const INVESTIGATION = '1800-K000778-26';

/** Who sends each operation: its draft's or share's own officer, a reviewer, the recipient, an auditor, the bot; else anyone working the case. */
const SENDERS: Partial<Record<string, readonly WorldOfficer[]>> = {
  saveAnswer: ['bops'], completeAssessment: ['bops'], discardAssessment: ['bops'], choosePackVersion: ['bops'], withdrawShare: ['bops'], createDocumentLink: ['bops'],
  createReview: ['colleague', 'specialist'], giveReviewReason: ['colleague'], getReviewBasis: ['colleague', 'specialist'],
  getAssessmentAuditTrail: ['analyst'], getFigure: ['analyst'], getReviewStatistics: ['analyst'],
  listReceivedShares: ['investigator'], getReceivedShare: ['investigator'],
  takeReferral: ['specialist'], getCaseEscalation: ['specialist'],
  saveConversationReference: ['bot'],
};
const CASE_WORKERS: readonly WorldOfficer[] = ['bops', 'colleague', 'specialist'];
const DRAFT_OPERATIONS = new Set(['saveAnswer', 'completeAssessment', 'discardAssessment', 'choosePackVersion']);

/** Purposes that pass the purpose check but are no friendlier than the bodies (a header is Latin-1, so the bodies carry the rest). */
const HOSTILE_PURPOSES = ["Uppföljning'; DROP TABLE audit_log; --", '<script>alert(1)</script>', 'åäö ÅÄÖ ¡¿ ÿ', '%00%0d%0a', '${jndi:ldap://127.0.0.1/a}', '\\u0000', 'p'.repeat(200), '  padded  '].filter(
  (purpose) => purposeSchema.safeParse(purpose).success,
);

/** Every item (an object with an id and a type) anywhere in `value`, e.g. an instrument's. */
function valuesOfItems(value: unknown, found: { id: string; answerSet?: string }[] = []): { id: string; answerSet?: string }[] {
  if (Array.isArray(value)) value.forEach((v) => valuesOfItems(v, found));
  else if (value && typeof value === 'object') {
    const item = value as { id?: unknown; type?: unknown; answerSet?: unknown };
    if (typeof item.id === 'string' && typeof item.type === 'string') found.push({ id: item.id, ...(typeof item.answerSet === 'string' ? { answerSet: item.answerSet } : {}) });
    Object.values(value).forEach((v) => valuesOfItems(v, found));
  }
  return found;
}

/** Every value under `key` anywhere in `value` (e.g. every 'code' of a methodology pack). */
function valuesOf(value: unknown, key: string, found = new Set<string>()): string[] {
  if (Array.isArray(value)) value.forEach((v) => valuesOf(v, key, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === key && typeof v === 'string') found.add(v);
      else valuesOf(v, key, found);
    }
  }
  return [...found];
}

/** Operations a fuzzed request can aim at: all but the public document, which rightly answers 200 to anyone. */
const OPERATIONS = API_OPERATIONS.filter((op) => op.path !== OPENAPI_PATH);
const operationOf = (operationId: string) => OPERATIONS.find((op) => op.operationId === operationId)!;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Text for path segments: arbitrary, path tricks, malformed percent-encoding, very long. */
const segment = fc.oneof(
  fc.string({ maxLength: 60 }).map(encodeURIComponent),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
  fc.constantFrom('..', '%2e%2e', '%ZZ', '%', '%00', '%C0%AF', 'a'.repeat(1500), '00000000-0000-0000-0000-000000000000', 'null', '-1', '1e309', '%20'),
  fc.uuid().map((u) => u.toUpperCase()),
);

/** JSON bodies that are wrong for `schema`, raw non-JSON text, and odd bytes. */
const bodyFailing = (accepts: (value: unknown) => boolean) =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).filter((v) => !accepts(v)).map((v) => JSON.stringify(v)),
    fc.dictionary(fc.constantFrom('value', 'rationale', 'caseNumber', 'level', 'pack', 'instrumentId', 'region', '__proto__', 'constructor'), fc.jsonValue({ maxDepth: 2 }))
      .filter((v) => !accepts(v))
      .map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
    fc.constantFrom('', '{', '{"value":', 'null', '[]', '"text"', '{"value":"ja"}{"value":"nej"}', '\u0000', '{"__proto__":{"polluted":true}}', `{"value":"${'x'.repeat(70000)}"}`),
    fc.uint8Array({ maxLength: 100 }),
  );

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/merge-patch+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  '',
);

describe.each(DATABASE_ENGINES)('fuzzing every endpoint on %s', (engine) => {
  let t: TestServer;
  let assessmentId = '';
  const valid = { intake: '', bops: '', service: '' };

  /**
   * Every table but the audit trail, plus the audit rows that are not refusals: a refused request is
   * recorded ('access.denied', e.g. a Bops officer's GET /shares/{uuid}, which only investigators may
   * read), and that record is the one write a refusal may make. The audit log is append-only (a trigger
   * refuses UPDATE and DELETE), so its other rows are told by their count and newest id, not hashed
   * again on each of thousands of requests.
   */
  const contents = async () => {
    const { rows } = await t.server.database.query<{ n: number; newest: string | null }>(
      `SELECT count(*)::int AS n, max(id)::text AS newest FROM audit_log WHERE action <> 'access.denied'`,
    );
    return { ...(await tableContents(t.server.database, ['audit_log', 'audit_chain_head'])), audit_log_but_refusals: { rows: rows[0]!.n, newest: rows[0]!.newest } };
  };

  // Cards the API sends on its own (a review, an escalation, a break-glass) go to the officers' stored
  // conversation references, whose serviceUrls the schema-valid requests choose: the Bot Connector
  // stand-in is the one origin allowed; the trap, another port of the same address, must never be called.
  let connector: ConnectorStandIn;
  let trap: RecordingListener;

  beforeAll(async () => {
    connector = await startConnectorStandIn();
    trap = await startRecordingListener(['127.0.0.1']);
    const onlyTheStandIn: ServiceUrlAllowList = { kind: 'hosts', protocols: ['http:'], hosts: [{ host: '127.0.0.1', subdomains: false, port: Number(new URL(connector.serviceUrl).port) }] };
    t = await startTestServer({ engine, serviceUrlAllowList: onlyTheStandIn });
    valid.intake = await t.officerToken(INTAKE);
    valid.bops = await t.officerToken(BOPS);
    valid.service = await t.serviceToken();
    const { pack, hash } = t.server.methodology.active('bops-exempel');
    const res = await t.api('/assessments', {
      method: 'POST',
      headers: { authorization: `Bearer ${valid.intake}`, 'content-type': 'application/json' },
      body: JSON.stringify({ caseNumber: CASE_NUMBER, level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash } }),
    });
    expect(res.status).toBe(201);
    assessmentId = ((await res.json()) as { id: string }).id;
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await Promise.all([connector?.close(), trap?.close()]);
  });

  /** Real ids for path parameters, so a request gets past "not found" to what is wrong with it. */
  const realParam = (name: string): string =>
    ({ id: assessmentId, itemId: 'hotbildsfraga', caseNumber: CASE_NUMBER, officerId: BOPS.id })[name] ?? assessmentId;

  const fillPath = (template: string, param: (name: string) => string) => template.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => param(name));

  /** Sends a request; undefined when fetch itself refuses it (e.g. a header value it cannot send), which never reaches the server. */
  const send = async (request: FuzzRequest): Promise<{ status: number; contentType: string | null; text: string } | undefined> => {
    let res: Response;
    try {
      res = await t.api(request.path, { method: request.method, headers: request.headers, ...(request.body === undefined ? {} : { body: request.body }) });
    } catch (err) {
      if (err instanceof TypeError && !/fetch failed/.test(err.message)) return undefined;
      throw err;
    }
    return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
  };

  /** The resources schema-valid requests aim at, made in the world's case; pools grow as requests create more. */
  interface World {
    drafts: string[];
    completed: string[];
    persons: string[];
    plans: string[];
    measures: string[];
    shares: string[];
    reviews: string[];
    referrals: string[];
    links: string[];
    tokens: Record<WorldOfficer, string>;
    hints: Hints;
    /** An item of the draft's instrument with a value that fits it, for saveAnswer. */
    answer: fc.Arbitrary<{ itemId: string; value: unknown }>;
    /** The real values a path parameter can take in this operation, or undefined when only the schema says. */
    realParam(op: Operation, name: string): (() => readonly string[]) | undefined;
    /** After a 2xx: makes again what the request used up (a draft completed, a share withdrawn, a case closed, a link opened), and pools what it created. */
    renew(op: Operation, request: FuzzRequest, answer: { text: string }): Promise<void>;
  }

  const buildWorld = async (): Promise<World> => {
    await t.provision(Object.values(WORLD));
    const as = (who: keyof typeof WORLD, method: string, path: string, body?: unknown, headers?: Record<string, string>) => t.as(WORLD[who], method, path, body, headers);
    const { pack, hash } = t.server.methodology.active('bops-exempel');
    const newDraft = async () =>
      (await expectJson<{ id: string }>(await as('bops', 'POST', '/assessments', { caseNumber: WORLD_CASE, level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash } }), 201)).id;
    const newShare = async () =>
      (await expectJson<{ id: string }>(await as('bops', 'POST', `/cases/${WORLD_CASE}/shares`, { investigationNumber: INVESTIGATION, recipients: [WORLD.investigator.id], reason: 'Fiktiv delning.' }), 201)).id;
    const newLink = async () => (await expectJson<{ path: string }>(await as('bops', 'POST', `/assessments/${world.completed[0]}/document-link`), 201)).path.split('/').at(-1)!;
    const toBops = async () => expectJson(await as('bops', 'PATCH', `/cases/${WORLD_CASE}`, { status: 'bops' }, { 'if-match': '*' }), 200);

    const created = await expectJson<{ status: string }>(await as('bops', 'POST', '/cases', { caseNumber: WORLD_CASE, violenceType: 'nara_relation' }), 201);
    for (const who of ['colleague', 'specialist'] as const) await expectJson(await as('bops', 'PUT', `/cases/${WORLD_CASE}/assignments/${WORLD[who].id}`), 200);
    await expectJson(await as('colleague', 'PUT', `/cases/${WORLD_CASE}/assignments/${WORLD.bops.id}`), 200);
    if (created.status !== 'bops') await toBops();
    const persons: string[] = [];
    for (const person of [{ role: 'hotaktor', label: 'Hotaktör A' }, { role: 'skyddsperson', label: 'Skyddsperson B' }, { role: 'malsagande', label: 'Skyddad C', protectedIdentity: true }]) {
      persons.push((await expectJson<{ id: string }>(await as('bops', 'POST', `/cases/${WORLD_CASE}/persons`, person), 201)).id);
    }
    const completed = await completeStructuredAssessment(t.server, { caseNumber: WORLD_CASE, region: 'stockholm', officerId: WORLD.bops.id, instrumentId: 'sarasv', judgements: { overall: 'hog', seriousViolence: 'medel', acute: 'lag' } });
    const plan = await expectJson<{ id: string; measures: { id: string }[] }>(
      await as('bops', 'POST', `/cases/${WORLD_CASE}/plans`, {
        assessmentId: completed.id,
        protectedPersonId: persons[1],
        reassessOn: '2030-06-01',
        measures: [{ part: 'reducering', measureId: 'rri', responsible: WORLD.bops.id, followUpOn: '2030-03-01' }],
      }),
      201,
    );
    const escalation = await expectJson<{ id: string }>(await as('bops', 'POST', `/cases/${WORLD_CASE}/escalations`, { note: 'Fiktiv överlämning.' }), 201);
    // Blind, and grading otherwise: its reason is still to give (giveReviewReason).
    const review = await expectJson<{ id: string }>(await as('colleague', 'POST', `/assessments/${completed.id}/reviews`, { verdict: 'blind', judgements: { overall: 'lag', seriousViolence: 'lag', acute: 'hog' } }), 201);
    const world: World = {
      drafts: [await newDraft()],
      completed: [completed.id],
      persons,
      plans: [plan.id],
      measures: plan.measures.map((m) => m.id),
      shares: [await newShare()],
      reviews: [review.id],
      referrals: [escalation.id],
      links: [],
      tokens: { bot: valid.service } as Record<WorldOfficer, string>,
      hints: () => undefined,
      answer: fc.constant({ itemId: 'hotbildsfraga', value: 'ja' }),
      realParam: () => undefined,
      renew: async () => undefined,
    };
    world.links.push(await newLink());
    for (const who of Object.keys(WORLD) as (keyof typeof WORLD)[]) world.tokens[who] = await t.officerToken(WORLD[who]);

    const pick = <T>(values: readonly T[]) => fc.nat().map((i) => values[i % values.length]!);
    const pool = (values: () => readonly string[]) => fc.nat().map((i) => values()[i % values().length]!);
    const codes = valuesOf(pack, 'code');
    const officerIds = Object.values(WORLD).map((o) => o.id);
    world.hints = (name) => {
      switch (name) {
        case 'caseNumber':
          // The world's case, or a new one in the shape the service takes (stricter than the schema's).
          return fc.oneof(fc.constant(WORLD_CASE), fc.stringMatching(/^\d{4}-K\d{1,7}-\d{2}$/));
        case 'aadObjectId':
          return fc.constant(WORLD.bops.id);
        case 'investigationNumber':
          return fc.constant(INVESTIGATION);
        case 'assessmentId':
        case 'reassessmentOf':
          return pool(() => [...world.completed, ...world.drafts]);
        case 'personId':
        case 'protectedPersonId':
        case 'threatActorId':
          return pool(() => world.persons);
        case 'measureId':
          return pick(pack.measures.map((m) => m.id));
        case 'instrumentId':
          return pick(pack.instruments.map((i) => i.id));
        case 'responsible':
        case 'officerId':
        case 'decidedBy':
          return pick(officerIds);
        case 'recipients':
          return fc.subarray([WORLD.investigator.id, WORLD.colleague.id], { minLength: 1 });
        case 'pack':
          return fc.constant({ id: pack.id, version: pack.version, hash });
        case 'version':
          return fc.constant(pack.version);
        case 'value':
          return fc.oneof(pick(codes), fc.array(pick(codes), { minLength: 1, maxLength: 3 }));
        case 'judgements':
          return fc.dictionary(fc.constantFrom('overall', 'seriousViolence', 'acute'), fc.constantFrom('lag', 'medel', 'hog'), { minKeys: 1 });
        case 'region':
          return fc.constantFrom(...POLICE_REGIONS);
        case 'serviceUrl': {
          const trapPort = trap.ports['127.0.0.1']!;
          return fc.oneof(
            fc.constant(connector.serviceUrl),
            fc.constantFrom(
              `http://127.0.0.1:${trapPort}/`,
              `http://localhost:${trapPort}/`,
              `http://2130706433:${trapPort}/`,
              `${connector.serviceUrl.replace(/\/$/, '')}@127.0.0.1:${trapPort}/`,
              'http://169.254.169.254/latest/meta-data/',
              'https://smba.trafficmanager.net@evil.example/',
              `${connector.serviceUrl}${'x'.repeat(400)}`,
            ),
          );
        }
        default:
          return undefined;
      }
    };
    const items = valuesOf(pack.instruments, 'id');
    const sections = pack.guidelines.map((g) => g.id);
    // An answer that fits an item of the draft's instrument: one of its answer set's codes, or any text.
    const codesOf = new Map(pack.answerSets.map((set) => [set.id, set.options.map((o) => o.code)]));
    const draftItems = valuesOfItems(pack.instruments.find((i) => i.id === 'initial'));
    world.answer = fc.oneof(
      ...draftItems.map((item) => {
        const options = item.answerSet === undefined ? undefined : codesOf.get(item.answerSet);
        const value = options
          ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...options) }, { weight: 1, arbitrary: fc.array(fc.constantFrom(...options), { minLength: 1, maxLength: 2 }) })
          : hostileText(1, 4000);
        return value.map((v) => ({ itemId: item.id, value: v }));
      }),
    );
    world.realParam = (op, name) => {
      if (name === 'caseNumber') return () => [WORLD_CASE];
      if (name === 'shareId') return () => world.shares;
      if (name === 'reviewId') return () => world.reviews;
      if (name === 'token') return () => world.links;
      if (name === 'itemId') return () => items;
      if (name === 'officerId') return () => officerIds;
      if (name !== 'id') return undefined;
      const [, resource] = op.path.split('/');
      switch (resource) {
        case 'assessments':
          // A draft's own operations aim at the draft: at the completed one they all end in 409.
          return DRAFT_OPERATIONS.has(op.operationId) ? () => world.drafts : () => [...world.drafts, ...world.completed];
        case 'persons':
          return () => world.persons;
        case 'plans':
          return () => world.plans;
        case 'measures':
          return () => world.measures;
        case 'referrals':
          return () => world.referrals;
        case 'methodology':
          return () => sections;
        default:
          return undefined;
      }
    };
    world.renew = async (op, request, answer) => {
      const id = () => (JSON.parse(answer.text) as { id: string }).id;
      switch (op.operationId) {
        case 'completeAssessment':
        case 'discardAssessment':
          if (world.drafts.some((d) => request.path.includes(d))) world.drafts = [await newDraft()];
          return;
        case 'changeCase':
          if ((JSON.parse(answer.text) as { status: string }).status !== 'bops') await toBops();
          return;
        case 'withdrawShare':
          world.shares = [await newShare()];
          return;
        case 'openDocumentLink':
          world.links = [await newLink()];
          return;
        case 'addMeasure':
          world.measures.push(id());
          return;
        case 'addPerson':
          world.persons.push(id());
          return;
        case 'createPlan':
          world.plans.push(id());
          return;
        case 'createShare':
          world.shares.push(id());
          return;
        case 'createReview':
          world.reviews.push(id());
          return;
        default:
          return;
      }
    };
    return world;
  };

  /** A request every part of which the operation's schemas accept: path parameters, query, body; sent by an officer the operation lets through. */
  const acceptedRequest = (op: Operation, world: World): fc.Arbitrary<FuzzRequest> => {
    const names = [...op.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
    const param = (name: string): fc.Arbitrary<string> => {
      const schema = op.params![name]!;
      const generated = acceptedShapeOf(jsonSchemaOf(schema, 'input') as JsonSchema).filter((v) => schema.safeParse(v).success) as fc.Arbitrary<string>;
      const real = world.realParam(op, name);
      return real ? fc.oneof({ weight: 5, arbitrary: fc.nat().map((i) => real()[i % real().length]!) }, { weight: 1, arbitrary: generated }) : generated;
    };
    const query = op.query;
    const body = op.body;
    return fc
      .record({
        sender: fc.constantFrom(...(SENDERS[op.operationId] ?? CASE_WORKERS)),
        params: fc.tuple(...names.map(param)),
        query: query
          ? acceptedShapeOf(jsonSchemaOf(query, 'input') as JsonSchema, world.hints)
              .map((q) => new URLSearchParams(Object.entries(q as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)])).toString())
              .filter((qs) => query.safeParse(Object.fromEntries(new URLSearchParams(qs))).success)
          : fc.constant(''),
        body: body ? acceptedShapeOf(jsonSchemaOf(body, 'input') as JsonSchema, world.hints) : fc.constant(undefined),
        answer: op.operationId === 'saveAnswer' ? fc.option(world.answer, { freq: 2 }) : fc.constant(null),
        purpose: fc.option(fc.constantFrom(...HOSTILE_PURPOSES), { nil: undefined }),
        accept: fc.constantFrom('application/json', ...(op.success.alsoPdf || op.success.pdfOnly ? ['application/pdf'] : []), ...(op.success.alsoCsv ? ['text/csv'] : []), ...(op.success.htmlOnly ? ['text/html'] : [])),
      })
      .map(({ answer, ...request }) => {
        if (!answer) return request;
        // Half the answers fit their item, so they are stored (and then read, rendered and completed).
        const params = request.params.map((p, i) => (names[i] === 'itemId' ? answer.itemId : p));
        return { ...request, params, body: { ...(request.body as object), value: answer.value } };
      })
      .filter((request) => !body || body.safeParse(request.body).success)
      .map(({ sender, params, query: qs, body: shape, purpose, accept }): FuzzRequest => {
        const text = shape === undefined ? undefined : JSON.stringify(shape);
        let i = 0;
        const path = op.path.replace(/:([A-Za-z0-9_]+)/g, () => encodeURIComponent(params[i++]!));
        const purposeRequired = op.headers?.includes('purpose-required') ?? false;
        return {
          method: op.method.toUpperCase(),
          path: qs ? `${path}?${qs}` : path,
          headers: {
            authorization: `Bearer ${world.tokens[sender]}`,
            accept,
            ...(sender === 'bot' ? { [ON_BEHALF_OF_HEADER]: WORLD.bops.id } : {}),
            ...(text === undefined ? {} : { 'content-type': 'application/json' }),
            ...(purpose !== undefined || purposeRequired ? { [PURPOSE_HEADER]: purpose ?? HOSTILE_PURPOSES[0]! } : {}),
            ...(op.headers?.includes('if-match-required') ? { 'if-match': '*' } : {}),
          },
          ...(text === undefined ? {} : { body: text }),
        };
      });
  };

  /**
   * Runs the property and checks that no request was answered outside 4xx and that nothing was stored —
   * no row added, removed or changed. Requests fetch itself would not send are counted and reported, and
   * may be only a small share: a fuzz mostly refused by the client tests nothing.
   */
  const fuzz = async (requests: fc.Arbitrary<FuzzRequest>) => {
    const before = await contents();
    const answered: number[] = [];
    let refusedByClient = 0;
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        const res = await send(request);
        if (!res) {
          refusedByClient++;
          return;
        }
        answered.push(res.status);
        expect({ status: res.status, request: { ...request, body: String(request.body).slice(0, 200) }, answer: res.text.slice(0, 300) }).toMatchObject({
          status: expect.toSatisfy((s: number) => s >= 400 && s < 500),
        });
        if (request.method !== 'HEAD') expect(res.contentType).toMatch(/^application\/problem\+json/);
      }),
      { numRuns: RUNS },
    );
    expect(await contents()).toEqual(before);
    console.info(`[apiFuzz ${engine}] ${answered.length} requests answered, ${refusedByClient} refused by the client before sending`);
    expect(refusedByClient).toBeLessThanOrEqual(answered.length / 10);
    return answered;
  };

  it('refuses every endpoint with bad credentials: missing, garbage, foreign-signed, alg none, expired, wrong scheme', async () => {
    const badAuthorization = fc.oneof(
      fc.constant(undefined),
      fc.string({ maxLength: 100 }),
      fc.string({ maxLength: 200 }).map((s) => `Bearer ${s}`),
      fc.tuple(fc.base64String({ maxLength: 60 }), fc.base64String({ maxLength: 200 }), fc.base64String({ maxLength: 60 })).map((parts) => `Bearer ${parts.join('.')}`),
      fc.constant(`Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: BOPS.id, roles: ['bops_officer'], region: 'stockholm', iss: 'urn:bops:dev-issuer', aud: 'urn:bops:api', exp: 4102444800 })}.`),
      fc.constant('foreign').map(() => 'foreign'),
      fc.constant('expired'),
      fc.constant(`Basic ${Buffer.from('officer:secret').toString('base64')}`),
    );
    const foreignKey = { ...t.signingKey, secret: new Uint8Array(randomBytes(32)) };
    const foreign = await signDevToken(foreignKey, { kind: 'officer', ...BOPS }, 3600);
    const expired = await signDevToken(t.signingKey, { kind: 'officer', ...BOPS }, -3600);
    const requests = fc
      .record({
        op: fc.constantFrom(...OPERATIONS),
        realIds: fc.boolean(),
        ids: fc.array(segment, { minLength: 3, maxLength: 3 }),
        authorization: badAuthorization,
        body: fc.option(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), { nil: undefined }),
      })
      .map(({ op, realIds, ids, authorization, body }): FuzzRequest => {
        let i = 0;
        const auth = authorization === 'foreign' ? `Bearer ${foreign}` : authorization === 'expired' ? `Bearer ${expired}` : authorization;
        // fetch sends no body with a GET: such a request would never reach the server.
        if (op.method === 'get') body = undefined;
        return {
          method: op.method.toUpperCase(),
          path: fillPath(op.path, (name) => (realIds ? realParam(name) : ids[i++ % 3]!)),
          headers: { ...(auth === undefined ? {} : { authorization: auth }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body }),
        };
      });
    const statuses = await fuzz(requests);
    expect(statuses).toContain(401);
  }, 120_000);

  it('refuses malformed bodies and content types on every endpoint that takes a body, with real ids and a valid token', async () => {
    const withBody = OPERATIONS.filter((op) => op.body);
    const requests = fc
      .record({
        op: fc.constantFrom(...withBody),
        officer: fc.constantFrom('intake', 'bops') as fc.Arbitrary<'intake' | 'bops'>,
        contentType,
        seed: fc.nat(),
      })
      .chain(({ op, officer, contentType, seed }) =>
        bodyFailing((v) => op.body!.safeParse(v).success).map(
          (body): FuzzRequest => ({
            method: op.method.toUpperCase(),
            path: fillPath(op.path, realParam),
            headers: { authorization: `Bearer ${valid[officer]}`, ...(contentType ? { 'content-type': contentType } : {}), ...(seed % 3 === 0 ? { [PURPOSE_HEADER]: 'fuzz' } : {}) },
            body,
          }),
        ),
      );
    const statuses = await fuzz(requests);
    expect(statuses).toEqual(expect.arrayContaining([400]));
  }, 120_000);

  it('refuses malformed ids, unknown paths and wrong methods with a valid token', async () => {
    const requests = fc.oneof(
      fc.record({ op: fc.constantFrom(...OPERATIONS.filter((op) => op.path.includes(':'))), ids: fc.array(segment, { minLength: 3, maxLength: 3 }) }).map(({ op, ids }): FuzzRequest => {
        let i = 0;
        return {
          method: op.method.toUpperCase(),
          path: fillPath(op.path, () => ids[i++]!),
          headers: { authorization: `Bearer ${valid.bops}`, [PURPOSE_HEADER]: 'fuzz' },
        };
      }),
      fc.record({ method: fc.constantFrom(...METHODS), segments: fc.array(segment, { minLength: 1, maxLength: 4 }) }).map(
        ({ method, segments }): FuzzRequest => ({ method, path: `/${segments.join('/')}`, headers: { authorization: `Bearer ${valid.bops}` } }),
      ),
      // A known path with a method it does not serve.
      fc.record({ op: fc.constantFrom(...OPERATIONS), method: fc.constantFrom(...METHODS) })
        .filter(({ op, method }) => !OPERATIONS.some((o) => o.path === op.path && o.method.toUpperCase() === method))
        .map(({ op, method }): FuzzRequest => ({ method, path: fillPath(op.path, realParam), headers: { authorization: `Bearer ${valid.bops}` } })),
    );
    // Only ids that do not exist: a real id with a valid token would rightly be served.
    const statuses = await fuzz(requests.filter((r) => !r.path.includes(assessmentId) || r.method === 'DELETE' || r.method === 'PATCH'));
    expect(statuses).toContain(404);
  }, 120_000);

  it('refuses malformed headers and query strings: purpose, on-behalf-of, If-Match, Idempotency-Key, paging', async () => {
    const { pack, hash } = t.server.methodology.active('bops-exempel');
    const createBody = JSON.stringify({ caseNumber: '1800-K000002-26', level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash } });
    const badPurpose = fc.oneof(fc.constantFrom('', '   ', '\t'), fc.string({ minLength: 201, maxLength: 400 }).filter((s) => s.trim().length > 200));
    // As with the keys below, HTTP trims a header value: ' -' arrives as the valid id '-'.
    const badOfficerId = fc.oneof(fc.constant(''), fc.string({ maxLength: 200 }).filter((s) => !/^[A-Za-z0-9:._@-]{1,128}$/.test(s.trim())), fc.constant('officer-not-provisioned-' + 'x'.repeat(120)));
    // HTTP trims a header value's surrounding whitespace, so what counts is the trimmed value.
    const badKey = fc
      .oneof(fc.constant(''), fc.string({ minLength: 256, maxLength: 300 }), fc.string({ maxLength: 20 }))
      .filter((s) => !/^[\x21-\x7e]{1,255}$/.test(s.trim()));
    const staleTag = fc.oneof(fc.constantFrom('"v0"', '"v2"', 'W/"v1"', '"1"', 'v1', '""', '"v1', 'garbage'), fc.string({ maxLength: 30 }).filter((s) => s.trim() !== '*' && !/"v1"/.test(s) && s.trim() !== ''));
    const badQuery = fc.oneof(
      fc.constantFrom('limit=0', 'limit=-1', 'limit=101', 'limit=1.5', 'limit=abc', 'limit=1&limit=2', 'cursor=', 'cursor=%25', 'cursor=eyJ0IjoiMSJ9', 'x=1', 'limit[]=1'),
      fc.string({ minLength: 1, maxLength: 60 }).map((s) => `cursor=${encodeURIComponent(s)}`).filter((q) => !/^cursor=[A-Za-z0-9_-]+$/.test(q)),
    );
    const answer = `/assessments/${assessmentId}/answers/hotbildsfraga`;
    const auth = { authorization: `Bearer ${valid.intake}` };
    const json = { 'content-type': 'application/json' };
    const requests = fc.oneof(
      badPurpose.map((purpose): FuzzRequest => ({ method: 'PUT', path: answer, headers: { ...auth, ...json, [PURPOSE_HEADER]: purpose }, body: '{"value":"ja"}' })),
      badPurpose.map((purpose): FuzzRequest => ({ method: 'GET', path: `/assessments/${assessmentId}`, headers: { ...auth, [PURPOSE_HEADER]: purpose } })),
      badOfficerId.map((officer): FuzzRequest => ({ method: 'GET', path: `/assessments/${assessmentId}`, headers: { authorization: `Bearer ${valid.service}`, [ON_BEHALF_OF_HEADER]: officer } })),
      fc.constant<FuzzRequest>({ method: 'PUT', path: answer, headers: { authorization: `Bearer ${valid.service}`, ...json }, body: '{"value":"ja"}' }),
      staleTag.map((tag): FuzzRequest => ({ method: 'PUT', path: answer, headers: { ...auth, ...json, 'if-match': tag }, body: '{"value":"ja"}' })),
      staleTag.map((tag): FuzzRequest => ({ method: 'POST', path: `/assessments/${assessmentId}/complete`, headers: { ...auth, 'if-match': tag } })),
      badKey.map((key): FuzzRequest => ({ method: 'POST', path: '/assessments', headers: { ...auth, ...json, 'idempotency-key': key }, body: createBody })),
      badQuery.map((query): FuzzRequest => ({ method: 'GET', path: `/cases/${CASE_NUMBER}/assessments?${query}`, headers: auth })),
      fc.constantFrom('gzip', 'deflate', 'br', 'identity, gzip', 'x-unknown').map(
        (encoding): FuzzRequest => ({ method: 'PUT', path: answer, headers: { ...auth, ...json, 'content-encoding': encoding }, body: 'not compressed' }),
      ),
    );
    const statuses = await fuzz(requests);
    expect(statuses).toEqual(expect.arrayContaining([400, 412]));
  }, 120_000);

  /**
   * The other half of the bargain: requests every part of which the operation's own schemas ACCEPT —
   * path, query and body — yet hostile in every string, sent by an officer whose role lets them
   * through, at resources that exist (a case with persons, a draft, a completed structured assessment,
   * its plan and measure, a share, a review, a referral, a document link), so they reach the handlers,
   * the repositories and the database. Any answer is 2xx or 4xx, never 5xx; a 4xx stores nothing.
   */
  it('answers schema-valid requests with hostile text, edge dates and limits on every operation with 2xx or 4xx, never 5xx, storing nothing on 4xx', async () => {
    const world = await buildWorld();
    const stats = new Map<string, { ok: number; refused: number; ms: number; statuses: Record<number, number> }>();
    const tally = (operationId: string) => {
      let entry = stats.get(operationId);
      if (!entry) stats.set(operationId, (entry = { ok: 0, refused: 0, ms: 0, statuses: {} }));
      return entry;
    };
    // Built once: deriving the JSON Schemas is not free.
    const requestsOf = new Map(OPERATIONS.map((op) => [op.operationId, acceptedRequest(op, world)]));
    let stored = await contents();
    await fc.assert(
      fc.asyncProperty(
        // The operation by its id, so a counterexample reads as the request it is.
        fc.constantFrom(...OPERATIONS.map((op) => op.operationId)).chain((operationId) => requestsOf.get(operationId)!.map((request) => ({ operationId, request }))),
        async ({ operationId, request }) => {
          const op = operationOf(operationId);
          const entry = tally(op.operationId);
          const sentAt = performance.now();
          const res = await send(request);
          entry.ms += performance.now() - sentAt;
          if (!res) {
            entry.refused++;
            return;
          }
          entry.statuses[res.status] = (entry.statuses[res.status] ?? 0) + 1;
          // FUZZ_DEBUG=1 shows the first answer of each 4xx status per operation: why requests stop short of a 2xx.
          if (process.env.FUZZ_DEBUG && res.status >= 400 && entry.statuses[res.status] === 1) console.info(`[apiFuzz ${engine}] ${operationId} ${res.status}`, res.text.slice(0, 400), request.path, String(request.body).slice(0, 300));
          expect({ status: res.status, operation: op.operationId, request: { ...request, body: String(request.body).slice(0, 300) }, answer: res.text.slice(0, 300) }).toMatchObject({
            status: expect.toSatisfy((s: number) => (s >= 200 && s < 300) || (s >= 400 && s < 500)),
          });
          if (res.status >= 400) {
            expect({ operation: op.operationId, status: res.status, contents: await contents() }).toEqual({ operation: op.operationId, status: res.status, contents: stored });
            return;
          }
          entry.ok++;
          await world.renew(op, request, res);
          stored = await contents();
        },
      ),
      { numRuns: ACCEPTED_RUNS, endOnFailure: true },
    );
    const rows = [...stats].sort(([a], [b]) => a.localeCompare(b)).map(([operationId, e]) => ({ operationId, '2xx': e.ok, '4xx by status': Object.entries(e.statuses).filter(([s]) => Number(s) >= 400).map(([s, n]) => `${s}×${n}`).join(' '), 'refused by client': e.refused, 'ms per request': Math.round(e.ms / Math.max(1, e.refused + Object.values(e.statuses).reduce((a, b) => a + b, 0))) }));
    const total = (key: 'ok' | 'refused') => [...stats.values()].reduce((sum, e) => sum + e[key], 0);
    console.info(`[apiFuzz ${engine}] schema-valid hostile requests: ${ACCEPTED_RUNS} sent, ${total('ok')} answered 2xx, ${total('refused')} refused by the client`);
    console.table(rows);
    const cards = connector.take().length;
    console.info(`[apiFuzz ${engine}] cards sent on their own to the allowed connector: ${cards}; connections to the trap: ${trap.connections().length}`);
    expect(trap.connections()).toEqual([]);
    // The point is to get past validation: a fuzz answered only 400, 403 and 404 tests the gate again.
    expect(total('ok')).toBeGreaterThan(ACCEPTED_RUNS / 5);
    expect(total('refused')).toBeLessThanOrEqual(ACCEPTED_RUNS / 10);
  }, 60_000 + ACCEPTED_RUNS * 100);
});
