// The measure form never picks the decider for the officer: a measure the method lets several
// authorities decide (Åtgärder inom utredningen: Polisen, Åklagare, Domstol) comes with none chosen,
// and a decision saved without one is sent back with what was filled in, nothing saved; a measure
// with one possible decider names it. Fictitious case and officer.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ChangeMeasureRequest } from '../api/caseContract.js';
import { FilePackSource } from '../methodology/filePackSource.js';
import { adaptiveCardText } from '../test/adaptiveCardText.js';
import type { OutgoingMessage } from './cardRenderer.js';
import type { CaseWorkApi, MeasureResponse, PlanResponse } from './caseWorkApi.js';
import { MeasureDecisionCommand } from './measureDecisionCommand.js';
import { MEASURE_DECISION_VERB } from './measureDecisionSubmit.js';

const OFFICER = { id: 'a0000000-0000-4000-8000-00000000d011', name: 'Fiktiv Handläggare' };
const CASE = '5000-K100011-26';

const measure = (id: string, measureId: string): MeasureResponse => ({
  id,
  planId: 'b0000000-0000-4000-8000-000000000011',
  part: 'reducering',
  measureId,
  status: 'proposed',
  responsible: OFFICER.id,
  followUpOn: null,
  decisionRef: null,
  decidedBy: null,
  decidedOn: null,
  declineReason: null,
  expiresOn: null,
  version: 1,
  updatedBy: OFFICER.id,
  updatedAt: '2026-12-01T10:00:00.000Z',
});

function harness() {
  const measures = [measure('c0000000-0000-4000-8000-000000000011', 'utredningsatgarder'), measure('c0000000-0000-4000-8000-000000000012', 'rri')];
  const changes: ChangeMeasureRequest[] = [];
  const api: CaseWorkApi = {
    workList: async () => ({ items: [], nextCursor: null }) as never,
    discardDraft: async () => undefined,
    casePlans: async () => [{ id: measures[0]!.planId, protectedPerson: null, status: 'active', measures } as unknown as PlanResponse],
    changeMeasure: async (_officer, measureId, change) => {
      changes.push(change);
      return { ...measures.find((m) => m.id === measureId)!, status: change.status, version: 2 };
    },
  };
  const command = new MeasureDecisionCommand({ methodology: new FilePackSource(), caseWork: api, caseNumberPattern: /^\d{4}-K\d{6}-\d{2}$/, log: pino({ level: 'silent' }), today: () => '2026-12-05' });
  const open = (m: MeasureResponse) => command.act(OFFICER, { verb: MEASURE_DECISION_VERB, action: 'open', caseNumber: CASE, measureId: m.id, version: 1 }, 'sv');
  const save = (m: MeasureResponse, inputs: Record<string, string>) => command.act(OFFICER, { verb: MEASURE_DECISION_VERB, action: 'save', caseNumber: CASE, measureId: m.id, version: 1, ...inputs }, 'sv');
  return { measures, changes, open, save };
}

const texts = (messages: OutgoingMessage[]) => messages.map((m) => (m.kind === 'card' ? adaptiveCardText(m.card) : m.kind === 'text' ? m.text : '')).join('\n');

describe('the measure form', () => {
  it('chooses no decider of several, and sends a decision without one back with what was filled in', async () => {
    const { measures, changes, open, save } = harness();
    const [several, single] = measures as [MeasureResponse, MeasureResponse];
    expect(texts(await open(several))).toContain('<decidedBy: Polisen | Åklagare | Domstol label "Beslutad av" placeholder "Välj vem som beslutade">');
    expect(texts(await open(single))).toMatch(/<decidedBy: [^>|]+ label "Beslutad av" = [^>]+>/);

    const filled = { measureStatus: 'decided', decidedOn: '2026-12-04', decisionRef: 'ÅM-2026-0011', followUpOn: '2026-12-18' };
    const back = texts(await save(several, filled));
    expect(back).toContain('Det saknas uppgifter: Beslutad av.');
    expect(back).toContain('= "ÅM-2026-0011"');
    expect(changes).toEqual([]);

    await save(several, { ...filled, decidedBy: 'aklagare' });
    expect(changes).toEqual([expect.objectContaining({ status: 'decided', decidedBy: 'aklagare', decidedOn: '2026-12-04' })]);
  });
});

describe('the measure form with a text the API cannot store (issue 18, finding 5)', () => {
  it('names the field and the character, saves nothing, and sends the form back with everything filled in', async () => {
    const { measures, changes, save } = harness();
    const single = measures[1]!;
    const filled = { measureStatus: 'declined', decidedOn: '2026-12-04', declineReason: 'Målsäganden\u0000 vill inte.', decisionRef: 'ÅM-2026-0012', followUpOn: '2026-12-18' };
    const back = await save(single, filled);
    expect(back[0]).toEqual({ kind: 'text', text: 'Skälet till att åtgärden avböjs innehåller ett tecken som inte kan sparas (U+0000). Ta bort det och skicka igen.' });
    const form = texts(back.slice(1));
    expect(form).toContain('label "Nytt läge" = avböjd>');
    expect(form).toContain('= "2026-12-04"');
    expect(form).toContain('= "ÅM-2026-0012"');
    expect(form).toContain('= "2026-12-18"');
    expect(JSON.stringify(back[1])).toContain('Målsäganden\\u0000 vill inte.');
    expect(changes).toEqual([]);

    // Both texts at fault: each said, in one message.
    const both = await save(single, { ...filled, measureStatus: 'decided', declineReason: '', decisionRef: `ÅM-${'1'.repeat(90)}` });
    expect(both[0]).toEqual({ kind: 'text', text: 'Beslutets referens har 93 tecken, men högst 80 får plats. Korta texten och skicka igen.' });
    expect(changes).toEqual([]);

    await save(single, { ...filled, declineReason: 'Målsäganden vill inte.' });
    expect(changes).toEqual([expect.objectContaining({ status: 'declined', declineReason: 'Målsäganden vill inte.' })]);
  });
});
