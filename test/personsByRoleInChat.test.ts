// Chat names roles, never names (issue 12, item 8), over HTTP with the
// stand-in Bot Connector on real PostgreSQL (state in Redis) and on PGlite: a
// person's label is free text an officer typed, and the API refuses only the
// shape of a personal identity number in it, so a name typed there is stored.
// The case's persons here are labelled as an officer might wrongly label them,
// with (fictitious) names; the measures card ("Planen skyddar: …") and the
// choice of whom the plan protects show each by role — numbered among several
// of one role, protected identity said as such — and no label reaches the chat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PURPOSE_HEADER } from '../api/assessmentContract.js';
import { t } from '../dialogs/messageCatalogue.js';
import { PLAN_PERSON_INPUT } from '../dialogs/planPersonSubmit.js';
import { adaptiveCardText, submitActions } from './adaptiveCardText.js';
import type { RecordedCall } from './botConnectorStandIn.js';
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
    expect(plans.items[0]!.protectedPerson).toEqual({ role: 'skyddsperson', protectedIdentity: true });

    // Choosing the second injured party: the card says which by number, the measures card by role.
    const again = cardOf(await press(cardOf(saved), t('sv', 'button.changePerson')));
    expect(textOf(again)).toContain('= Skyddsperson (skyddad identitet)>');
    const second = await press(again, t('sv', 'button.save'), { [PLAN_PERSON_INPUT]: ids[2]! });
    expect(textOf(cardOf(second))).toContain(t('sv', 'measures.protects', { role: 'målsägande' }));

    // Nothing the bot sent in this chat, card or text, holds a label.
    expect(everySent.length).toBeGreaterThan(0);
    const sent = JSON.stringify(everySent.map((c) => c.activity));
    for (const { label } of PERSONS) expect(sent).not.toContain(label);
  });
});
