import { describe, expect, it } from 'vitest';
import type { EscalationViewResponse } from '../api/referralContract.js';
import { FilePackSource } from '../methodology/filePackSource.js';
import { adaptiveCardText } from '../test/adaptiveCardText.js';
import { handoverCard } from './handoverCard.js';
import { handoverView } from './handoverView.js';

const pack = new FilePackSource().get('bops-exempel', '1.1.1')!.pack;
const escalation: EscalationViewResponse = {
  id: '00000000-0000-4000-8000-000000000001',
  caseNumber: '1800-K000099-26',
  escalatedAt: '2026-11-02T09:00:00.000Z',
  judgement: 'hog',
  note: 'Fiktiv anteckning.',
  takenByYou: true,
  structured: {
    assessmentId: '00000000-0000-4000-8000-000000000002',
    instrumentId: 'sarasv',
    pack: { id: 'bops-exempel', version: '1.1.1' },
    // 23:30 UTC is the next day in Stockholm.
    completedAt: '2026-10-31T23:30:00.000Z',
    judgements: { overall: 'hog', acute: 'lag' },
    factors: [{ itemId: 'sara01', relevance: 'hog' }, { itemId: 'sara03', relevance: null }],
    measures: [{ part: 'reducering', measureId: 'kontaktforbud', status: 'decided' }],
  },
};

describe('the handover card of an escalation', () => {
  it('words the structured result by its pack version, in English too, with the Swedish date it was completed', () => {
    const text = adaptiveCardText(handoverCard(handoverView(pack, escalation), 'en'));
    for (const line of ['Handover for the in-depth assessment: case 1800-K000099-26', 'SARA:SV, completed 2026-11-01', 'Overall risk', 'High', 'Acute risk', 'Low', 'Violent acts – High relevance', 'Escalation', 'Contact ban', 'Fiktiv anteckning.']) {
      expect(text).toContain(line);
    }
    // A judgement the officer did not give is not shown as empty.
    expect(text).not.toContain('Risk of serious violence');
  });

  it('shows the codes when the pack version is not loaded, and says when nothing was judged present or planned', () => {
    const bare = { ...escalation, note: null, structured: { ...escalation.structured, factors: [], measures: [] } };
    const text = adaptiveCardText(handoverCard(handoverView(undefined, bare), 'sv'));
    expect(text).toContain('sarasv, slutförd 2026-11-01');
    expect(text).toContain('Inga faktorer bedömdes förekomma.');
    expect(text).toContain('Ingen skyddsplan med åtgärder.');
    expect(text).not.toContain('Överlämningsanteckning');
  });
});
