// Chat names roles, never names (issue 12, item 8), over HTTP with the
// stand-in Bot Connector on real PostgreSQL (state in Redis) and on PGlite: a
// person's label is free text an officer typed, and the API refuses only the
// shape of a personal identity number in it, so a name typed there is stored.
// The case's persons here are labelled as an officer might wrongly label them,
// with (fictitious) names; the measures card ("Planen skyddar: …") and the
// choice of whom the plan protects show each by role — numbered among several
// of one role, protected identity said as such — and no label reaches the chat.
// Two plans for one person created at once leave one active (the newer assessment's).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PURPOSE_HEADER } from '../api/assessmentContract.js';
import { problemTypeUri } from '../api/problem.js';
import { t } from '../dialogs/messageCatalogue.js';
import { PLAN_PERSON_INPUT } from '../dialogs/planPersonSubmit.js';
import { adaptiveCardText, submitActions } from './adaptiveCardText.js';
import type { RecordedCall } from './botConnectorStandIn.js';
import { completeStructuredAssessment } from './completeStructuredAssessment.js';
import { startConnectedTestServer, type ConnectedTestServer } from './connectedTestServer.js';
import { expectJson } from './expectJson.js';
import { planWithMeasures } from './planWithMeasures.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import type { TestOfficer } from './testServer.js';

const OFFICER: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000f101', roles: ['bops_officer'], region: 'mitt' };
const COLLEAGUE: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000f102', roles: ['bops_officer'], region: 'mitt' };
/** Labels as names: what the chat must never show. Fictitious. */
const PERSONS = [
  { role: 'malsagande', label: 'Anna Fiktivsson', protectedIdentity: false },
  { role: 'hotaktor', label: 'Bertil Påhittad', protectedIdentity: false },
  { role: 'malsagande', label: 'Cecilia Exempeldotter', protectedIdentity: false },
  { role: 'skyddsperson', label: 'Dagny Diktad', protectedIdentity: true },
] as const;

const conversationOf = (officer: TestOfficer) => `a:persons-${officer.id}`;
const cardOf = (calls: RecordedCall[]) => calls.find((c) => c.method === 'POST' && c.activity.attachments?.length)!;
const textOf = (call: RecordedCall) => adaptiveCardText(call.activity.attachments?.[0]?.content);

describe.each(DATABASE_ENGINES)('persons by role in chat over HTTP on %s', (engine) => {
  let chat: ConnectedTestServer;
  const everySent: RecordedCall[] = [];

  beforeAll(async () => {
    chat = await startConnectedTestServer({ engine, officers: [OFFICER, COLLEAGUE], conversationOf });
  });
  afterAll(() => chat?.close());

  const post = async (extra: Parameters<ConnectedTestServer['post']>[1]) => {
    const calls = await chat.post(OFFICER, extra);
    everySent.push(...calls);
    return calls;
  };
  const press = (card: RecordedCall, title: string, inputs: Record<string, string> = {}) => {
    const action = submitActions(card.activity.attachments?.[0]?.content).find((a) => a.title === title);
    if (!action) throw new Error(`no button ${title}`);
    return post({ type: 'message', replyToId: card.responseId, value: { ...action.data, ...inputs } });
  };

  it('shows the plan’s person and the choice of whom it protects by role, numbered among several, and never a label', async () => {
    const { test } = chat;
    const caseNumber = engine === 'postgres' ? '1800-K000901-26' : '1800-K000902-26';
    await planWithMeasures(test, { caseNumber, responsible: OFFICER, assignedBy: COLLEAGUE });
    const ids: string[] = [];
    for (const person of PERSONS) ids.push((await expectJson<{ id: string }>(await test.as(OFFICER, 'POST', `/cases/${caseNumber}/persons`, person), 201)).id);
    // The API keeps the label as typed: the names are there to be leaked.
    const stored = await expectJson<{ items: { label: string }[] }>(await test.as(OFFICER, 'GET', `/cases/${caseNumber}/persons`, undefined, { [PURPOSE_HEADER]: 'test: persons by role' }), 200);
    expect(stored.items.map((p) => p.label).sort()).toEqual(PERSONS.map((p) => p.label).sort());

    const measures = cardOf(await post({ type: 'message', text: `åtgärder ${caseNumber}` }));
    expect(textOf(measures)).toContain(t('sv', 'measures.protectsNone'));

    const choice = cardOf(await press(measures, t('sv', 'button.changePerson')));
    const lines = textOf(choice).split('\n');
    expect(lines[0]).toBe(t('sv', 'planPerson.title', { caseNumber }));
    // The persons a plan may protect, in the order they were recorded; the threat actor is no choice.
    expect(lines[1]).toBe(`<${PLAN_PERSON_INPUT}: Målsägande 1 | Målsägande 2 | Skyddsperson (skyddad identitet) | Ingen angiven label "${t('sv', 'planPerson.label')}" = Ingen angiven>`);

    const saved = await press(choice, t('sv', 'button.save'), { [PLAN_PERSON_INPUT]: ids[3]! });
    const texts = saved.filter((c) => c.method === 'POST').map((c) => (c.activity.attachments?.length ? textOf(c) : (c.activity.text ?? '')));
    expect(texts[0]).toBe(t('sv', 'planPerson.set'));
    expect(texts[1]).toContain(t('sv', 'measures.protects', { role: 'skyddsperson (skyddad identitet)' }));
    const plans = await expectJson<{ items: { protectedPerson: unknown }[] }>(await test.as(OFFICER, 'GET', `/cases/${caseNumber}/plans`), 200);
    expect(plans.items[0]!.protectedPerson).toEqual({ role: 'skyddsperson', protectedIdentity: true, number: null });

    // Choosing the second injured party: the choice and the measures card both say which by number.
    const again = cardOf(await press(cardOf(saved), t('sv', 'button.changePerson')));
    expect(textOf(again)).toContain('= Skyddsperson (skyddad identitet)>');
    const second = await press(again, t('sv', 'button.save'), { [PLAN_PERSON_INPUT]: ids[2]! });
    expect(textOf(cardOf(second))).toContain(t('sv', 'measures.protects', { role: 'målsägande 2' }));

    // Nothing the bot sent in this chat, card or text, holds a label.
    expect(everySent.length).toBeGreaterThan(0);
    const sent = JSON.stringify(everySent.map((c) => c.activity));
    for (const { label } of PERSONS) expect(sent).not.toContain(label);
  });

  it('keeps one active plan per protected person: plans for two stand side by side in åtgärder, each by whom it protects, and a new plan for one takes over only theirs', async () => {
    const { test } = chat;
    const caseNumber = engine === 'postgres' ? '1800-K000903-26' : '1800-K000904-26';
    await expectJson(await test.as(OFFICER, 'POST', '/cases', { caseNumber, violenceType: 'nara_relation' }), 201);
    await expectJson(await test.as(COLLEAGUE, 'PUT', `/cases/${caseNumber}/assignments/${OFFICER.id}`), 200);
    const [first, second] = [PERSONS[0], PERSONS[2]];
    const injured: string[] = [];
    for (const person of [first, second]) injured.push((await expectJson<{ id: string }>(await test.as(OFFICER, 'POST', `/cases/${caseNumber}/persons`, person), 201)).id);
    const planFor = async (personId: string, measure: { part: string; measureId: string }, level: 'structured' | 'in_depth' = 'structured') => {
      const assessment = await completeStructuredAssessment(test.server, { caseNumber, region: OFFICER.region, officerId: OFFICER.id, level, instrumentId: level === 'in_depth' ? 'fordjupad' : 'sarasv', judgements: { overall: 'hog' } });
      const body = { assessmentId: assessment.id, protectedPersonId: personId, reassessOn: '2030-06-01', measures: [{ ...measure, responsible: OFFICER.id }] };
      return { assessmentId: assessment.id, planId: (await expectJson<{ id: string }>(await test.as(OFFICER, 'POST', `/cases/${caseNumber}/plans`, body), 201)).id };
    };
    const plans = async () => new Map((await expectJson<{ items: { id: string; status: string; reassessment: { status: string; doneAssessmentId: string | null } }[] }>(await test.as(OFFICER, 'GET', `/cases/${caseNumber}/plans`), 200)).items.map((p) => [p.id, p]));
    /** The measures card's heading of each plan and its measures, in order. */
    const measuresInChat = async () => textOf(cardOf(await post({ type: 'message', text: `åtgärder ${caseNumber}` }))).split('\n').filter((line) => line.startsWith('Planen') || /^\d+\. /.test(line));
    const proposed = t('sv', 'measureStatus.proposed');

    // A structured plan for the first injured party, an in-depth one for the second: both stand.
    const structured = await planFor(injured[0]!, { part: 'skydd', measureId: 'larmpaket' });
    const inDepth = await planFor(injured[1]!, { part: 'reducering', measureId: 'rri' }, 'in_depth');
    expect([...(await plans()).values()].map((p) => p.status)).toEqual(['active', 'active']);
    expect(await measuresInChat()).toEqual([
      t('sv', 'measures.protects', { role: 'målsägande 1' }),
      `1. Larmpaket – ${proposed}`,
      t('sv', 'measures.protects', { role: 'målsägande 2' }),
      `2. Riskreducerande insatser (RRI) – ${proposed}`,
    ]);

    // A plan cannot be pointed at a person another active plan protects: two plans would be theirs.
    const moved = await expectJson<{ type: string }>(await test.as(OFFICER, 'PUT', `/plans/${inDepth.planId}/protected-person`, { personId: injured[0] }), 409);
    expect(moved.type).toBe(problemTypeUri('person-has-plan'));

    // A new plan for the first injured party takes over from theirs alone, doing its re-assessment.
    const again = await planFor(injured[0]!, { part: 'skydd', measureId: 'sakerhetssamtal' });
    const after = await plans();
    expect(after.get(structured.planId)).toMatchObject({ status: 'closed', reassessment: { status: 'done', doneAssessmentId: again.assessmentId } });
    expect(after.get(inDepth.planId)).toMatchObject({ status: 'active', reassessment: { status: 'planned', doneAssessmentId: null } });
    expect(after.get(again.planId)).toMatchObject({ status: 'active' });
    expect(await measuresInChat()).toEqual([
      t('sv', 'measures.protects', { role: 'målsägande 2' }),
      `1. Riskreducerande insatser (RRI) – ${proposed}`,
      t('sv', 'measures.protects', { role: 'målsägande 1' }),
      `2. Säkerhetssamtal och säkerhetsplan – ${proposed}`,
    ]);
  });

  it('leaves one active plan when two plans for one person are created at once: the newer assessment’s, the other refused or closed by it, never a 500', async () => {
    const { test } = chat;
    const caseNumber = engine === 'postgres' ? '1800-K000905-26' : '1800-K000906-26';
    await expectJson(await test.as(OFFICER, 'POST', '/cases', { caseNumber, violenceType: 'nara_relation' }), 201);
    await expectJson(await test.as(COLLEAGUE, 'PUT', `/cases/${caseNumber}/assignments/${OFFICER.id}`), 200);
    const personId = (await expectJson<{ id: string }>(await test.as(OFFICER, 'POST', `/cases/${caseNumber}/persons`, PERSONS[0]), 201)).id;
    const completed = () => completeStructuredAssessment(test.server, { caseNumber, region: OFFICER.region, officerId: OFFICER.id, instrumentId: 'sarasv', judgements: { overall: 'hog' } });
    const [older, newer] = [await completed(), await completed()];
    const create = (assessmentId: string) =>
      test.as(OFFICER, 'POST', `/cases/${caseNumber}/plans`, { assessmentId, protectedPersonId: personId, reassessOn: '2030-06-01', measures: [{ part: 'skydd', measureId: 'larmpaket', responsible: OFFICER.id }] });
    const [fromOlder, fromNewer] = await Promise.all([create(older.id), create(newer.id)]);
    await expectJson(fromNewer, 201);
    const plans = (await expectJson<{ items: { assessmentId: string; status: string }[] }>(await test.as(OFFICER, 'GET', `/cases/${caseNumber}/plans`), 200)).items;
    expect(plans.filter((p) => p.status === 'active').map((p) => p.assessmentId)).toEqual([newer.id]);
    // The older one came first and was taken over, or came second and found the newer one's plan.
    if (fromOlder.status === 201) expect(plans.find((p) => p.assessmentId === older.id)).toMatchObject({ status: 'closed' });
    else expect((await expectJson<{ type: string }>(fromOlder, 409)).type).toBe(problemTypeUri('assessment-superseded'));
  });
});
