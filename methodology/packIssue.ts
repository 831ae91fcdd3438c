// Problems found in a pack, as data a caller can branch on (code) and a
// method owner can read (message), after zod's own issue model.

export const PACK_ISSUE_CODES = [
  'invalid_shape',
  'missing_sv_text',
  'unreadable_file',
  'folder_mismatch',
  'duplicate_id',
  'unknown_answer_set',
  'unknown_item_reference',
  'forward_reference',
  'enable_when_cycle',
  'answer_not_in_options',
  'invalid_period',
  'condition_on_text_item',
  'unknown_section',
  'unknown_instrument',
  'unknown_measure',
  'unknown_guideline',
  'invalid_factor_reference',
  'invalid_rationale_target',
  'rationale_when_mismatch',
  'judgement_without_rationale',
  'missing_reassessment_interval',
  'reserved_code',
  'invalid_supersedes',
  'published_pack_changed',
  // Issue 15: sharing.yaml names something that may never be shared (sensitive, free text, not a judgement).
  'not_shareable',
] as const;
export type PackIssueCode = (typeof PACK_ISSUE_CODES)[number];

export interface PackIssue {
  code: PackIssueCode;
  /** Where in the pack, e.g. ['instruments', 0, 'sections', 1, 'items', 2, 'enableWhen', 0]. */
  path: (string | number)[];
  message: string;
}

export const formatPackIssue = (i: PackIssue): string => `[${i.code}] ${i.path.join('.') || '(pack)'}: ${i.message}`;

export class PackValidationError extends Error {
  constructor(
    readonly source: string,
    readonly issues: PackIssue[],
  ) {
    super(`Methodology pack ${source} is invalid:\n${issues.map((i) => `  ${formatPackIssue(i)}`).join('\n')}`);
    this.name = 'PackValidationError';
  }
}
