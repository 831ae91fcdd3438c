// What an officer has answered, as the engine and the condition evaluator both
// read it: its own module so the two need not import each other.

/** An option code or free text (string), or several codes (presence ratings, measures). */
export type AnswerValue = string | string[];

export interface GivenAnswer {
  value: AnswerValue;
  rationale?: string | null;
}

/** The answers so far, by item id. */
export type Answers = Readonly<Record<string, GivenAnswer>>;
