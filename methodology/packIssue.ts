// Problems found in a pack, as data a caller can branch on (code) and a
// method owner can read (message), after zod's own issue model.

export type PackIssueCode =
  | 'invalid_shape'
  | 'duplicate_id'
  | 'unknown_answer_set'
  | 'unknown_item_reference'
  | 'forward_reference'
  | 'answer_not_in_options'
  | 'condition_on_text_item';

export interface PackIssue {
  code: PackIssueCode;
  /** Where in the pack, e.g. ['instruments', 0, 'sections', 1, 'items', 2, 'enableWhen', 0]. */
  path: (string | number)[];
  message: string;
}

export class PackValidationError extends Error {
  constructor(
    readonly source: string,
    readonly issues: PackIssue[],
  ) {
    super(`Methodology pack ${source} is invalid:\n${issues.map((i) => `  [${i.code}] ${i.path.join('.')}: ${i.message}`).join('\n')}`);
    this.name = 'PackValidationError';
  }
}
