import { describe, expect, it } from 'vitest';
import { FilePackSource } from '../methodology/filePackSource.js';
import { adaptiveCardText } from '../test/adaptiveCardText.js';
import type { PlanResponse } from './caseWorkApi.js';
import { measuresCard } from './measureDecisionCard.js';

const VIEWER = 'a0000000-0000-4000-8000-00000000d001';
const COLLEAGUE = 'a0000000-0000-4000-8000-00000000d002';

const measure = (id: string, decidedBy: string) => ({
  id,
  planId: 'b0000000-0000-4000-8000-000000000001',
  part: 'skydd' as const,
  measureId: 'kontaktforbud',
  status: 'decided' as const,
  responsible: VIEWER,
  followUpOn: null,
  decisionRef: 'AM-1',
  decidedBy,
  decidedOn: '2026-12-01',
  declineReason: null,
  expiresOn: null,
  version: 1,
  updatedBy: VIEWER,
  updatedAt: '2026-12-01T10:00:00.000Z',
});

describe('the measures card', () => {
  it('names an authority that decided, and an officer only as "dig" or "en annan handläggare", never by id', () => {
    const { pack } = new FilePackSource().active('bops-exempel');
    const plan = {
      id: 'b0000000-0000-4000-8000-000000000001',
      protectedPerson: null,
      status: 'active',
      measures: [measure('c0000000-0000-4000-8000-000000000001', 'aklagare'), measure('c0000000-0000-4000-8000-000000000002', VIEWER), measure('c0000000-0000-4000-8000-000000000003', COLLEAGUE)],
    } as unknown as PlanResponse;
    const text = adaptiveCardText(measuresCard('5000-K100001-26', [plan], pack, VIEWER, 'sv'));
    expect(text).toContain('beslutad 2026-12-01 av Åklagare');
    expect(text).toContain('beslutad 2026-12-01 av dig');
    expect(text).toContain('beslutad 2026-12-01 av en annan handläggare');
    expect(text).not.toContain(VIEWER);
    expect(text).not.toContain(COLLEAGUE);
    expect(adaptiveCardText(measuresCard('5000-K100001-26', [plan], pack, VIEWER, 'en'))).toContain('decided 2026-12-01 by another officer');
  });

  it('heads each active plan by whom it protects, with the number the API gave them', () => {
    const { pack } = new FilePackSource().active('bops-exempel');
    const plan = (n: number, protectedPerson: PlanResponse['protectedPerson']) =>
      ({ id: `b0000000-0000-4000-8000-00000000000${n}`, protectedPerson, status: 'active', measures: [] }) as unknown as PlanResponse;
    const plans = [plan(1, { role: 'malsagande', protectedIdentity: true, number: 2 }), plan(2, { role: 'malsagande', protectedIdentity: false, number: null }), plan(3, null)];
    const headings = adaptiveCardText(measuresCard('5000-K100001-26', plans, pack, VIEWER, 'sv')).split('\n').filter((l) => l.startsWith('Planen'));
    expect(headings).toEqual(['Planen skyddar: målsägande 2 (skyddad identitet)', 'Planen skyddar: målsägande', 'Planen anger ingen skyddad person.']);
  });
});
