// The escalation of a case to in-depth assessment as a specialist sees it
// (issue 12, item 6), read through the API and worded by the structured
// assessment's own pack version: shown on taking the escalation and when its
// in-depth assessment begins or is resumed, so all three show the same card.
import type { PurposeName } from '../api/purposes.js';
import type { MethodologySource } from '../methodology/methodologySource.js';
import type { AssessmentApi, OfficerRef } from './assessmentApi.js';
import { handoverView, type HandoverView } from './handoverView.js';

export interface EscalationHandoverDeps {
  methodology: MethodologySource;
  api?: Pick<AssessmentApi, 'escalationView'>;
}

/**
 * The handover of the case's escalation, or undefined: none, not the officer's to read, or the API
 * unreachable — what shows it goes on without it (the card is a courtesy, never a gate). `purpose`: what it
 * is read for, when not for taking the case (the in-depth assessment it opens: 'assessment').
 */
export async function escalationHandover(deps: EscalationHandoverDeps, officer: OfficerRef, caseNumber: string, purpose?: PurposeName): Promise<HandoverView | undefined> {
  const escalation = await deps.api?.escalationView?.(officer, caseNumber, purpose).catch(() => undefined);
  if (!escalation) return undefined;
  const { pack } = escalation.structured;
  return handoverView(deps.methodology.get(pack.id, pack.version)?.pack, escalation);
}
