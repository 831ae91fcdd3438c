// Wraps rendered messages into botbuilder activities; the only place the
// dialogs learn how a card travels (an attachment of the Adaptive Card type).
import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import type { OutgoingMessage } from './cardRenderer.js';

export function toActivity(message: OutgoingMessage): Partial<Activity> {
  switch (message.kind) {
    case 'text':
      return { ...MessageFactory.text(message.text), textFormat: 'markdown' };
    case 'card':
      return MessageFactory.attachment(CardFactory.adaptiveCard(message.card));
    default: {
      const never: never = message;
      return never;
    }
  }
}
