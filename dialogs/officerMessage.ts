// One message of an officer as the bot layer hands it to the conversation
// router: who sent it, what they typed or pressed, and where. Plain data, so
// the router and its routes know nothing of teams-ai.
import type { OfficerRef } from './assessmentApi.js';

export interface OfficerMessage {
  officer: OfficerRef;
  /** Typed text, undefined for a card submit without text. */
  text: string | undefined;
  /** Adaptive Card Action.Submit data, if any. */
  value: unknown;
  /** A fingerprint of the conversation, never its id (bot/conversationRef.ts): names it in logs and in the officer's notes of dialogs in progress. */
  conversationRef: string;
  /** The stored conversation state could not be read (bot/unreadableState.ts) and the bot layer discarded it. */
  conversationStateDiscarded?: boolean;
  /**
   * 'shared': a team or group chat, where others read along — only method look-ups and help are
   * served there; assessments, drafts and plans stay in the officer's personal chat with the bot.
   */
  conversation?: 'personal' | 'shared';
}
