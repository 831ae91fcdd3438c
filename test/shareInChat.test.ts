// "dela <diarienummer>" (issue 15, item 2) on the real bot and API, on
// PostgreSQL and on PGlite, over HTTP with the stand-in Bot Connector: the
// officer types the command and gets a card listing exactly what a share
// sends; a change to the case between the card and the confirmation (audit
// finding a) shares nothing — the API holds the share to the card's
// snapshotHash — and shows the new card saying what changed, with what was
// filled in kept; confirmed again, the share is stored with exactly the
// fields of the card then shown, and the investigator reads it with
// "delade uppgifter" — each recorded for what it was for (sharing with the
// investigation; the investigation). A refresh from "delningar" likewise: a
// card of what it sends, and a change before its confirmation refreshes
// nothing. Officers and cases are fictitious.
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../dialogs/messageCatalogue.js';
import { SHARE_INPUTS } from '../dialogs/shareSubmit.js';
import { adaptiveCardText, submitActions } from './adaptiveCardText.js';
import type { RecordedCall } from './botConnectorStandIn.js';
import { completeStructuredAssessment } from './completeStructuredAssessment.js';
import { startConnectedTestServer, type ConnectedTestServer } from './connectedTestServer.js';
import { expectJson } from './expectJson.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import type { TestOfficer } from './testServer.js';

const SHARER: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000c601', roles: ['bops_officer'], region: 'syd' };
const COLLEAGUE: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000c602', roles: ['bops_officer'], region: 'syd' };
const INVESTIGATOR: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000c603', roles: ['investigator'], region: 'syd' };
const CASE_NUMBER = '1500-K000701-26';
const INVESTIGATION = '1500-K000702-26';
const REASON = 'Förundersökningsledaren behöver riskbilden inför förhör.';

const conversationOf = (officer: TestOfficer) => `a:share-chat-${officer.id}`;
const cardOf = (calls: RecordedCall[]) => {
  const call = calls.find((c) => c.activity.attachments?.[0]);
  if (!call) throw new Error(`no card: ${JSON.stringify(calls.map((c) => c.activity.text)).slice(0, 300)}`);
  return { call, card: call.activity.attachments![0]!.content };
};
const textsOf = (calls: RecordedCall[]) => calls.flatMap((c) => (c.activity.text ? [c.activity.text] : []));

describe.each(DATABASE_ENGINES)('dela in chat, on the real bot and API (%s)', (engine) => {
  let chat: ConnectedTestServer;

  beforeAll(async () => {
    chat = await startConnectedTestServer({ engine, officers: [SHARER, COLLEAGUE, INVESTIGATOR], conversationOf, greet: true });
    const { test } = chat;
    await expectJson(await test.as(SHARER, 'POST', '/cases', { caseNumber: CASE_NUMBER, violenceType: 'nara_relation' }), 201);
    await expectJson(await test.as(COLLEAGUE, 'PUT', `/cases/${CASE_NUMBER}/assignments/${SHARER.id}`), 200);
    await completeStructuredAssessment(test.server, { caseNumber: CASE_NUMBER, region: 'syd', officerId: SHARER.id, instrumentId: 'sarasv', judgements: { overall: 'hog', seriousViolence: 'medel', acute: 'lag' } });
    await expectJson(await test.as(SHARER, 'POST', `/cases/${CASE_NUMBER}/persons`, { role: 'misstankt', label: 'Hotaktör A', protectedIdentity: false }), 201);
    chat.connector.take();
  });
  afterAll(() => chat?.close());

  const say = (officer: TestOfficer, text: string) => chat.post(officer, { type: 'message', text });
  /** Presses the card's button titled `title` with the inputs filled in, as Teams sends an Action.Submit. */
  const press = (officer: TestOfficer, shown: RecordedCall[], title: string, inputs: Record<string, string>) => {
    const { call, card } = cardOf(shown);
    const action = submitActions(card).find((a) => a.title === title);
    if (!action) throw new Error(`no button ${title}`);
    return chat.post(officer, { type: 'message', replyToId: call.responseId, value: { ...action.data, ...inputs } } as Partial<Activity>);
  };
  const sharesStored = async () =>
    (await chat.test.server.database.query<{ id: string; seq: number; fields: Record<string, unknown>; recipients: string[] }>(
      `SELECT s.id, n.seq, n.fields, ARRAY(SELECT r.officer_id FROM case_share_recipients r WHERE r.share_id = s.id) AS recipients
         FROM case_shares s JOIN cases c ON c.id = s.case_id JOIN case_share_snapshots n ON n.share_id = s.id WHERE c.case_number = $1 ORDER BY s.shared_at, n.seq`,
      [CASE_NUMBER],
    )).rows;

  it('lists exactly what will be sent; a change before the confirmation shares nothing and shows the new card saying what changed; confirmed again, exactly that is stored; the investigator reads it', async () => {
    const shown = await say(SHARER, `dela ${CASE_NUMBER}`);
    expect(shown.every((c) => c.conversationId === conversationOf(SHARER))).toBe(true);
    const first = adaptiveCardText(cardOf(shown).card);
    expect(first).toContain(t('sv', 'share.title', { caseNumber: CASE_NUMBER }));
    expect(first).toMatch(/- Senaste bedömning \(SARA:SV, \d{4}-\d{2}-\d{2}\): Samlad risk: Hög · Risk för allvarligt våld: Medel · Akut risk: Låg/);
    expect(first).toContain('- Hotaktörens roll: misstänkt\n');
    // The reason and the labels of the people are never on the card.
    expect(first).not.toContain('Hotaktör A');
    expect(await sharesStored()).toEqual([]);

    // Between the card and the confirmation a second threat actor joins the case: the officer has not seen that.
    await expectJson(await chat.test.as(SHARER, 'POST', `/cases/${CASE_NUMBER}/persons`, { role: 'hotaktor', label: 'Hotaktör B', protectedIdentity: false }), 201);
    const inputs = { [SHARE_INPUTS.investigationNumber]: INVESTIGATION, [SHARE_INPUTS.recipients]: INVESTIGATOR.id, [SHARE_INPUTS.reason]: REASON };
    const changed = await press(SHARER, shown, t('sv', 'share.confirm'), inputs);
    expect(textsOf(changed)).toEqual([t('sv', 'share.changedWhat', { changes: t('sv', 'share.kind.threatActorRoles') })]);
    const second = adaptiveCardText(cardOf(changed).card);
    expect(second).toContain('- Hotaktörens roll: misstänkt, hotaktör');
    // Nothing was shared, nobody was told, and what was filled in is on the new card.
    expect(await sharesStored()).toEqual([]);
    expect(changed.every((c) => c.conversationId === conversationOf(SHARER))).toBe(true);
    const form = (cardOf(changed).card as { body: { id?: string; value?: string }[] }).body;
    expect(Object.fromEntries(form.filter((b) => b.id && b.value).map((b) => [b.id, b.value]))).toEqual(inputs);

    const done = await press(SHARER, changed, t('sv', 'share.confirm'), inputs);
    const toSharer = done.filter((c) => c.conversationId === conversationOf(SHARER));
    expect(textsOf(toSharer)[0]).toBe(t('sv', 'share.done', { investigation: INVESTIGATION, count: 1, caseNumber: CASE_NUMBER }));
    const stored = await sharesStored();
    expect(stored).toEqual([{ id: expect.any(String), seq: 1, recipients: [INVESTIGATOR.id], fields: expect.objectContaining({ threatActorRoles: ['misstankt', 'hotaktor'] }) }]);
    // Exactly the fields of the card confirmed: the preview now is that card, and the snapshot is the preview.
    const preview = await expectJson<{ fields: unknown }>(await chat.test.as(SHARER, 'GET', `/cases/${CASE_NUMBER}/shares/preview`), 200);
    expect(stored[0]!.fields).toEqual(preview.fields);
    // The investigator's notice went out after the share, and only then.
    expect(done.filter((c) => c.conversationId === conversationOf(INVESTIGATOR))).toHaveLength(1);

    const received = await say(INVESTIGATOR, 'delade uppgifter');
    expect(received.every((c) => c.conversationId === conversationOf(INVESTIGATOR))).toBe(true);
    const list = adaptiveCardText(cardOf(received).card);
    expect(list).toContain(t('sv', 'shares.title', { count: 1 }));
    expect(list).toContain(`Utredning ${INVESTIGATION} · delat av ${SHARER.id}`);
    expect(list).toContain('- Hotaktörens roll: misstänkt, hotaktör');
    expect(list).toMatch(/Samlad risk: Hög/);
    for (const hidden of [CASE_NUMBER, REASON, 'Hotaktör A', 'Hotaktör B']) expect(list).not.toContain(hidden);
    const reads = await chat.test.server.database.query<{ entity_id: string; purpose: string }>("SELECT entity_id, purpose FROM audit_log WHERE action = 'share.read' AND actor_id = $1", [INVESTIGATOR.id]);
    expect(reads.rows.map((r) => r.entity_id)).toContain(stored[0]!.id);
    // Made in chat, the share is recorded as sharing with the investigation, and the investigator's read as for the investigation — not as assessment work.
    expect(new Set(reads.rows.map((r) => r.purpose))).toEqual(new Set(['investigation']));
    const made = await chat.test.server.database.query<{ actor_id: string; purpose: string }>("SELECT actor_id, purpose FROM audit_log WHERE action = 'share.create' AND entity_id = $1", [stored[0]!.id]);
    expect(made.rows).toEqual([{ actor_id: SHARER.id, purpose: 'bops.sharing_with_investigation' }]);
  });

  it('refreshes from the share’s card only after showing what the refresh sends; a change before the confirmation refreshes nothing and shows the new card', async () => {
    const [share] = await sharesStored();
    const listed = await say(SHARER, `delningar ${CASE_NUMBER}`);
    const asked = await press(SHARER, listed, t('sv', 'caseShares.refresh'), {});
    expect(adaptiveCardText(cardOf(asked).card)).toContain(t('sv', 'caseShares.refreshTitle', { investigation: INVESTIGATION, caseNumber: CASE_NUMBER }));
    expect((await sharesStored()).map((r) => r.seq)).toEqual([1]);

    // The suspect's ban is decided between the card and the confirmation: the officer has not seen that.
    const assessmentId = (await chat.test.server.database.query<{ id: string }>("SELECT a.id FROM assessments a JOIN cases c ON c.id = a.case_id WHERE c.case_number = $1 AND a.status = 'completed'", [CASE_NUMBER])).rows[0]!.id;
    await expectJson(
      await chat.test.as(SHARER, 'POST', `/cases/${CASE_NUMBER}/plans`, { assessmentId, protectedPersonId: null, reassessOn: '2027-03-01', measures: [{ part: 'reducering', measureId: 'kontaktforbud', responsible: 'aklagare' }] }),
      201,
    );
    chat.connector.take();
    const changed = await press(SHARER, asked, t('sv', 'caseShares.refresh'), {});
    expect(textsOf(changed)).toEqual([t('sv', 'caseShares.refreshChangedWhat', { changes: t('sv', 'share.kind.contactBans') })]);
    expect(adaptiveCardText(cardOf(changed).card)).toContain('- Kontaktförbud: Kontaktförbud (föreslagen)');
    expect((await sharesStored()).map((r) => r.seq)).toEqual([1]);

    const done = await press(SHARER, changed, t('sv', 'caseShares.refresh'), {});
    expect(textsOf(done.filter((c) => c.conversationId === conversationOf(SHARER)))[0]).toBe(t('sv', 'caseShares.refreshed', { investigation: INVESTIGATION, seq: 2 }));
    const stored = await sharesStored();
    expect(stored.map((r) => [r.id, r.seq])).toEqual([[share!.id, 1], [share!.id, 2]]);
    expect(stored[1]!.fields['contactBans']).toEqual([{ measureId: 'kontaktforbud', status: 'proposed', expiresOn: null }]);
  });
});
