// A team or group chat, where others read along: only method look-ups, help
// and small talk are answered there; a case command, an assessment or a card
// press is refused in one line with a link to the officer's personal chat with
// the bot, where a case is worked on.
import { recogniseCommand } from './commands.js';
import { isCaseCommand } from './caseCommandRoutes.js';
import { personalChatLink } from './personalChatLink.js';
import type { RoutedTurn } from './routedTurn.js';
import type { RouterCommands } from './routerCommands.js';

export async function answerSharedChat(turn: RoutedTurn, commands: RouterCommands, caseNumberPattern: RegExp): Promise<void> {
  const { text } = turn;
  const command = text ? recogniseCommand(text) : undefined;
  if (command === 'help') await turn.say('shared.help');
  else if (command === 'greeting' || command === 'thanks') await turn.say(command === 'greeting' ? 'shared.greeting' : 'thanks');
  else if (text && command === undefined && !isCaseCommand(text, caseNumberPattern)) await turn.send(commands.lookup.answer(text, turn.locale));
  else {
    // One line and a way out: the link opens the personal chat with this bot where Teams gives its id.
    const link = personalChatLink(turn.context.activity.recipient?.id);
    await (link ? turn.say('shared.personalOnly', { link }) : turn.say('shared.personalOnly.noLink'));
  }
}
