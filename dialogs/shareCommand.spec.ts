// The chat side of issue 15: "dela <diarienummer>" shows exactly what a share
// sends and shares only on confirm with the card's fields unchanged; "delade
// uppgifter" lists what was shared with the investigator; "granska" lets the
// reviewer choose blind (grades before seeing the original, shown only after)
// or open (the officer's judgements and reasons, then Instämmer or Gradera om
// with a reason per judgement), grades always as the pack version's labels. Against a test double of the
// sharing API; the API itself is proven in test/sharing.test.ts and
// test/reviews.test.ts. Officers and cases are fictitious.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { AssessmentResponse, AssessmentSummaryResponse } from '../api/assessmentContract.js';
import { problemTypeUri } from '../api/problem.js';
import { shareSnapshotHash } from '../api/shareSnapshotHash.js';
import { FilePackSource } from '../methodology/filePackSource.js';
import { adaptiveCardText, submitActions } from '../test/adaptiveCardText.js';
import { ApiError, type OfficerRef } from './assessmentApi.js';
import type { OutgoingMessage } from './cardRenderer.js';
import { recogniseCaseShares, recogniseCommand, recogniseReview, recogniseShare } from './commands.js';
import { t } from './messageCatalogue.js';
import { ShareCommand } from './shareCommand.js';
import { REVIEW_VERB, shareSubmitOf, type ShareSubmit } from './shareSubmit.js';
import type { ReceivedShare, ReviewResponse, SharePreview, ShareResponse, SharingApi } from './sharingApi.js';

const methodology = new FilePackSource();
const OFFICER: OfficerRef = { id: 'officer-chat-1' };
const CASE = '1900-K000001-26';
/** A preview as the API gives it: the fields and the hash naming them. */
const previewOf = (p: Omit<SharePreview, 'snapshotHash'>): SharePreview => ({ ...p, snapshotHash: shareSnapshotHash(p) });
const PREVIEW: SharePreview = previewOf({
  pack: { id: 'bops-exempel', version: '1.1.0' },
  fields: {
    latestJudgements: { instrumentId: 'sarasv', completedOn: '2026-11-30', judgements: { overall: 'hog', acute: 'lag' } },
    activeMeasures: [{ measureId: 'larmpaket', part: 'skydd', status: 'decided' }],
    contactBans: [{ measureId: 'kontaktforbud', status: 'decided', expiresOn: '2027-06-30' }],
    threatActorRoles: ['misstankt'],
  },
});

/** The officer's judgement answers with their reasons (sarasv's judgement items), and one factor answer. */
const OPEN_ANSWERS: AssessmentResponse['answers'] = [
  { itemId: 'information_tillracklig', value: 'ja', rationale: null, answeredBy: 'officer-other', answeredAt: '2026-11-20T00:00:00.000Z' },
  { itemId: 'samlad_risk', value: 'medel', rationale: 'Fiktiv motivering: hot upprepade under hösten.', answeredBy: 'officer-other', answeredAt: '2026-11-20T00:00:00.000Z' },
  { itemId: 'risk_allvarligt_vald', value: 'lag', rationale: 'Inget vapen känt.', answeredBy: 'officer-other', answeredAt: '2026-11-20T00:00:00.000Z' },
  { itemId: 'akut_risk', value: 'lag', rationale: null, answeredBy: 'officer-other', answeredAt: '2026-11-20T00:00:00.000Z' },
];

const SNAPSHOT = { seq: 1, takenAt: '2026-12-04T10:00:00.000Z', takenBy: OFFICER.id, pack: PREVIEW.pack, fields: PREVIEW.fields };
const ACTIVE_SHARE: ShareResponse = {
  id: '00000000-0000-4000-8000-00000000005a',
  caseNumber: CASE,
  investigationNumber: '1900-K000900-26',
  recipients: ['officer-inv-1', 'officer-inv-2'],
  reason: 'Inför förhör',
  sharedBy: OFFICER.id,
  sharedAt: '2026-12-04T10:00:00.000Z',
  withdrawn: null,
  snapshots: [SNAPSHOT],
};
const WITHDRAWN_SHARE: ShareResponse = { ...ACTIVE_SHARE, id: '00000000-0000-4000-8000-00000000005b', investigationNumber: '1900-K000800-26', recipients: ['officer-inv-3'], withdrawn: { by: OFFICER.id, at: '2026-12-03T08:00:00.000Z', reason: 'Fel utredning' } };

function double(preview: SharePreview = PREVIEW, caseShares: ShareResponse[] = [ACTIVE_SHARE, WITHDRAWN_SHARE]) {
  const calls: { op: string; args: unknown[] }[] = [];
  const stored: ReviewResponse[] = [];
  let current = preview;
  const api: SharingApi = {
    sharePreview: async (...args) => (calls.push({ op: 'sharePreview', args }), current),
    createShare: async (officer, caseNumber, request) => {
      // As the API: a share naming another preview than the case's now is refused (412) and stores nothing.
      if (request.snapshotHash !== undefined && request.snapshotHash !== current.snapshotHash) throw new ApiError('stale', problemTypeUri('precondition-failed'), 'API 412');
      calls.push({ op: 'createShare', args: [officer, caseNumber, request] });
      return { id: '00000000-0000-4000-8000-000000000001', caseNumber, investigationNumber: String(request.investigationNumber), recipients: request.recipients, reason: request.reason, sharedBy: officer.id, sharedAt: '2026-12-04T10:00:00.000Z', withdrawn: null, snapshots: [] as never };
    },
    caseShares: async (...args) => (calls.push({ op: 'caseShares', args }), caseShares),
    refreshShare: async (...args) => {
      // As the API: a refresh naming another preview than the case's now is refused (412) and stores nothing.
      if (args[3] !== undefined && args[3] !== current.snapshotHash) throw new ApiError('stale', problemTypeUri('precondition-failed'), 'API 412');
      calls.push({ op: 'refreshShare', args });
      const share = caseShares.find((s) => s.id === args[2])!;
      return { ...share, snapshots: [...share.snapshots, { ...share.snapshots[0]!, seq: share.snapshots.length + 1 }] };
    },
    withdrawShare: async (...args) => {
      calls.push({ op: 'withdrawShare', args });
      const share = caseShares.find((s) => s.id === args[2])!;
      return { ...share, withdrawn: { by: OFFICER.id, at: '2026-12-05T09:00:00.000Z', reason: args[3] } };
    },
    receivedShares: async () => [] as ReceivedShare[],
    reviewBasis: async () => ({ assessmentId: '00000000-0000-4000-8000-0000000000a1', instrumentId: 'sarasv', pack: PREVIEW.pack, judgementKeys: ['overall', 'seriousViolence', 'acute'], answers: [] }),
    createReview: async (_o, assessmentId, request) => {
      calls.push({ op: 'createReview', args: [assessmentId, request] });
      const original = { overall: 'medel', seriousViolence: 'lag', acute: 'lag' };
      const judgements: Record<string, string> = { ...original, ...(request.verdict === 'agree' ? {} : (request.judgements as Record<string, string>)) };
      const regraded = (Object.keys(original) as ('overall' | 'seriousViolence' | 'acute')[]).filter((k) => judgements[k] !== original[k]);
      const reason = request.verdict === 'agree' ? null : (request.reason ?? null);
      const review = { id: '00000000-0000-4000-8000-0000000000b1', assessmentId, reviewerId: OFFICER.id, blind: request.verdict === 'blind', verdict: regraded.length ? ('regrade' as const) : ('agree' as const), judgements, original, regraded, reason, reasonPending: request.verdict === 'blind' && regraded.length > 0 && reason === null, createdAt: '2026-12-04T10:00:00.000Z' };
      stored.splice(0, stored.length, review);
      return review;
    },
    reviews: async () => stored,
    giveReviewReason: async (_o, assessmentId, reviewId, reason) => {
      calls.push({ op: 'giveReviewReason', args: [assessmentId, reviewId, reason] });
      stored[0] = { ...stored[0]!, reason, reasonPending: false };
      return stored[0];
    },
  };
  const summaries: AssessmentSummaryResponse[] = [];
  const reads: string[] = [];
  const assessmentApi = {
    listForCase: async () => summaries,
    get: async (_o: OfficerRef, id: string): Promise<AssessmentResponse> => {
      reads.push(id);
      const summary = summaries.find((a) => a.id === id);
      if (!summary) throw new ApiError('rejected', problemTypeUri('not-found'), 'API 404');
      return { ...summary, versionChoice: null, mode: 'step', activeSeconds: null, answers: OPEN_ANSWERS, derived: { judgements: { overall: 'medel', seriousViolence: 'lag', acute: 'lag' } } as never };
    },
  };
  const command = new ShareCommand({ methodology, api: assessmentApi, sharing: api, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, log: pino({ level: 'silent' }) });
  return { api, assessmentApi, calls, command, summaries, reads, setPreview: (p: Omit<SharePreview, 'snapshotHash'>) => (current = previewOf(p)) };
}

const cardOf = (messages: OutgoingMessage[]) => {
  const card = messages.find((m) => m.kind === 'card');
  if (!card || card.kind !== 'card') throw new Error('no card');
  return card.card;
};
const cardOnly = (messages: OutgoingMessage[]) => messages.filter((m) => m.kind === 'card');
const textsOf = (messages: OutgoingMessage[]) => messages.flatMap((m) => (m.kind === 'text' ? [m.text] : []));
const confirmData = (messages: OutgoingMessage[], inputs: Record<string, string>): ShareSubmit =>
  shareSubmitOf({ ...submitActions(cardOf(messages)).find((a) => a.data['action'] === 'confirm')!.data, ...inputs })!;

describe('sharing in chat', () => {
  it('recognises the commands in both languages', () => {
    expect(recogniseShare(`dela ${CASE}`)).toBe(CASE);
    expect(recogniseShare('share')).toBe('');
    expect(recogniseShare('delad information om kontaktförbud')).toBeUndefined();
    expect(recogniseReview(`granska ${CASE}`)).toBe(CASE);
    expect(recogniseCaseShares(`delningar ${CASE}`)).toBe(CASE);
    expect(recogniseCaseShares(`sharing ${CASE}`)).toBe(CASE);
    expect(recogniseCommand('delade uppgifter')).toBe('sharedWithMe');
    expect(recogniseCommand('Shared with me')).toBe('sharedWithMe');
  });

  it('lists exactly what will be sent, in Swedish and English, before anything is shared', async () => {
    const { command, calls } = double();
    const sv = adaptiveCardText(cardOf(await command.showShare(OFFICER, CASE.toLowerCase(), 'sv')));
    expect(sv).toContain('Det här skickas, och bara det (metodversion 1.1.0):');
    expect(sv).toContain('- Senaste bedömning (');
    expect(sv).toMatch(/2026-11-30\): Samlad risk: Hög · Akut risk: Låg/);
    expect(sv).toContain('- Skyddsåtgärder: ');
    expect(sv).toContain('(beslutad)');
    expect(sv).toContain('- Kontaktförbud: Kontaktförbud (beslutad, gäller till 2027-06-30)');
    expect(sv).toContain('- Hotaktörens roll: misstänkt');
    expect(sv.match(/^- /gm)).toHaveLength(4);
    const en = adaptiveCardText(cardOf(await command.showShare(OFFICER, CASE, 'en')));
    expect(en).toContain("- Threat actor's role: suspect");
    expect(calls.filter((c) => c.op === 'createShare')).toHaveLength(0);
  });

  it('shares on confirm with the card’s inputs, asks again for what is missing, and never sends fields the card did not show', async () => {
    const { command, calls, setPreview } = double();
    const shown = await command.showShare(OFFICER, CASE, 'sv');
    const missing = await command.act(OFFICER, confirmData(shown, { investigationNumber: '1900-K000900-26', recipients: 'officer-inv-1' }), 'sv');
    expect(textsOf(missing)[0]).toMatch(/Fyll i/);
    expect(calls.filter((c) => c.op === 'createShare')).toHaveLength(0);

    setPreview({ ...PREVIEW, fields: { ...PREVIEW.fields, threatActorRoles: ['misstankt', 'hotaktor'] } });
    const changed = await command.act(OFFICER, confirmData(shown, { investigationNumber: '1900-K000900-26', recipients: 'officer-inv-1', shareReason: 'Inför förhör' }), 'sv');
    expect(textsOf(changed)).toEqual(['Uppgifterna i ärendet har ändrats sedan kortet visades: hotaktörens roll. Kontrollera det nya kortet och bekräfta igen. Inget delades.']);
    expect(adaptiveCardText(cardOf(changed))).toContain('misstänkt, hotaktör');
    expect(calls.filter((c) => c.op === 'createShare')).toHaveLength(0);

    const done = await command.act(OFFICER, confirmData(changed, { investigationNumber: '1900-K000900-26', recipients: 'officer-inv-1, officer-inv-2', shareReason: 'Inför förhör' }), 'sv');
    expect(textsOf(done)).toEqual([`Delat med utredning 1900-K000900-26: 2 mottagare. Delningen är loggad. Uppdatera eller dra tillbaka den på kortet nedan, eller senare med **delningar ${CASE}**.`]);
    // The confirmation offers what it says: the share's own card, to refresh or withdraw it.
    expect(submitActions(cardOf(done)).map((a) => [a.title, a.data['action'], a.data['shareId']])).toEqual([
      ['Uppdatera', 'refresh', '00000000-0000-4000-8000-000000000001'],
      ['Dra tillbaka', 'withdraw', '00000000-0000-4000-8000-000000000001'],
    ]);
    expect(calls.filter((c) => c.op === 'createShare').map((c) => c.args.slice(1))).toEqual([
      [CASE, { investigationNumber: '1900-K000900-26', recipients: ['officer-inv-1', 'officer-inv-2'], reason: 'Inför förhör', snapshotHash: previewOf({ ...PREVIEW, fields: { ...PREVIEW.fields, threatActorRoles: ['misstankt', 'hotaktor'] } }).snapshotHash }],
    ]);
    // A card from before the hash was the API's (or one whose list is unreadable): the new card, said plainly.
    const old = await command.act(OFFICER, { ...confirmData(changed, { investigationNumber: '1900-K000900-26', recipients: 'officer-inv-1', shareReason: 'Inför förhör' }), fingerprint: 'a'.repeat(64), shown: undefined } as ShareSubmit, 'sv');
    expect(textsOf(old)).toEqual([t('sv', 'share.changed')]);
    expect(cardOnly(old)).toHaveLength(1);
  });

  it('offers Teams’ people picker for the recipients and sends the picked and the typed ones once each, a card shown again keeping them all', async () => {
    const { command, calls } = double();
    const shown = await command.showShare(OFFICER, CASE, 'sv');
    const picker = (cardOf(shown).body as Record<string, unknown>[]).find((e) => e.id === 'recipientPicker');
    expect(picker).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true, choices: [], 'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' } });
    const missing = await command.act(OFFICER, confirmData(shown, { investigationNumber: '1900-K000900-26', recipientPicker: 'officer-inv-1,officer-inv-2' }), 'sv');
    expect(textsOf(missing)[0]).toMatch(/Fyll i/);
    expect((cardOf(missing).body as Record<string, unknown>[]).find((e) => e.id === 'recipients')).toMatchObject({ value: 'officer-inv-1, officer-inv-2' });
    await command.act(OFFICER, confirmData(shown, { investigationNumber: '1900-K000900-26', recipientPicker: 'officer-inv-1,officer-inv-2', recipients: 'officer-inv-2; officer-inv-3', shareReason: 'Inför förhör' }), 'sv');
    expect(calls.filter((c) => c.op === 'createShare').map((c) => (c.args[2] as { recipients: string[] }).recipients)).toEqual([['officer-inv-1', 'officer-inv-2', 'officer-inv-3']]);
  });

  it('takes recipients the API names as no investigator off the form, which comes back with the rest as filled in; shares with the others on confirm', async () => {
    const { command, calls, api } = double();
    const made = api.createShare;
    api.createShare = async (officer, caseNumber, request) => {
      calls.push({ op: 'refused', args: [request] });
      const unknown = request.recipients.flatMap((r, i) => (r.startsWith('officer-unknown') ? [i] : []));
      if (unknown.length) throw new ApiError('rejected', problemTypeUri('validation'), 'API 422', unknown.map((i) => ({ code: 'not_an_investigator', path: ['body', 'recipients', i] })));
      if (request.investigationNumber === '1900-K000999-26') throw new ApiError('rejected', problemTypeUri('validation'), 'API 422');
      return made(officer, caseNumber, request);
    };
    const shown = await command.showShare(OFFICER, CASE, 'sv');
    const inputs = { investigationNumber: '1900-K000900-26', recipientPicker: 'officer-unknown-1,officer-inv-1', recipients: 'officer-unknown-2', shareReason: 'Inför förhör' };
    const refused = await command.act(OFFICER, confirmData(shown, inputs), 'sv');
    expect(textsOf(refused)).toEqual([t('sv', 'share.recipientsRefused', { count: 2 })]);
    const form = cardOf(refused).body as Record<string, unknown>[];
    expect(form.find((e) => e.id === 'recipients')).toMatchObject({ value: 'officer-inv-1' });
    expect(form.find((e) => e.id === 'investigationNumber')).toMatchObject({ value: '1900-K000900-26' });
    expect(form.find((e) => e.id === 'shareReason')).toMatchObject({ value: 'Inför förhör' });
    expect(calls.filter((c) => c.op === 'createShare')).toHaveLength(0);

    const done = await command.act(OFFICER, confirmData(refused, { investigationNumber: '1900-K000900-26', recipients: 'officer-inv-1', shareReason: 'Inför förhör' }), 'sv');
    expect(textsOf(done)[0]).toMatch(/^Delat med utredning 1900-K000900-26: 1 mottagare/);
    // Any other refusal says so, and the form still holds what was filled in.
    const other = await command.act(OFFICER, confirmData(shown, { ...inputs, investigationNumber: '1900-K000999-26', recipientPicker: '', recipients: 'officer-inv-1' }), 'sv');
    expect(textsOf(other)).toEqual([t('sv', 'share.refused')]);
    expect((cardOf(other).body as Record<string, unknown>[]).find((e) => e.id === 'investigationNumber')).toMatchObject({ value: '1900-K000999-26' });
  });

  it('tells an officer who may not share, and an investigator with nothing shared', async () => {
    const { command, api } = double();
    api.sharePreview = async () => {
      throw new ApiError('forbidden', problemTypeUri('forbidden'), 'API 403');
    };
    expect(textsOf(await command.showShare(OFFICER, CASE, 'sv'))).toEqual(['Du kan bara dela ärenden du är tilldelad som Bops-handläggare eller specialist.']);
    expect(textsOf(await command.received(OFFICER, 'sv'))).toEqual(['Inga uppgifter är delade med dig just nu.']);
    api.receivedShares = async () => [{ id: '00000000-0000-4000-8000-000000000002', investigationNumber: '1900-K000900-26', sharedBy: 'officer-bops-1', takenAt: '2026-12-04T09:00:00.000Z', ...PREVIEW }];
    const card = adaptiveCardText(cardOf(await command.received(OFFICER, 'sv')));
    expect(card).toContain('Utredning 1900-K000900-26 · delat av officer-bops-1 · 2026-12-04 (metodversion 1.1.0)');
    expect(card).toContain('- Hotaktörens roll: misstänkt');
  });

  const ASSESSMENT = '00000000-0000-4000-8000-0000000000a1';
  const base = { caseNumber: CASE, region: 'syd', level: 'structured', instrumentId: 'sarasv', pack: { ...PREVIEW.pack, hash: 'a'.repeat(64) }, createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', discardedAt: null, discardReason: null, reassessmentOf: null } as const;
  const OTHERS: AssessmentSummaryResponse = { ...base, id: ASSESSMENT, status: 'completed', officerId: 'officer-other', completedAt: '2026-11-20T00:00:00.000Z' };
  const MINE: AssessmentSummaryResponse = { ...base, id: '00000000-0000-4000-8000-0000000000a2', status: 'completed', officerId: OFFICER.id, completedAt: '2026-11-25T00:00:00.000Z' };
  type CardElement = { type: string; id?: string; value?: unknown; choices?: { title: string; value: string }[]; actions?: CardElement[]; data?: Record<string, unknown> };
  const elementsOf = (card: unknown): CardElement[] => {
    const all: CardElement[] = [];
    const walk = (e: CardElement) => (all.push(e), e.actions?.forEach(walk));
    (card as { body: CardElement[] }).body.forEach(walk);
    return all;
  };
  /** Submits the card's button titled `title` with the inputs, through the submit schema as the router does. */
  const press = (messages: OutgoingMessage[], title: string, inputs: Record<string, string> = {}): ShareSubmit => {
    const action = submitActions(cardOf(messages)).find((a) => a.title === title);
    if (!action) throw new Error(`no button ${title}`);
    const submit = shareSubmitOf({ ...action.data, ...inputs });
    if (!submit) throw new Error(`the ${title} submit does not parse`);
    return submit;
  };

  it('asks blind or open on a card of inputs and submits only, and refuses one’s own assessment and a non-reviewer plainly', async () => {
    const { command, summaries, api, calls, reads } = double();
    expect(textsOf(await command.showReview(OFFICER, CASE, 'sv'))).toEqual([t('sv', 'review.nothing')]);
    summaries.push(MINE);
    expect(textsOf(await command.showReview(OFFICER, CASE, 'sv'))).toEqual(['Du kan inte granska din egen bedömning. Någon annan med granskarroll i regionen granskar den.']);
    expect(textsOf(await command.showReview(OFFICER, CASE, 'en'))).toEqual(['You cannot review your own assessment. Someone else with the reviewer role in the region reviews it.']);
    summaries.push(OTHERS);
    const shown = await command.showReview(OFFICER, CASE, 'sv');
    const card = cardOf(shown);
    expect(card.version).toBe('1.5');
    expect(new Set(elementsOf(card).map((e) => e.type))).toEqual(new Set(['TextBlock', 'Input.ChoiceSet', 'ActionSet', 'Action.Submit']));
    const text = adaptiveCardText(card);
    expect(text).toContain('Granskning: SARA:SV i ärende 1900-K000001-26');
    expect(elementsOf(card).find((e) => e.type === 'Input.ChoiceSet')!.choices!.map((c) => c.value)).toEqual(['blind', 'open']);
    // A submit without a choice asks again; an unknown mode is not acted on.
    const none = await command.act(OFFICER, press(shown, 'Fortsätt'), 'sv');
    expect(textsOf(none)[0]).toBe('Välj blind eller öppen granskning.');
    expect(adaptiveCardText(cardOf(none))).toContain('Hur vill du granska?');
    expect(textsOf(await command.act(OFFICER, press(shown, 'Fortsätt', { reviewMode: 'halvblind' }), 'sv'))[0]).toBe('Välj blind eller öppen granskning.');
    // Submits are read through zod: a forged id is no review submit at all.
    expect(shareSubmitOf({ verb: 'review', action: 'regrade', caseNumber: CASE, assessmentId: 'not-a-uuid' })).toBeUndefined();
    expect(shareSubmitOf({ verb: 'review', action: 'agree', caseNumber: 'DROP TABLE', assessmentId: ASSESSMENT })).toBeUndefined();
    api.reviewBasis = async () => {
      throw new ApiError('forbidden', problemTypeUri('forbidden'), 'API 403');
    };
    expect(textsOf(await command.showReview(OFFICER, CASE, 'sv'))).toEqual([t('sv', 'review.notAllowed')]);
    expect(t('sv', 'review.notAllowed')).toMatch(/inte granskare i ärendets region/);
    // Open too: nothing of the assessment is read for one who may not review it.
    expect(textsOf(await command.act(OFFICER, press(shown, 'Fortsätt', { reviewMode: 'open' }), 'en'))).toEqual([t('en', 'review.notAllowed')]);
    expect(reads).toEqual([]);
    expect(calls.filter((c) => c.op === 'createReview')).toHaveLength(0);
  });

  it('shows the officer the reviews of their assessment: each judgement theirs beside the reviewer’s, and the reason', async () => {
    const { command, api, summaries } = double();
    summaries.push(OTHERS);
    const review = (fields: Partial<ReviewResponse>): ReviewResponse => ({
      id: '00000000-0000-4000-8000-0000000000c1', assessmentId: ASSESSMENT, reviewerId: 'officer-reviewer', blind: false, verdict: 'regrade',
      original: { overall: 'medel', seriousViolence: 'lag', acute: 'lag' }, judgements: { overall: 'hog', seriousViolence: 'lag', acute: 'lag' }, regraded: ['overall'],
      reason: 'Fiktiv: fler riskfaktorer än bedömt.', reasonPending: false, createdAt: '2026-12-04T10:00:00.000Z', ...fields,
    });
    api.reviews = async () => [review({}), review({ id: '00000000-0000-4000-8000-0000000000c2', blind: true, reason: null, reasonPending: true })];
    const shown = textsOf(await command.act(OFFICER, { verb: REVIEW_VERB, action: 'show', caseNumber: CASE, assessmentId: ASSESSMENT }, 'sv'));
    expect(shown).toEqual([
      `**Granskning av din bedömning i ärende ${CASE} (öppen, 2026-12-04 11:00)**\n\nSamlad risk: din Medel · granskarens Hög\n\nRisk för allvarligt våld: din Låg · granskarens Låg\n\nAkut risk: din Låg · granskarens Låg\n\nGranskarens skäl: Fiktiv: fler riskfaktorer än bedömt.`,
      `**Granskning av din bedömning i ärende ${CASE} (blind, 2026-12-04 11:00)**\n\nSamlad risk: din Medel · granskarens Hög\n\nRisk för allvarligt våld: din Låg · granskarens Låg\n\nAkut risk: din Låg · granskarens Låg\n\nGranskaren har ännu inte angett skälet.`,
    ]);
    // The reviewer is not named; an assessment the officer may no longer read shows nothing of it.
    expect(shown.join('\n')).not.toContain('officer-reviewer');
    api.reviews = async () => {
      throw new ApiError('forbidden', problemTypeUri('forbidden'), 'API 403');
    };
    expect(textsOf(await command.act(OFFICER, { verb: REVIEW_VERB, action: 'show', caseNumber: CASE, assessmentId: ASSESSMENT }, 'sv'))).toEqual([t('sv', 'review.notAllowed')]);
  });

  it('grades blind without showing the original, and shows it beside the grades once saved, as the pack’s labels', async () => {
    const { command, calls, summaries, api, reads } = double();
    summaries.push(OTHERS, MINE);
    const blind = await command.act(OFFICER, press(await command.showReview(OFFICER, CASE, 'sv'), 'Fortsätt', { reviewMode: 'blind' }), 'sv');
    const card = cardOf(blind);
    expect(adaptiveCardText(card)).toContain('Blind granskning');
    // Nothing of the original is on the card: three grades to choose, none chosen, and the assessment never read.
    const choices = elementsOf(card).filter((e) => e.type === 'Input.ChoiceSet');
    expect(choices).toHaveLength(3);
    expect(choices.every((c) => c.value === undefined)).toBe(true);
    expect(adaptiveCardText(card)).not.toMatch(/Motivering:|Fiktiv motivering|ursprunglig:/);
    expect(reads).toEqual([]);
    const submit = press(blind, 'Skicka granskning', { grade_overall: 'hog', grade_seriousViolence: 'lag', grade_acute: 'lag' });
    expect(submit).toMatchObject({ action: 'submit', assessmentId: ASSESSMENT });
    const saved = await command.act(OFFICER, submit, 'sv');
    expect(calls.filter((c) => c.op === 'createReview').map((c) => c.args)).toEqual([[ASSESSMENT, { verdict: 'blind', judgements: { overall: 'hog', seriousViolence: 'lag', acute: 'lag' } }]]);
    // Graded otherwise: the original is shown now, beside the reviewer's grade as fixed text, and a reason asked for that judgement only.
    expect(textsOf(saved)).toEqual([t('sv', 'review.blindDiffers')]);
    const reasonCard = cardOf(saved);
    expect(adaptiveCardText(reasonCard)).toContain('Samlad risk – handläggarens: Medel · din: Hög');
    expect(elementsOf(reasonCard).filter((e) => e.type === 'Input.ChoiceSet'), 'the blind grades are not editable').toEqual([]);
    expect(elementsOf(reasonCard).filter((e) => e.type === 'Input.Text').map((e) => e.id)).toEqual(['reason_overall']);
    const noReason = await command.act(OFFICER, press(saved, 'Spara skälen'), 'sv');
    expect(textsOf(noReason)).toEqual([t('sv', 'review.blindReasonMissing', { judgements: 'Samlad risk' })]);
    expect(calls.filter((c) => c.op === 'giveReviewReason')).toEqual([]);
    const reasoned = textsOf(await command.act(OFFICER, press(cardOnly(noReason), 'Spara skälen', { reason_overall: 'Fiktiv: fler riskfaktorer än bedömt.' }), 'sv'));
    expect(calls.filter((c) => c.op === 'giveReviewReason').map((c) => c.args)).toEqual([[ASSESSMENT, '00000000-0000-4000-8000-0000000000b1', 'Fiktiv: fler riskfaktorer än bedömt.']]);
    expect(reasoned[0]).toBe(t('sv', 'review.done'));
    expect(reasoned[1]).toBe('Samlad risk: din Hög · ursprunglig Medel\n\nRisk för allvarligt våld: din Låg · ursprunglig Låg\n\nAkut risk: din Låg · ursprunglig Låg');
    expect(reasoned.join('\n')).not.toMatch(/\b(hog|medel|lag)\b/);
    // A second press of the card gives no second reason.
    expect(textsOf(await command.act(OFFICER, press(saved, 'Spara skälen', { reason_overall: 'Annat' }), 'sv'))[0]).toBe(t('sv', 'review.reasonAlready'));
    expect(calls.filter((c) => c.op === 'giveReviewReason')).toHaveLength(1);
    const en = await command.act(OFFICER, submit, 'en');
    expect(adaptiveCardText(cardOf(en))).toContain('Overall risk – the officer’s: Moderate · yours: High');
    api.createReview = async () => {
      throw new ApiError('review_refused', problemTypeUri('review-refused'), 'API 409');
    };
    expect(textsOf(await command.act(OFFICER, submit, 'sv'))).toEqual(['Du har redan sett den ursprungliga bedömningen, så en blind granskning går inte längre. Inget sparades. Skriv **granska** och diarienumret igen och välj öppen granskning.']);
    // Not saved for a passing fault: the blind card again, holding the grades and the reason given.
    api.createReview = async () => {
      throw new ApiError('unavailable', undefined, 'API unreachable');
    };
    const failed = await command.act(OFFICER, { ...submit, reviewReason: 'Fiktiv: fler faktorer än bedömt.' } as ShareSubmit, 'sv');
    expect(textsOf(failed)).toEqual([t('sv', 'review.failed')]);
    const kept = elementsOf(cardOf(failed));
    expect(Object.fromEntries(kept.filter((e) => typeof e.id === 'string').map((e) => [e.id, e.value]))).toEqual({ grade_overall: 'hog', grade_seriousViolence: 'lag', grade_acute: 'lag', reviewReason: 'Fiktiv: fler faktorer än bedömt.' });
  });

  it('open: shows the officer’s judgements and reasons as labels, and Instämmer saves an agreeing review', async () => {
    const { command, calls, summaries, reads } = double();
    summaries.push(OTHERS);
    const open = await command.act(OFFICER, press(await command.showReview(OFFICER, CASE, 'sv'), 'Fortsätt', { reviewMode: 'open' }), 'sv');
    expect(reads).toEqual([ASSESSMENT]);
    const text = adaptiveCardText(cardOf(open));
    expect(text).toContain('Öppen granskning: SARA:SV i ärende 1900-K000001-26');
    expect(text).toContain('**Samlad risk:** Medel\nMotivering: Fiktiv motivering: hot upprepade under hösten.');
    expect(text).toContain('**Risk för allvarligt våld:** Låg\nMotivering: Inget vapen känt.');
    expect(text).toContain('**Akut risk:** Låg\nIngen motivering angiven.');
    expect(text).toContain('[Instämmer] [Gradera om]');
    expect(text).not.toMatch(/\b(hog|medel|lag)\b/);
    const agreed = textsOf(await command.act(OFFICER, press(open, 'Instämmer'), 'sv'));
    expect(calls.filter((c) => c.op === 'createReview').map((c) => c.args)).toEqual([[ASSESSMENT, { verdict: 'agree' }]]);
    expect(agreed[0]).toBe('Du instämmer. Granskningen är sparad bredvid den ursprungliga bedömningen, som inte ändras.');
    expect(agreed[1]).toContain('Samlad risk: din Medel · ursprunglig Medel');
  });

  it('open: Gradera om asks a new level and a reason per judgement, refuses a regrade without its reason, and saves one with them', async () => {
    const { command, calls, summaries, api } = double();
    summaries.push(OTHERS);
    const open = await command.act(OFFICER, press(await command.showReview(OFFICER, CASE, 'sv'), 'Fortsätt', { reviewMode: 'open' }), 'sv');
    const form = await command.act(OFFICER, press(open, 'Gradera om'), 'sv');
    const card = cardOf(form);
    expect(new Set(elementsOf(card).map((e) => e.type))).toEqual(new Set(['TextBlock', 'Input.ChoiceSet', 'Input.Text', 'ActionSet', 'Action.Submit']));
    const choices = elementsOf(card).filter((e) => e.type === 'Input.ChoiceSet');
    // Each judgement offers the other levels, as labels; the original is the heading.
    expect(choices.map((c) => [c.id, c.choices!.map((o) => `${o.value}=${o.title}`)])).toEqual([
      ['grade_overall', ['lag=Låg', 'hog=Hög']],
      ['grade_seriousViolence', ['medel=Medel', 'hog=Hög']],
      ['grade_acute', ['medel=Medel', 'hog=Hög']],
    ]);
    expect(adaptiveCardText(card)).toContain('Samlad risk – ursprunglig: Medel');
    expect(elementsOf(card).filter((e) => e.type === 'Input.Text').map((e) => e.id)).toEqual(['reason_overall', 'reason_seriousViolence', 'reason_acute']);

    const nothing = await command.act(OFFICER, press(form, 'Spara omgradering'), 'sv');
    expect(textsOf(nothing)[0]).toBe('Välj en ny nivå för minst en bedömning, eller instäm i stället.');
    const unreasoned = await command.act(OFFICER, press(form, 'Spara omgradering', { grade_overall: 'hog', reason_overall: 'Eskalerande hot.', grade_acute: 'medel' }), 'sv');
    expect(textsOf(unreasoned)[0]).toBe('Motivera varje omgradering: Akut risk saknar motivering. Inget sparades.');
    // The form comes back with what was filled in.
    const again = elementsOf(cardOf(unreasoned));
    expect(again.find((e) => e.id === 'grade_overall')!.value).toBe('hog');
    expect(again.find((e) => e.id === 'reason_overall')!.value).toBe('Eskalerande hot.');
    expect(calls.filter((c) => c.op === 'createReview')).toHaveLength(0);

    const saved = textsOf(await command.act(OFFICER, press(unreasoned, 'Spara omgradering', { grade_overall: 'hog', reason_overall: 'Eskalerande hot.', grade_acute: 'medel', reason_acute: 'Nytt hot i går.' }), 'sv'));
    expect(calls.filter((c) => c.op === 'createReview').map((c) => c.args)).toEqual([
      [ASSESSMENT, { verdict: 'regrade', judgements: { overall: 'hog', acute: 'medel' }, reason: 'Samlad risk: Eskalerande hot.\nAkut risk: Nytt hot i går.' }],
    ]);
    expect(saved[0]).toBe(t('sv', 'review.done'));
    expect(saved[1]).toBe('Samlad risk: din Hög · ursprunglig Medel\n\nRisk för allvarligt våld: din Låg · ursprunglig Låg\n\nAkut risk: din Medel · ursprunglig Låg');

    // One judgement's reason is kept as it is; a regrade the API refuses is told, nothing claimed saved.
    await command.act(OFFICER, press(form, 'Spara omgradering', { grade_seriousViolence: 'hog', reason_seriousViolence: 'Vapen har setts.' }), 'en');
    expect(calls.filter((c) => c.op === 'createReview').at(-1)!.args).toEqual([ASSESSMENT, { verdict: 'regrade', judgements: { seriousViolence: 'hog' }, reason: 'Vapen har setts.' }]);
    api.createReview = async () => {
      throw new ApiError('rejected', problemTypeUri('validation'), 'API 400', [{ code: 'not_a_regrade', path: ['body', 'judgements', 'acute'] }]);
    };
    expect(textsOf(await command.act(OFFICER, press(form, 'Spara omgradering', { grade_acute: 'hog', reason_acute: 'x' }), 'sv'))).toEqual([t('sv', 'review.regradeRejected')]);
    // A refusal naming no value is an assessment not there to review (a card whose id was changed): said so, no form again.
    api.createReview = async () => {
      throw new ApiError('rejected', problemTypeUri('not-found'), 'API 404');
    };
    expect(textsOf(await command.act(OFFICER, press(form, 'Spara omgradering', { grade_acute: 'hog', reason_acute: 'x' }), 'sv'))).toEqual([t('sv', 'review.nothing')]);
    api.createReview = async () => {
      throw new ApiError('forbidden', problemTypeUri('forbidden'), 'API 403');
    };
    expect(textsOf(await command.act(OFFICER, press(form, 'Spara omgradering', { grade_acute: 'hog', reason_acute: 'x' }), 'sv'))).toEqual([t('sv', 'review.notAllowed')]);
  });

  describe('the case’s shares: delningar, Uppdatera, Dra tillbaka', () => {
    const actionData = (messages: OutgoingMessage[], action: string, inputs: Record<string, string> = {}): ShareSubmit =>
      shareSubmitOf({ ...submitActions(cardOf(messages)).find((a) => a.data['action'] === action)!.data, ...inputs })!;
    const reasonOn = (messages: OutgoingMessage[]) => (cardOf(messages).body as Record<string, unknown>[]).find((e) => e.id === 'withdrawReason');

    it('shows each share: investigation, recipients as ids with their count, when, active or withdrawn, pack version — buttons on the active one only', async () => {
      const { command } = double();
      const shown = await command.showCaseShares(OFFICER, CASE, 'sv');
      expect(textsOf(shown)).toEqual([`Delningar av ärende ${CASE} (2), senaste först:`]);
      const [active, withdrawn] = shown.filter((m) => m.kind === 'card').map((m) => (m.kind === 'card' ? m.card : undefined));
      const activeText = adaptiveCardText(active);
      expect(activeText).toContain('Utredning 1900-K000900-26 · aktiv');
      expect(activeText).toContain('2: officer-inv-1, officer-inv-2');
      expect(activeText).toContain('2026-12-04 11:00');
      expect(activeText).toContain('nr 1, 2026-12-04 11:00 (metodversion 1.1.0)');
      // The reason for sharing is the sharer's free text: not on the card.
      expect(activeText).not.toContain('Inför förhör');
      expect(submitActions(active).map((a) => a.title)).toEqual(['Uppdatera', 'Dra tillbaka']);
      expect(adaptiveCardText(withdrawn)).toContain('Utredning 1900-K000800-26 · tillbakadragen 2026-12-03 09:00');
      expect(submitActions(withdrawn)).toEqual([]);
      expect(textsOf(await command.showCaseShares(OFFICER, CASE, 'en'))).toEqual([`Shares of case ${CASE} (2), newest first:`]);
      expect(textsOf(await double(PREVIEW, []).command.showCaseShares(OFFICER, CASE, 'sv'))).toEqual([`Ärende ${CASE} är inte delat med någon utredning.`]);
    });

    it('refreshes into a new snapshot after showing what it sends, and withdraws with the reason typed, answering with the share as it now stands', async () => {
      const { command, calls } = double();
      const shown = await command.showCaseShares(OFFICER, CASE, 'sv');
      const asked = await command.act(OFFICER, actionData(shown, 'refresh'), 'sv');
      // Nothing is sent on Uppdatera: first the card of what the refresh sends.
      expect(calls.filter((c) => c.op === 'refreshShare')).toHaveLength(0);
      const askedText = adaptiveCardText(cardOf(asked));
      expect(askedText).toContain(`Uppdatera delningen med utredning 1900-K000900-26 (ärende ${CASE})`);
      expect(askedText).toContain('- Hotaktörens roll: misstänkt');
      expect(submitActions(cardOf(asked)).map((a) => a.title)).toEqual(['Uppdatera', 'Avbryt']);
      const refreshed = await command.act(OFFICER, actionData(asked, 'refreshConfirm'), 'sv');
      expect(textsOf(refreshed)[0]).toMatch(/uppdaterad: ögonblicksbild nr 2/);
      expect(adaptiveCardText(cardOf(refreshed))).toContain('nr 2,');
      expect(calls.filter((c) => c.op === 'refreshShare').map((c) => c.args.slice(1))).toEqual([[CASE, ACTIVE_SHARE.id, PREVIEW.snapshotHash]]);
      const withdrawn = await command.act(OFFICER, actionData(shown, 'withdraw', { withdrawReason: ' Utredningen är nedlagd ' }), 'sv');
      expect(textsOf(withdrawn)[0]).toMatch(/tillbakadragen och loggad/);
      expect(submitActions(cardOf(withdrawn))).toEqual([]);
      expect(calls.filter((c) => c.op === 'withdrawShare').map((c) => c.args.slice(1))).toEqual([[CASE, ACTIVE_SHARE.id, 'Utredningen är nedlagd']]);
    });

    it('withdraws nothing without a reason, and keeps the reason typed when the API refuses or fails', async () => {
      const { command, calls, api } = double();
      const shown = await command.showCaseShares(OFFICER, CASE, 'sv');
      const none = await command.act(OFFICER, actionData(shown, 'withdraw', { withdrawReason: '  ' }), 'sv');
      expect(textsOf(none)[0]).toMatch(/Skriv skälet/);
      expect(calls.filter((c) => c.op === 'withdrawShare')).toHaveLength(0);

      for (const [reason, said] of [
        ['forbidden', /Bara den som gjorde delningen/],
        ['unavailable', /ditt skäl finns kvar/],
      ] as const) {
        api.withdrawShare = async () => {
          throw new ApiError(reason, undefined, 'API');
        };
        const refused = await command.act(OFFICER, actionData(shown, 'withdraw', { withdrawReason: 'Utredningen är nedlagd' }), 'sv');
        expect(textsOf(refused)[0]).toMatch(said);
        expect(reasonOn(refused)).toMatchObject({ value: 'Utredningen är nedlagd' });
        expect(adaptiveCardText(cardOf(refused))).toContain('Utredning 1900-K000900-26');
        // Pressed again from the card shown, it withdraws the same share with the same reason.
        expect(actionData(refused, 'withdraw', { withdrawReason: 'Utredningen är nedlagd' })).toMatchObject({ shareId: ACTIVE_SHARE.id, withdrawReason: 'Utredningen är nedlagd' });
      }
      // A refresh refused says why and shows the share's card again; a share withdrawn meanwhile is told so.
      const asked = await command.act(OFFICER, actionData(shown, 'refresh'), 'sv');
      api.refreshShare = async () => {
        throw new ApiError('case_closed', undefined, 'API 409');
      };
      const closed = await command.act(OFFICER, actionData(asked, 'refreshConfirm'), 'sv');
      expect(textsOf(closed)).toEqual([t('sv', 'caseShares.caseClosed')]);
      expect(submitActions(cardOf(closed)).map((a) => a.title)).toEqual(['Uppdatera', 'Dra tillbaka']);
      api.refreshShare = async () => {
        throw new ApiError('share_withdrawn', undefined, 'API 409');
      };
      expect(textsOf(await command.act(OFFICER, actionData(asked, 'refreshConfirm'), 'sv'))).toEqual([`Delningen är redan tillbakadragen. Skriv **delningar ${CASE}** för att se hur delningarna står nu.`]);
    });

    it('refreshes nothing when the case changed since the refresh card, and shows the new card saying what changed', async () => {
      const { command, calls, setPreview } = double();
      const asked = await command.act(OFFICER, actionData(await command.showCaseShares(OFFICER, CASE, 'sv'), 'refresh'), 'sv');
      setPreview({ ...PREVIEW, fields: { ...PREVIEW.fields, contactBans: [] } });
      const changed = await command.act(OFFICER, actionData(asked, 'refreshConfirm'), 'sv');
      expect(textsOf(changed)).toEqual([t('sv', 'caseShares.refreshChangedWhat', { changes: t('sv', 'share.kind.contactBans') })]);
      expect(adaptiveCardText(cardOf(changed))).toContain('- Kontaktförbud: inga');
      expect(calls.filter((c) => c.op === 'refreshShare')).toHaveLength(0);
      await command.act(OFFICER, actionData(changed, 'refreshConfirm'), 'en');
      expect(calls.filter((c) => c.op === 'refreshShare')).toHaveLength(1);
    });

    it('tells an officer who may not see the case’s shares so', async () => {
      const { command, api } = double();
      api.caseShares = async () => {
        throw new ApiError('forbidden', undefined, 'API 403');
      };
      expect(textsOf(await command.showCaseShares(OFFICER, CASE, 'sv'))).toEqual(['Ärendets delningar ser Bops-handläggare i ärendets region och specialister.']);
      expect(textsOf(await command.showCaseShares(OFFICER, 'inte-ett-nummer', 'sv'))[0]).toMatch(/Skriv \*\*delningar\*\*/);
    });
  });

  describe('a text the API cannot store (issue 18, finding 5): told by field and character, nothing sent, the form back as filled in', () => {
    const valueOf = (messages: OutgoingMessage[], id: string) => elementsOf(cardOf(messages)).find((e) => e.id === id)?.value;

    it('the share form: the reason, the investigation’s number and a typed recipient, each named', async () => {
      const { command, calls } = double();
      const shown = await command.showShare(OFFICER, CASE, 'sv');
      const inputs = { investigationNumber: '1900-K000900-26', recipients: 'officer-inv-1, officer-inv-2', shareReason: 'Inför\u0000 förhör' };
      const refused = await command.act(OFFICER, confirmData(shown, inputs), 'sv');
      expect(textsOf(refused)).toEqual(['Skälet till delningen innehåller ett tecken som inte kan sparas (U+0000). Ta bort det och skicka igen.']);
      expect(valueOf(refused, 'investigationNumber')).toBe('1900-K000900-26');
      expect(valueOf(refused, 'recipients')).toBe('officer-inv-1, officer-inv-2');
      expect(valueOf(refused, 'shareReason')).toBe('Inför\u0000 förhör');
      const ids = await command.act(OFFICER, confirmData(shown, { ...inputs, investigationNumber: '1900-K0009\u000700-26', recipients: 'officer-inv-1, officer\u0000inv-2', shareReason: 'Inför förhör' }), 'en');
      expect(textsOf(ids)).toEqual([
        'The investigation’s case number contains a character that cannot be saved (U+0007). Remove it and send again.\n\nThe recipients contains a character that cannot be saved (U+0000). Remove it and send again.',
      ]);
      expect(calls.filter((c) => c.op === 'createShare')).toHaveLength(0);
      // The API refusing such a text (a newer rule than the bot's) is told the same way, the form kept.
      const fromApi = double();
      fromApi.api.createShare = async () => {
        throw new ApiError('invalid_text', problemTypeUri('validation'), 'API 400', [{ code: 'too_big', path: ['body', 'reason'] }], [{ path: ['reason'], fault: { kind: 'length', max: 1000, length: 1200 } }]);
      };
      const tooLong = await fromApi.command.act(OFFICER, confirmData(shown, { ...inputs, shareReason: 'Inför förhör' }), 'sv');
      expect(textsOf(tooLong)).toEqual(['Skälet till delningen har 1200 tecken, men högst 1000 får plats. Korta texten och skicka igen.']);
      expect(valueOf(tooLong, 'shareReason')).toBe('Inför förhör');
    });

    it('the reason to withdraw a share', async () => {
      const { command, calls } = double();
      const shown = await command.showCaseShares(OFFICER, CASE, 'sv');
      const withdraw = shareSubmitOf({ ...submitActions(cardOf(shown)).find((a) => a.data['action'] === 'withdraw')!.data, withdrawReason: `Nedlagd${'.'.repeat(1000)}` })!;
      const refused = await command.act(OFFICER, withdraw, 'sv');
      expect(textsOf(refused)).toEqual(['Skälet att dra tillbaka delningen har 1007 tecken, men högst 1000 får plats. Korta texten och skicka igen.']);
      expect(valueOf(refused, 'withdrawReason')).toBe(`Nedlagd${'.'.repeat(1000)}`);
      expect(calls.filter((c) => c.op === 'withdrawShare')).toHaveLength(0);
    });

    it('a blind review’s reason, the grades kept', async () => {
      const { command, calls, summaries } = double();
      summaries.push(OTHERS);
      const blind = await command.act(OFFICER, press(await command.showReview(OFFICER, CASE, 'sv'), 'Fortsätt', { reviewMode: 'blind' }), 'sv');
      const refused = await command.act(OFFICER, press(blind, 'Skicka granskning', { grade_overall: 'hog', grade_seriousViolence: 'lag', grade_acute: 'lag', reviewReason: 'Fler\u0008 faktorer.' }), 'sv');
      expect(textsOf(refused)).toEqual(['Motiveringen innehåller ett tecken som inte kan sparas (U+0008). Ta bort det och skicka igen.']);
      expect(Object.fromEntries(elementsOf(cardOf(refused)).filter((e) => typeof e.id === 'string').map((e) => [e.id, e.value]))).toEqual({ grade_overall: 'hog', grade_seriousViolence: 'lag', grade_acute: 'lag', reviewReason: 'Fler\u0008 faktorer.' });
      expect(calls.filter((c) => c.op === 'createReview')).toHaveLength(0);
    });

    it('an open regrade’s reason, named by its judgement, and the reasons together when they are too long as one', async () => {
      const { command, calls, summaries } = double();
      summaries.push(OTHERS);
      const open = await command.act(OFFICER, press(await command.showReview(OFFICER, CASE, 'sv'), 'Fortsätt', { reviewMode: 'open' }), 'sv');
      const form = await command.act(OFFICER, press(open, 'Gradera om'), 'sv');
      const inputs = { grade_overall: 'hog', reason_overall: 'Eskalerande hot.', grade_acute: 'medel', reason_acute: 'Nytt hot\u0000 i går.' };
      const refused = await command.act(OFFICER, press(form, 'Spara omgradering', inputs), 'sv');
      expect(textsOf(refused)).toEqual(['Motiveringen för Akut risk innehåller ett tecken som inte kan sparas (U+0000). Ta bort det och skicka igen.']);
      expect(Object.fromEntries(elementsOf(cardOf(refused)).filter((e) => typeof e.id === 'string' && e.value !== undefined).map((e) => [e.id, e.value]))).toEqual(inputs);
      const long = 'x'.repeat(600);
      const together = await command.act(OFFICER, press(form, 'Spara omgradering', { ...inputs, reason_overall: long, reason_acute: long }), 'sv');
      expect(textsOf(together)).toEqual([`Motiveringarna tillsammans har ${'Samlad risk: '.length + 600 + 1 + 'Akut risk: '.length + 600} tecken, men högst 1000 får plats. Korta texten och skicka igen.`]);
      expect(calls.filter((c) => c.op === 'createReview')).toHaveLength(0);
    });

    it('the reason of a blind regrade given after seeing the original', async () => {
      const { command, calls, summaries } = double();
      summaries.push(OTHERS);
      const blind = await command.act(OFFICER, press(await command.showReview(OFFICER, CASE, 'sv'), 'Fortsätt', { reviewMode: 'blind' }), 'sv');
      const saved = await command.act(OFFICER, press(blind, 'Skicka granskning', { grade_overall: 'hog', grade_seriousViolence: 'lag', grade_acute: 'lag' }), 'sv');
      const refused = await command.act(OFFICER, press(saved, 'Spara skälen', { reason_overall: 'Fler\u001f riskfaktorer.' }), 'sv');
      expect(textsOf(refused)).toEqual(['Motiveringen för Samlad risk innehåller ett tecken som inte kan sparas (U+001F). Ta bort det och skicka igen.']);
      expect(valueOf(refused, 'reason_overall')).toBe('Fler\u001f riskfaktorer.');
      expect(calls.filter((c) => c.op === 'giveReviewReason')).toHaveLength(0);
      await command.act(OFFICER, press(refused, 'Spara skälen', { reason_overall: 'Fler riskfaktorer.' }), 'sv');
      expect(calls.filter((c) => c.op === 'giveReviewReason').map((c) => c.args[2])).toEqual(['Fler riskfaktorer.']);
    });
  });
});
