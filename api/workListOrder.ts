// The order of the work list, the prioritisation made visible (RiR 2024:1: the
// police do not follow up what prioritisation leads to): the earliest due date
// first, work without a date after all dated work; on the same day the case
// whose latest judgement is highest first; then by case number and kind, so the
// order is stable from page to page.
import type { WorkItem } from './workItem.js';

/** Judgement codes of the packs' risk scale, highest first; any other code ranks below them. */
const JUDGEMENT_RANK: Readonly<Record<string, number>> = { hog: 3, medel: 2, lag: 1 };

const rankOf = (judgement: string | null) => (judgement === null ? 0 : (JUDGEMENT_RANK[judgement] ?? 0));

export function compareWorkItems(a: WorkItem, b: WorkItem): number {
  if (a.dueOn !== b.dueOn) {
    if (a.dueOn === null) return 1;
    if (b.dueOn === null) return -1;
    return a.dueOn < b.dueOn ? -1 : 1;
  }
  const byJudgement = rankOf(b.latestJudgement) - rankOf(a.latestJudgement);
  if (byJudgement !== 0) return byJudgement;
  if (a.caseNumber !== b.caseNumber) return a.caseNumber < b.caseNumber ? -1 : 1;
  return identityOf(a) < identityOf(b) ? -1 : identityOf(a) > identityOf(b) ? 1 : 0;
}

function identityOf(item: WorkItem): string {
  switch (item.kind) {
    case 'referral':
      return `${item.kind}:${item.referralId}`;
    case 'draft':
      return `${item.kind}:${item.assessmentId}`;
    case 'reassessment':
      return `${item.kind}:${item.planId}`;
    case 'measure_follow_up':
      return `${item.kind}:${item.planId}:${item.dueOn}`;
    case 'review':
      return `${item.kind}:${item.reviewId}`;
    default: {
      const never: never = item;
      return never;
    }
  }
}
