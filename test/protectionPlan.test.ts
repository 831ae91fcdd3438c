// The protection plan on the real stack: a structured assessment completed in
// chat (the SARA:SV transcript, replayed against the real bot, whose API calls
// go over HTTP to the real API on PGlite) is read back through the API with its
// plan — the chosen measures in their parts, proposed, the officer responsible,
// followed up and re-assessed on the date the API derived. When the plan cannot
// be saved (the API answers 503 for it alone, through a proxy in front of the
// API), the assessment stays completed, the officer is told, and "skapa plan"
// saves it afterwards — once — and records the case as completion does. After the plan the case is recorded as a Bops
// case with the violence type of the instrument the officer chose (read back:
// status, violence type, one 'case.update' audit row), unless the case has
// another violence type already, which stands. Officers and cases are fictitious.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ON_BEHALF_OF_HEADER, PURPOSE_HEADER } from '../api/assessmentContract.js';
import { HttpAssessmentApi } from '../dialogs/httpAssessmentApi.js';
import { t } from '../dialogs/messageCatalogue.js';
import { BOT_SERVICE_ID, startTestServer, type TestServer } from './testServer.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { loadTranscript, replayTranscript, type Transcript } from './transcriptRunner.js';

const TRANSCRIPT = loadTranscript(join(new URL('./transcripts/', import.meta.url).pathname, 'structured-sarasv.yaml'));
const TRANSCRIPT_CASE = '1400-K000002-26';

/** The transcript ends with the plan reply, then the reply on the case record, then the link to the case-file PDF (issue 19). */
const PLAN_STEP = TRANSCRIPT.steps.length - 3;
const CASE_RECORD_STEP = TRANSCRIPT.steps.length - 2;

/** The transcript on another case number; with other replies in place of the plan reply or the case-record reply. */
function onCase(caseNumber: string, replies: { plan?: string; caseRecord?: string } = {}): Transcript {
  // Wherever the officer types the case number: alone, or in a command ("fortsätt <diarienummer>").
  const steps = TRANSCRIPT.steps.map((s) => ('user' in s && s.user.includes(TRANSCRIPT_CASE) ? { user: s.user.replaceAll(TRANSCRIPT_CASE, caseNumber) } : s));
  if (replies.plan !== undefined) steps[PLAN_STEP] = { bot: replies.plan };
  if (replies.caseRecord !== undefined) steps[CASE_RECORD_STEP] = { bot: replies.caseRecord };
  // The same officer completes an assessment in every test: having chosen step by step, they are not
  // offered compact mode (issue 13) when the next test starts one, whatever order the tests run in.
  return { ...TRANSCRIPT, steps: [{ user: 'steg för steg' }, { bot: t('sv', 'mode.stepwise') }, ...steps] };
}

/** The transcript's reply at `index` (the plan, the case record). */
function replyAt(index: number): string {
  const step = TRANSCRIPT.steps[index];
  if (!step || !('bot' in step)) throw new Error('the transcript should end with the plan reply, the case-record reply and the document link');
  return step.bot;
}
const planReply = () => replyAt(PLAN_STEP);

/**
 * Forwards everything to the API, except that it answers 503 to plan creation while `refusePlans` is set
 * and to a change of a case while `refuseCaseChanges` is set, and runs `beforeCaseChange` (once) before it forwards the next change of a case: someone else's change in between.
 */
class PlanRefusingProxy {
  refusePlans = false;
  refuseCaseChanges = false;
  beforeCaseChange: (() => Promise<void>) | undefined;
  target = '';
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (this.refusePlans && req.method === 'POST' && /^\/api\/v1\/cases\/[^/]+\/plans$/.test(req.url ?? '')) {
        res.writeHead(503, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: 'urn:bops:problem:internal', title: 'Unavailable', status: 503 }));
        return;
      }
      const caseChange = req.method === 'PATCH' && /^\/api\/v1\/cases\/[^/]+$/.test(req.url ?? '');
      if (caseChange && this.refuseCaseChanges) {
        res.writeHead(503, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: 'urn:bops:problem:internal', title: 'Unavailable', status: 503 }));
        return;
      }
      const interpose = caseChange ? this.beforeCaseChange : undefined;
      if (interpose) {
        this.beforeCaseChange = undefined;
        await interpose();
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length' && k !== 'connection')) as Record<string, string>;
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      fetch(`${this.target}${req.url}`, { method: req.method, headers, ...(body ? { body } : {}) })
        .then(async (answer) => {
          const text = Buffer.from(await answer.arrayBuffer());
          const out: Record<string, string> = {};
          for (const name of ['content-type', 'etag', 'location']) {
            const value = answer.headers.get(name);
            if (value) out[name] = value;
          }
          res.writeHead(answer.status, out).end(text);
        })
        .catch(() => res.writeHead(502).end());
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface PlanBody {
  id: string;
  assessmentId: string;
  protectedPersonId: string | null;
  status: string;
  createdBy: string;
  measures: { part: string; measureId: string; status: string; responsible: string; followUpOn: string | null; decisionRef: string | null }[];
  missingParts: string[];
  reassessment: { dueOn: string; status: string } | null;
}

describe.each(DATABASE_ENGINES)('protection plan of a structured assessment completed in chat, on the real stack (%s)', (engine) => {
  let test: TestServer;
  const proxy = new PlanRefusingProxy();
  const officer = TRANSCRIPT.officer;

  /** The API as the bot calls it for the officer (the dev officer: Bops in Stockholm). */
  const asOfficer = async (path: string) => {
    const res = await test.api(path, { headers: { authorization: `Bearer ${await test.serviceToken()}`, [ON_BEHALF_OF_HEADER]: officer, [PURPOSE_HEADER]: 'test: plan read back' } });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  };
  const completedAssessmentOf = async (caseNumber: string) => {
    const list = (await asOfficer(`/cases/${caseNumber}/assessments`)) as { items: { id: string; status: string; level: string }[] };
    expect(list.items).toHaveLength(1);
    const assessment = (await asOfficer(`/assessments/${list.items[0]!.id}`)) as { id: string; status: string; derived: { reassessment?: { dueOn: string } } | null };
    expect(assessment.status).toBe('completed');
    return { id: assessment.id, dueOn: assessment.derived?.reassessment?.dueOn };
  };
  /** The case's plans for one assessment, read back as any client would: GET /cases/{caseNumber}/plans. */
  const plansOf = async (caseNumber: string, assessmentId: string) =>
    ((await asOfficer(`/cases/${caseNumber}/plans`)) as unknown as { items: PlanBody[] }).items.filter((p) => p.assessmentId === assessmentId);
  const expectPlanOf = async (caseNumber: string, assessmentId: string, dueOn: string) => {
    const plans = await plansOf(caseNumber, assessmentId);
    expect(plans).toHaveLength(1);
    const plan = plans[0]!;
    const proposed = (part: string, measureId: string) => ({ part, measureId, status: 'proposed', responsible: officer, followUpOn: dueOn, decisionRef: null });
    expect(plan).toMatchObject({ assessmentId, protectedPersonId: null, status: 'active', createdBy: officer, missingParts: [], reassessment: { dueOn, status: 'planned' } });
    // The API lists a plan's measures in no promised order.
    const measures = plan.measures
      .map(({ part, measureId, status, responsible, followUpOn, decisionRef }) => ({ part, measureId, status, responsible, followUpOn, decisionRef }))
      .sort((a, b) => `${a.part}/${a.measureId}`.localeCompare(`${b.part}/${b.measureId}`));
    expect(measures).toEqual([
      proposed('reducering', 'kontaktforbud'),
      proposed('skydd', 'larmpaket'),
      proposed('skydd', 'sakerhetssamtal'),
      proposed('stod', 'socialtjanst'),
    ]);
  };

  /** The case as the API gives it back, and its 'case.update' audit rows. */
  const caseOf = async (caseNumber: string) => (await asOfficer(`/cases/${caseNumber}`)) as { id: string; status: string; violenceType: string | null };
  const caseUpdates = async (caseId: string) =>
    (
      await test.server.database.query<{ actor_id: string; via_id: string | null; detail: Record<string, unknown> }>(
        `SELECT actor_id, via_id, detail FROM audit_log WHERE action = 'case.update' AND entity_id = $1 ORDER BY id`,
        [caseId],
      )
    ).rows;

  beforeAll(async () => {
    const proxyUrl = await proxy.listen();
    test = await startTestServer({ engine, env: { API_BASE_URL: proxyUrl } });
    proxy.target = test.server.url;
  });
  afterAll(async () => {
    await test?.close();
    await proxy.close();
  });

  it('saves the plan when the assessment completes, and the API gives it back: measures per part, proposed, the officer responsible, the derived dates', async () => {
    const caseNumber = '1400-K000101-26';
    await replayTranscript(onCase(caseNumber), test.server.bot);
    const { id, dueOn } = await completedAssessmentOf(caseNumber);
    expect(dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await expectPlanOf(caseNumber, id, dueOn!);
    // The plan policy asks for case membership: the officer was assigned through the API.
    expect(((await asOfficer(`/cases/${caseNumber}`)) as { assignedOfficerIds: string[] }).assignedOfficerIds).toEqual([officer]);
    // A second plan for the assessment (a re-run turn) is 'already created' to the bot's client, and changes nothing.
    const client = new HttpAssessmentApi({ baseUrl: () => test.server.url, serviceToken: () => test.serviceToken() });
    expect(await client.createPlan({ id: officer }, caseNumber, { assessmentId: id, reassessOn: dueOn!, measures: [] })).toEqual({ status: 'already_created' });
    await expectPlanOf(caseNumber, id, dueOn!);
  });

  it('keeps the assessment completed and tells the officer when the plan cannot be saved; "skapa plan" saves it afterwards, once', async () => {
    const caseNumber = '1400-K000102-26';
    proxy.refusePlans = true;
    try {
      await replayTranscript(onCase(caseNumber, { plan: t('sv', 'plan.failed.unavailable') }), test.server.bot);
    } finally {
      proxy.refusePlans = false;
    }
    const { id, dueOn } = await completedAssessmentOf(caseNumber);
    expect(await plansOf(caseNumber, id)).toEqual([]);

    const retry: Transcript = {
      ...TRANSCRIPT,
      steps: [
        { user: `skapa plan ${caseNumber}` },
        // Assigned on the first try (before the plan was refused), so the notice is not repeated.
        { bot: planReply().replace(/^Du är nu tilldelad.*\n\n/, '') },
        // The case was recorded at completion (the plan's failure did not stop that): the retry's record changes nothing.
        { bot: t('sv', 'case.unchanged') },
        { user: `skapa plan ${caseNumber}` },
        { bot: t('sv', 'plan.alreadySaved') },
        { bot: t('sv', 'case.unchanged') },
      ],
    };
    await replayTranscript(retry, test.server.bot);
    await expectPlanOf(caseNumber, id, dueOn!);
    expect(await caseOf(caseNumber)).toMatchObject({ status: 'bops', violenceType: 'nara_relation' });
  });

  it('records the case on "skapa plan" when neither the plan nor the case record could be saved at completion', async () => {
    const caseNumber = '1400-K000107-26';
    proxy.refusePlans = true;
    proxy.refuseCaseChanges = true;
    try {
      await replayTranscript(onCase(caseNumber, { plan: t('sv', 'plan.failed.unavailable'), caseRecord: t('sv', 'case.notUpdated') }), test.server.bot);
    } finally {
      proxy.refusePlans = false;
      proxy.refuseCaseChanges = false;
    }
    expect(await caseOf(caseNumber)).toMatchObject({ status: 'intake', violenceType: null });
    const retry: Transcript = {
      ...TRANSCRIPT,
      steps: [
        { user: `skapa plan ${caseNumber}` },
        { bot: planReply().replace(/^Du är nu tilldelad.*\n\n/, '') },
        { bot: replyAt(CASE_RECORD_STEP) },
      ],
    };
    await replayTranscript(retry, test.server.bot);
    const { id, dueOn } = await completedAssessmentOf(caseNumber);
    await expectPlanOf(caseNumber, id, dueOn!);
    const kase = await caseOf(caseNumber);
    expect(kase).toMatchObject({ status: 'bops', violenceType: 'nara_relation' });
    expect(await caseUpdates(kase.id)).toEqual([{ actor_id: officer, via_id: BOT_SERVICE_ID, detail: { from: 'intake', to: 'bops', changed: ['status', 'violenceType'] } }]);
  });

  it('records the case as a Bops case with the violence type of the instrument the officer chose, audited once', async () => {
    const caseNumber = '1400-K000103-26';
    await replayTranscript(onCase(caseNumber), test.server.bot);
    const kase = await caseOf(caseNumber);
    expect(kase).toMatchObject({ status: 'bops', violenceType: 'nara_relation' });
    expect(await caseUpdates(kase.id)).toEqual([{ actor_id: officer, via_id: BOT_SERVICE_ID, detail: { from: 'intake', to: 'bops', changed: ['status', 'violenceType'] } }]);
  });

  it('reads the case again when someone changed it between the read and the change (412), and their violence type stands', async () => {
    const caseNumber = '1400-K000105-26';
    proxy.beforeCaseChange = async () => {
      const other = await test.api(`/cases/${caseNumber}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${await test.serviceToken()}`, [ON_BEHALF_OF_HEADER]: officer, 'content-type': 'application/json', 'if-match': '*' },
        body: JSON.stringify({ violenceType: 'heder' }),
      });
      expect(other.status).toBe(200);
    };
    const caseRecord = `${t('sv', 'case.updated.status')} ${t('sv', 'case.otherViolenceTypeStands', { onCase: 'hedersrelaterat våld', instrument: 'SARA:SV', chosen: 'våld i nära relation' })}`;
    try {
      await replayTranscript(onCase(caseNumber, { caseRecord }), test.server.bot);
    } finally {
      proxy.beforeCaseChange = undefined;
    }
    const kase = await caseOf(caseNumber);
    expect(kase).toMatchObject({ status: 'bops', violenceType: 'heder' });
    expect((await caseUpdates(kase.id)).map((row) => row.detail.changed)).toEqual([['violenceType'], ['status']]);
  });

  it('keeps the assessment completed and its plan saved, and tells the officer briefly, when the case cannot be changed', async () => {
    const caseNumber = '1400-K000106-26';
    proxy.refuseCaseChanges = true;
    try {
      await replayTranscript(onCase(caseNumber, { caseRecord: t('sv', 'case.notUpdated') }), test.server.bot);
    } finally {
      proxy.refuseCaseChanges = false;
    }
    const { id, dueOn } = await completedAssessmentOf(caseNumber);
    await expectPlanOf(caseNumber, id, dueOn!);
    const kase = await caseOf(caseNumber);
    expect(kase).toMatchObject({ status: 'intake', violenceType: null });
    expect(await caseUpdates(kase.id)).toEqual([]);
  });

  it('leaves another violence type the case has standing, tells the officer so, and moves only the status', async () => {
    const caseNumber = '1400-K000104-26';
    const created = await test.api('/cases', {
      method: 'POST',
      headers: { authorization: `Bearer ${await test.serviceToken()}`, [ON_BEHALF_OF_HEADER]: officer, 'content-type': 'application/json' },
      body: JSON.stringify({ caseNumber, violenceType: 'forfoljelse' }),
    });
    expect(created.status).toBe(201);
    const caseRecord = `${t('sv', 'case.updated.status')} ${t('sv', 'case.otherViolenceTypeStands', { onCase: 'förföljelse', instrument: 'SARA:SV', chosen: 'våld i nära relation' })}`;
    await replayTranscript(onCase(caseNumber, { caseRecord }), test.server.bot);
    const kase = await caseOf(caseNumber);
    expect(kase).toMatchObject({ status: 'bops', violenceType: 'forfoljelse' });
    expect(await caseUpdates(kase.id)).toEqual([{ actor_id: officer, via_id: BOT_SERVICE_ID, detail: { from: 'intake', to: 'bops', changed: ['status'] } }]);
  });
});
