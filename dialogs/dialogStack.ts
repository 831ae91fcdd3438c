// The dialog stack of a conversation, kept directly in its conversation scope:
// teams-ai's TurnStateProperty ignores the context DialogSet passes (DESIGN.md),
// so the router reads the stack itself, validated on the way in, and a stack
// that cannot be used starts empty instead of failing every turn.
import type { TurnContext } from 'botbuilder';
import { DialogContext, type DialogSet, type DialogState } from 'botbuilder-dialogs';
import { z } from 'zod';

const DIALOG_STATE_PROPERTY = 'dialogState';

const dialogStateSchema = z.object({ dialogStack: z.array(z.object({ id: z.string(), state: z.unknown() }).loose()) }).loose();

/**
 * The dialog context over the conversation's stack. `stored`: the conversation had a stack (one the router
 * handled before always has); `readable` is false when a stack was stored but fails its schema or names a
 * dialog `dialogs` does not have (botbuilder would throw on every turn), in which case it starts empty.
 */
export function dialogStackOf(dialogs: DialogSet, context: TurnContext, conversation: Record<string, unknown>): { dc: DialogContext; stored: boolean; readable: boolean } {
  const stored = DIALOG_STATE_PROPERTY in conversation;
  const parsed = dialogStateSchema.safeParse(conversation[DIALOG_STATE_PROPERTY]);
  const valid = parsed.success && parsed.data.dialogStack.every((entry) => dialogs.find(entry.id) !== undefined);
  const state: DialogState = valid ? (parsed.data as DialogState) : { dialogStack: [] };
  conversation[DIALOG_STATE_PROPERTY] = state;
  return { dc: new DialogContext(dialogs, context, state), stored, readable: valid || !stored };
}
