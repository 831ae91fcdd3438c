// The chat side of issue 15: "dela <diarienummer>" shows exactly what a share
// sends and shares only on confirm with the card's fields unchanged; "delade
// uppgifter" lists what was shared with the investigator; "granska" grades
// blind and shows the original only after. Against a test double of the
// sharing API; the API itself is proven in test/sharing.test.ts and
// test/reviews.test.ts. Officers and cases are fictitious.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { AssessmentSummaryResponse } from '../api/assessmentContract.js';
import { problemTypeUri } from '../api/problem.js';
import { FilePackSource } from '../methodology/filePackSource.js';
import { adaptiveCardText, submitActions } from '../test/adaptiveCardText.js';
import { ApiError, type OfficerRef } from './assessmentApi.js';
import type { OutgoingMessage } from './cardRenderer.js';
import { recogniseCommand, recogniseReview, recogniseShare } from './commands.js';
import { ShareCommand } from './shareCommand.js';
import { shareSubmitOf, type ShareSubmit } from './shareSubmit.js';
import type { ReceivedShare, SharePreview, SharingApi } from './sharingApi.js';

const methodology = new FilePackSource();
const OFFICER: OfficerRef = { id: 'officer-chat-1' };
const CASE = '1900-K000001-26';
const PREVIEW: SharePreview = {
  pack: { id: 'bops-exempel', version: '1.1.0' },
  fields: {
    latestJudgements: { instrumentId: 'sarasv', completedOn: '2026-11-30', judgements: { overall: 'hog', acute: 'lag' } },
    activeMeasures: [{ measureId: 'larmpaket', part: 'skydd', status: 'decided' }],
    contactBans: [{ measureId: 'kontaktforbud', status: 'decided', expiresOn: '2027-06-30' }],
    threatActorRoles: ['misstankt'],
  },
};

function double(preview: SharePreview = PREVIEW) {
  const calls: { op: string; args: unknown[] }[] = [];
  let current = preview;
  const api: SharingApi = {
    sharePreview: async (...args) => (calls.push({ op: 'sharePreview', args }), current),
    createShare: async (officer, caseNumber, request) => {
      calls.push({ op: 'createShare', args: [officer, caseNumber, request] });
      return { id: '00000000-0000-4000-8000-000000000001', caseNumber, investigationNumber: String(request.investigationNumber), recipients: request.recipients, reason: request.reason, sharedBy: officer.id, sharedAt: '2026-12-04T10:00:00.000Z', withdrawn: null, snapshots: [] as never };
    },
    receivedShares: async () => [] as ReceivedShare[],
    reviewBasis: async () => ({ assessmentId: '00000000-0000-4000-8000-0000000000a1', instrumentId: 'sarasv', pack: PREVIEW.pack, judgementKeys: ['overall', 'seriousViolence', 'acute'], answers: [] }),
    createReview: async (_o, assessmentId, request) => {
      calls.push({ op: 'createReview', args: [assessmentId, request] });
      const judgements = request.verdict === 'agree' ? {} : (request.judgements as Record<string, string>);
      return { id: '00000000-0000-4000-8000-0000000000b1', assessmentId, reviewerId: OFFICER.id, blind: true, verdict: 'regrade', judgements, original: { overall: 'medel', seriousViolence: 'lag', acute: 'lag' }, regraded: ['overall'], reason: null, createdAt: '2026-12-04T10:00:00.000Z' };
    },
  };
  const summaries: AssessmentSummaryResponse[] = [];
  const command = new ShareCommand({ methodology, api: { listForCase: async () => summaries }, sharing: api, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, log: pino({ level: 'silent' }) });
  return { api, calls, command, summaries, setPreview: (p: SharePreview) => (current = p) };
}

const cardOf = (messages: OutgoingMessage[]) => {
  const card = messages.find((m) => m.kind === 'card');
  if (!card || card.kind !== 'card') throw new Error('no card');
  return card.card;
};
const textsOf = (messages: OutgoingMessage[]) => messages.flatMap((m) => (m.kind === 'text' ? [m.text] : []));
const confirmData = (messages: OutgoingMessage[], inputs: Record<string, string>): ShareSubmit =>
  shareSubmitOf({ ...submitActions(cardOf(messages)).find((a) => a.data['action'] === 'confirm')!.data, ...inputs })!;

describe('sharing in chat', () => {
  it('recognises the commands in both languages', () => {
    expect(recogniseShare(`dela ${CASE}`)).toBe(CASE);
    expect(recogniseShare('share')).toBe('');
    expect(recogniseShare('delad information om kontaktförbud')).toBeUndefined();
    expect(recogniseReview(`granska ${CASE}`)).toBe(CASE);
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
    expect(textsOf(changed)[0]).toMatch(/ändrats sedan kortet visades/);
    expect(adaptiveCardText(cardOf(changed))).toContain('misstänkt, hotaktör');
    expect(calls.filter((c) => c.op === 'createShare')).toHaveLength(0);

    const done = await command.act(OFFICER, confirmData(changed, { investigationNumber: '1900-K000900-26', recipients: 'officer-inv-1, officer-inv-2', shareReason: 'Inför förhör' }), 'sv');
    expect(textsOf(done)).toEqual(['Delat med utredning 1900-K000900-26: 2 mottagare. Delningen är loggad; du kan dra tillbaka den.']);
    expect(calls.filter((c) => c.op === 'createShare').map((c) => c.args.slice(1))).toEqual([[CASE, { investigationNumber: '1900-K000900-26', recipients: ['officer-inv-1', 'officer-inv-2'], reason: 'Inför förhör' }]]);
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

  it('grades blind without showing the original, and shows it beside the grades once saved', async () => {
    const { command, calls, summaries, api } = double();
    const base = { caseNumber: CASE, region: 'syd', level: 'structured', instrumentId: 'sarasv', pack: { ...PREVIEW.pack, hash: 'a'.repeat(64) }, createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', discardedAt: null, discardReason: null, reassessmentOf: null } as const;
    expect(textsOf(await command.showReview(OFFICER, CASE, 'sv'))[0]).toMatch(/ingen slutförd/);
    summaries.push(
      { ...base, id: '00000000-0000-4000-8000-0000000000a1', status: 'completed', officerId: 'officer-other', completedAt: '2026-11-20T00:00:00.000Z' },
      { ...base, id: '00000000-0000-4000-8000-0000000000a2', status: 'completed', officerId: OFFICER.id, completedAt: '2026-11-25T00:00:00.000Z' },
    );
    const card = cardOf(await command.showReview(OFFICER, CASE, 'sv'));
    const text = adaptiveCardText(card);
    expect(text).toContain('Blind granskning');
    // Nothing of the original is on the card: three grades to choose, none chosen.
    const choices = (card as unknown as { body: { type: string; value?: unknown }[] }).body.filter((e) => e.type === 'Input.ChoiceSet');
    expect(choices).toHaveLength(3);
    expect(choices.every((c) => c.value === undefined)).toBe(true);
    const submit = shareSubmitOf({ ...submitActions(card)[0]!.data, grade_overall: 'hog', grade_seriousViolence: 'lag', grade_acute: 'lag' })!;
    expect(submit).toMatchObject({ action: 'submit', assessmentId: '00000000-0000-4000-8000-0000000000a1' });
    const saved = textsOf(await command.act(OFFICER, submit, 'sv'));
    expect(calls.filter((c) => c.op === 'createReview').map((c) => c.args)).toEqual([['00000000-0000-4000-8000-0000000000a1', { verdict: 'blind', judgements: { overall: 'hog', seriousViolence: 'lag', acute: 'lag' } }]]);
    expect(saved[1]).toContain('Samlad risk: din hog · ursprunglig medel');
    api.createReview = async () => {
      throw new ApiError('rejected', problemTypeUri('review-refused'), 'API 409');
    };
    expect(textsOf(await command.act(OFFICER, submit, 'sv'))).toEqual(['Du har redan sett den ursprungliga bedömningen, så en blind granskning går inte. Inget sparades.']);
  });
});
