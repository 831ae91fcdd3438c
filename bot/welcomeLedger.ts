// Issue 17, item 2: the welcome card goes out once per installation. Whether an installation was
// greeted cannot live in conversation state, which expires (CONVERSATION_TTL_SECONDS) and is
// per instance in memory mode; the ledger keeps it until the bot is removed from the
// conversation, so a restart, a state expiry, a redelivery or a second instance never greets
// again, and a reinstall after a removal does.

export interface WelcomeLedger {
  /** True for the first claim of the installation in this conversation, false for every later one. */
  claim(conversationKey: string): Promise<boolean>;
  /** The bot was removed (or the turn that claimed failed): the next claim is granted again. */
  forget(conversationKey: string): Promise<void>;
}
