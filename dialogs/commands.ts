// The words an officer can type anywhere, in both languages, and the verbs
// carried by card buttons. One place for each so the help text, the
// recogniser and the cards cannot disagree.

export const COMMANDS = {
  newAssessment: ['ny bedömning', 'ny bedomning', 'new assessment'],
  help: ['hjälp', 'hjalp', 'help', '?'],
  back: ['tillbaka', 'back'],
  cancel: ['avbryt', 'cancel'],
  swedish: ['svenska', 'swedish'],
  english: ['english', 'engelska'],
} as const;

export type Command = keyof typeof COMMANDS;

/** Verbs in Action.Submit data; the card data schema in assessmentRunner accepts exactly these. */
export const CARD_VERBS = {
  answer: 'answer',
  rationale: 'rationale',
  back: 'back',
  cancel: 'cancel',
} as const;

const fold = (s: string) => s.normalize('NFC').toLowerCase().replace(/[\s.!]+$/g, '').replace(/\s+/g, ' ').trim();

/** The command a whole message is, or undefined; a command inside a longer sentence is not one. */
export function recogniseCommand(text: string): Command | undefined {
  const typed = fold(text);
  for (const [command, words] of Object.entries(COMMANDS) as [Command, readonly string[]][]) {
    if (words.includes(typed)) return command;
  }
  return undefined;
}
