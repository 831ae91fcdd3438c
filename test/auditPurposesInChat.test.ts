// What the audit log says each chat action was for, on the real bot over HTTP
// (stand-in Bot Connector) and real PostgreSQL: the bot's client states no
// purpose of its own except where it knows more than the operation, so every
// row names what the access was for (each operation's purpose,
// api/apiOperations.ts) — the work list as the work list, a measure decided,
// the persons a plan protects, an RRI contact, an escalation made and taken as
// Bops case work, an assessment answered (and the handover it opens with, and
// the plans an omprövning compares with) as assessment, the choice of what to
// review as the second look, the stored chat as notices, and a refused request
// as what it tried. Never "assessment dialog", never "unstated". Each action's
// rows are those its officer wrote during that one message.
// Officers, cases and persons are fictitious.
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../api/clock.js';
import { COMMANDS, ESCALATE_WORDS, MEASURES_WORDS, REVIEW_WORDS, RRI_WORDS } from '../dialogs/commands.js';
import { t } from '../dialogs/messageCatalogue.js';
import { MEASURE_INPUTS } from '../dialogs/measureDecisionSubmit.js';
import { RRI_INPUTS } from '../dialogs/rriSubmit.js';
import { ESCALATION_NOTE_INPUT } from '../dialogs/workListSubmit.js';
import { adaptiveCardText, submitActions } from './adaptiveCardText.js';
import type { RecordedCall } from './botConnectorStandIn.js';
import { completeStructuredAssessment } from './completeStructuredAssessment.js';
import { startConnectedTestServer, type ConnectedTestServer } from './connectedTestServer.js';
import { expectJson } from './expectJson.js';
import type { TestOfficer } from './testServer.js';

const BOPS: TestOfficer = { id: 'f0000000-0000-4000-8000-0000000a9b01', roles: ['bops_officer'], region: 'vast' };
const COLLEAGUE: TestOfficer = { id: 'f0000000-0000-4000-8000-0000000a9b02', roles: ['bops_officer'], region: 'vast' };
const REVIEWER: TestOfficer = { id: 'f0000000-0000-4000-8000-0000000a9b03', roles: ['bops_officer'], region: 'vast' };
const SPECIALIST: TestOfficer = { id: 'f0000000-0000-4000-8000-0000000a9e01', roles: ['specialist'], region: 'vast' };
const OTHER_REGION: TestOfficer = { id: 'f0000000-0000-4000-8000-0000000a9b04', roles: ['bops_officer'], region: 'nord' };
const EVERYONE = [BOPS, COLLEAGUE, REVIEWER, SPECIALIST, OTHER_REGION];
const CASE_NUMBER = '1500-K004790-26';
/** The day for the bot and the API (noon in Stockholm); the measure is followed up within the work list's week. */
const TODAY = '2026-06-15';
const FOLLOW_UP_ON = '2026-06-18';

const conversationOf = (officer: TestOfficer) => `a:purposes-${officer.id}`;
type Card = { body?: Record<string, unknown>[] };
const cardOf = (call: RecordedCall) => call.activity.attachments?.[0]?.content as Card | undefined;
/** What an Adaptive Card sends of its inputs as shown: each one's preset value. */
const presetInputs = (card: Card | undefined): Record<string, string> =>
  Object.fromEntries((card?.body ?? []).filter((e) => String(e.type).startsWith('Input.') && typeof e.value === 'string').map((e) => [String(e.id), String(e.value)]));

describe('the purpose on the audit rows of chat actions, on the real bot and postgres', () => {
  let chat: ConnectedTestServer;
  let personId: string;

  beforeAll(async () => {
    chat = await startConnectedTestServer({ engine: 'postgres', clock: fixedClock(`${TODAY}T10:00:00Z`), officers: EVERYONE, conversationOf, greet: true, env: { REVIEWERS_BY_REGION: `vast=${REVIEWER.id}` } });
    const t0 = chat.test;
    // The case as Bops has it: assigned to BOPS, a målsägande, a completed SARA:SV judged high with a plan.
    await expectJson(await t0.as(BOPS, 'POST', '/cases', { caseNumber: CASE_NUMBER, violenceType: 'nara_relation' }), 201);
    await expectJson(await t0.as(COLLEAGUE, 'PUT', `/cases/${CASE_NUMBER}/assignments/${BOPS.id}`), 200);
    personId = (await expectJson<{ id: string }>(await t0.as(BOPS, 'POST', `/cases/${CASE_NUMBER}/persons`, { role: 'malsagande', label: 'MÄ 1' }), 201)).id;
    const structured = await completeStructuredAssessment(t0.server, { caseNumber: CASE_NUMBER, region: 'vast', officerId: BOPS.id, instrumentId: 'sarasv', judgements: { overall: 'hog' } });
    await expectJson(
      await t0.as(BOPS, 'POST', `/cases/${CASE_NUMBER}/plans`, {
        assessmentId: structured.id,
        protectedPersonId: personId,
        reassessOn: '2030-06-01',
        measures: [{ part: 'skydd', measureId: 'larmpaket', responsible: BOPS.id, followUpOn: FOLLOW_UP_ON }],
      }),
      201,
    );
  }, 60_000);
  afterAll(() => chat?.close());

  const lastAuditId = async () => (await chat.test.server.database.query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM audit_log')).rows[0]!.id;
  /** The distinct (action, purpose) of the rows the officer wrote since `since`, sorted. */
  const purposesSince = async (since: string, officer: TestOfficer) =>
    [...new Set((await chat.test.server.database.query<{ action: string; purpose: string }>('SELECT action, purpose FROM audit_log WHERE id > $1 AND actor_id = $2 ORDER BY id', [since, officer.id])).rows.map((r) => `${r.action} ${r.purpose}`))].sort();
  const own = (officer: TestOfficer, calls: RecordedCall[]) => calls.filter((c) => c.method === 'POST' && c.conversationId === conversationOf(officer));
  /** One message of the officer's; what the bot answered in their chat, and the (action, purpose) of the rows it wrote for them. */
  const act = async (officer: TestOfficer, activity: Partial<Activity>) => {
    const since = await lastAuditId();
    const calls = await chat.post(officer, { type: 'message', ...activity });
    return { replies: own(officer, calls), notices: calls.filter((c) => c.method === 'POST' && c.conversationId !== conversationOf(officer)), audited: await purposesSince(since, officer) };
  };
  const say = (officer: TestOfficer, text: string) => act(officer, { text });
  const press = (officer: TestOfficer, card: RecordedCall, pick: (a: { title: string; data: Record<string, unknown> }) => boolean, inputs: Record<string, string> = {}) => {
    const action = submitActions(cardOf(card)).find(pick);
    if (!action) throw new Error(`no such button on ${adaptiveCardText(cardOf(card))}`);
    return act(officer, { replyToId: card.responseId, value: { ...presetInputs(cardOf(card)), ...action.data, ...inputs } });
  };
  const titled = (title: string) => (a: { title: string }) => a.title === title;
  const withCard = (replies: RecordedCall[]) => {
    const found = replies.find((r) => cardOf(r));
    if (!found) throw new Error(`no card in ${JSON.stringify(replies.map((r) => r.activity.text))}`);
    return found;
  };

  it('records each chat action under what it was for', async () => {
    // Storing each officer's chat (the greeting): for notices.
    const stored = await chat.test.server.database.query<{ purpose: string }>(`SELECT purpose FROM audit_log WHERE action = 'conversation_reference.save' ORDER BY id`);
    expect(stored.rows.map((r) => r.purpose)).toEqual(EVERYONE.map(() => 'notices'));

    // The work list: every case on the page read for the work list.
    const listed = await say(BOPS, COMMANDS.myWork[0]);
    expect(adaptiveCardText(cardOf(withCard(listed.replies)))).toContain(CASE_NUMBER);
    expect(listed.audited).toEqual(['worklist.read bops.work_list']);

    // A measure decided: the plans read and the measure changed, as case work. Whom a plan protects comes
    // with the plan by role and number, read from the persons' roles, not their labels: no person is read.
    const measures = await say(BOPS, `${MEASURES_WORDS[0]} ${CASE_NUMBER}`);
    expect(measures.audited).toEqual(['plan.read bops.case']);
    const form = await press(BOPS, withCard(measures.replies), titled(t('sv', 'button.change')));
    const declined = await press(BOPS, withCard(form.replies), titled(t('sv', 'button.save')), { [MEASURE_INPUTS.status]: 'declined', [MEASURE_INPUTS.declineReason]: 'Fiktivt skäl: skyddspersonen avböjde larmet.' });
    expect(declined.replies[0]?.activity.text).toContain(t('sv', 'measureStatus.declined'));
    expect(declined.audited).toEqual(['measure.update bops.case', 'plan.read bops.case']);
    // Whom the plan protects, looked up to change it: the persons, a look-up that must state its purpose, as case work.
    const persons = await press(BOPS, withCard(declined.replies), titled(t('sv', 'button.changePerson')));
    // Named by role, never by the label the person was recorded with.
    const personCard = adaptiveCardText(cardOf(withCard(persons.replies)));
    expect(personCard).toContain('Målsägande');
    expect(personCard).not.toContain('MÄ 1');
    expect(persons.audited).toEqual(['person.read bops.case', 'plan.read bops.case']);

    // An RRI contact recorded: the log read and the contact added, as case work.
    const rri = await say(BOPS, `${RRI_WORDS[0]} ${CASE_NUMBER}`);
    expect(rri.audited).toEqual(['rri.read bops.case']);
    const contact = await press(BOPS, withCard(rri.replies), (a) => a.data.action === 'contact', { [RRI_INPUTS.kind]: 'telefon', [RRI_INPUTS.answer]: 'accepted', [RRI_INPUTS.talks]: '1' });
    expect(contact.replies[0]?.activity.text).toBe(t('sv', 'rri.savedContact'));
    expect(contact.audited).toEqual(['rri.contact.add bops.case', 'rri.read bops.case']);

    // An omprövning looked for: the previous assessment and the plans it compares with, read for the assessment.
    await say(BOPS, COMMANDS.structuredAssessment[0]);
    const offered = await say(BOPS, `SARA:SV ${CASE_NUMBER}`);
    expect(offered.audited).toEqual(['assessment.read assessment', 'plan.read assessment']);
    expect((await say(BOPS, COMMANDS.cancel[0])).audited).toEqual([]);

    // The assessment to review chosen, by the region's reviewer: the second look.
    const review = await say(REVIEWER, `${REVIEW_WORDS[0]} ${CASE_NUMBER}`);
    expect(review.audited).toEqual(['assessment.review_basis bops.second_look', 'case.assessments.list bops.second_look']);

    // An escalation made: case work.
    const asked = await say(BOPS, `${ESCALATE_WORDS[0]} ${CASE_NUMBER}`);
    const escalated = await press(BOPS, withCard(asked.replies), titled(t('sv', 'button.escalate')), { [ESCALATION_NOTE_INPUT]: 'Fiktiv anteckning: nya hot.' });
    expect(escalated.replies.map((r) => r.activity.text)).toEqual([t('sv', 'escalation.done', { caseNumber: CASE_NUMBER })]);
    expect(escalated.audited).toEqual(['referral.create bops.case']);
    const [notice] = escalated.notices;
    expect(notice?.conversationId).toBe(conversationOf(SPECIALIST));

    // Taken by the specialist: the referral, the assignment and the handover it answers with, as case work.
    const taken = await press(SPECIALIST, notice!, titled(t('sv', 'button.takeReferral')));
    expect(taken.replies[0]?.activity.text).toBe(t('sv', 'referral.taken', { caseNumber: CASE_NUMBER }));
    expect(taken.audited).toEqual(['case.assign bops.case', 'case.read bops.case', 'referral.take bops.case']);

    // The in-depth assessment begun from the handover: created, the handover read for it and its first question
    // answered from it — all assessment; then an answer typed.
    const begun = await press(SPECIALIST, withCard(taken.replies), titled(t('sv', 'button.startInDepth')));
    expect(begun.replies.map((r) => r.activity.text ?? adaptiveCardText(cardOf(r))).join('\n')).toContain('Fråga 2 av');
    expect(begun.audited).toEqual(['assessment.answer assessment', 'assessment.create assessment', 'case.assessments.list assessment', 'case.read assessment']);
    const answered = await say(SPECIALIST, 'Fiktiv anledning: hoten har ökat efter separationen.');
    expect(answered.audited).toEqual(['assessment.answer assessment']);

    // An officer of another region asking for the case's measures: told there is no plan (the case is
    // answered as one nobody made), the refusal recorded as what it tried — reading the plans, case work.
    const refused = await say(OTHER_REGION, `${MEASURES_WORDS[0]} ${CASE_NUMBER}`);
    expect(refused.replies.map((r) => r.activity.text)).toEqual([t('sv', 'measures.noPlan')]);
    expect(refused.audited).toEqual(['access.denied bops.case']);

    // And nowhere the old catch-all, nor a purpose left unstated.
    const catchAll = await chat.test.server.database.query(`SELECT 1 FROM audit_log WHERE purpose IN ('assessment dialog', 'unstated')`);
    expect(catchAll.rows).toEqual([]);
  });
});
