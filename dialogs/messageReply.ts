// A reply that is one sentence of the message catalogue: named by its key, with
// its parameters, and worded only when it is rendered in the officer's language
// (cardRenderer.ts). Pack texts travel as parameters in both languages.
import type { LocalizedText } from '../methodology/packSchema.js';
import type { MessageKey } from './messageCatalogue.js';

export type MessageParam = string | number | LocalizedText;

export type MessageReply = { type: 'message'; key: MessageKey; params?: Record<string, MessageParam> };

export const message = (key: MessageKey, params?: Record<string, MessageParam>): MessageReply => (params ? { type: 'message', key, params } : { type: 'message', key });
