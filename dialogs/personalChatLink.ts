// Where a team or group chat sends the officer for an assessment: a Teams deep
// link that opens the personal chat with this bot (Microsoft's documented form
// for a chat with a bot, `users=28:<bot app id>`). Built from the id Teams
// gives the bot as the message's recipient, and only from a well-formed one,
// so nothing a sender controls ends up in the link.

const BOT_ID = /^28:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The link to a personal chat with the bot, or undefined when the recipient is not a Teams bot id (a test client, the Playground). */
export function personalChatLink(recipientId: string | undefined): string | undefined {
  if (!recipientId || !BOT_ID.test(recipientId)) return undefined;
  return `https://teams.microsoft.com/l/chat/0/0?users=${recipientId}`;
}
