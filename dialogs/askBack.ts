// Asking back typed input that fits more than one option (issue 13, item 2:
// "ambiguous input is asked back with the candidates, never guessed"): a short
// question, "Menar du Kontaktförbud eller Kontaktförbud avseende gemensam
// bostad?", with a button per candidate. Each button sends the officer's whole
// message again with the ambiguous part made exact (the candidate's number), so
// whatever else the message held — the other measures of a list, the other
// answers of a compact card, a case number beside an instrument — is kept and
// read as before. The state does not change while the question is open: typing
// the answer instead works as it always did.
import type { AnswerOption, LocalizedText } from '../methodology/packSchema.js';
import type { RunnerState } from './runnerState.js';

export interface AskBackView {
  /**
   * Where it was asked (askedAt): a button pressed once the officer has moved on is refused as stale,
   * never read as an answer to another question.
   */
  at: string;
  /** Each candidate's label, and the message as it reads with that candidate made exact. */
  candidates: { label: LocalizedText; text: string }[];
}
export type AskBackReply = { type: 'askBack'; view: AskBackView };

/**
 * The question for `candidates` among `options` (the numbering the officer's message is read
 * with): `retyped` gives the whole message with the ambiguous part replaced by the given text.
 */
export function askBack(options: readonly AnswerOption[], candidates: readonly AnswerOption[], retyped: (exact: string) => string, at: string): AskBackReply {
  return { type: 'askBack', view: { at, candidates: candidates.map((c) => ({ label: c.text, text: retyped(String(options.indexOf(c) + 1)) })) } };
}

/** "A eller B", "A, B eller C": the candidates as the question names them. */
export function candidateNames(labels: readonly string[], or: string): string {
  return labels.length < 2 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} ${or} ${labels.at(-1)}`;
}

/** Where the runner is, as an asked-back button names it: the question (a compact card's: its first), or the phase. */
export const askedAt = (state: RunnerState): string => state.current ?? state.phase;
