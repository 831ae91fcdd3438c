// The HTTP contract of a stored Teams conversation reference (issue 12, item
// 4): what the bot needs to speak first in an officer's personal chat — the
// channel, the Bot Connector's service URL, the conversation, the bot and the
// officer's channel account — ids only. Names the client sends are dropped
// here (zod strips unknown keys), so no display name is ever stored. The
// service URL is also checked against the bot's allow-list where the bot
// sends (bot/proactiveSender.ts); here it must at least be an http(s) URL.
import { z } from 'zod';
import { foreignIdText } from './freeText.js';

/** The languages the bot writes in (dialogs/messageCatalogue.ts LOCALES): the officer's choice, for what is sent unasked. */
export const REFERENCE_LOCALES = ['sv', 'en'] as const;
export type ReferenceLocale = (typeof REFERENCE_LOCALES)[number];

// Ids and the URL are stored in a jsonb column: a NUL or a lone surrogate there is a 500, not a 400.
const id = (max: number) => foreignIdText(1, max);

export const conversationReferenceSchema = z.object({
  channelId: id(64),
  serviceUrl: foreignIdText(0, 512)
    .refine((value) => URL.canParse(value) && ['https:', 'http:'].includes(new URL(value).protocol), { message: 'an http(s) URL' }),
  conversation: z.object({
    id: id(512),
    conversationType: foreignIdText(0, 32).optional(),
    tenantId: foreignIdText(0, 128).optional(),
  }),
  bot: z.object({ id: id(256) }),
  user: z.object({ id: id(256), aadObjectId: foreignIdText(0, 64).optional() }),
});
export type ConversationReferenceData = z.output<typeof conversationReferenceSchema>;

export const saveConversationReferenceRequestSchema = z.strictObject({
  reference: conversationReferenceSchema,
  locale: z.enum(REFERENCE_LOCALES).default('sv'),
});
export type SaveConversationReferenceRequest = z.input<typeof saveConversationReferenceRequestSchema>;

export const saveConversationReferenceResponseSchema = z.object({
  /** 'unchanged': the same reference was stored already, nothing written. */
  outcome: z.enum(['saved', 'unchanged']),
});
