// What the API needs to speak first in an officer's Teams chat (issue 12),
// without knowing Teams: a message as data, sent or updated in the chat of a
// stored conversation reference. bot/proactiveSender.ts implements it over the
// Bot Framework adapter and renders the cards (dialogs/proactiveCard.ts); the
// API decides who gets what and audits it (api/referralNotifier.ts).
import type { LocalizedText } from '../methodology/packSchema.js';
import type { StoredConversationReference } from './conversationReferenceRepository.js';
import type { ReminderKind, ReminderSubject } from './reminderDelivery.js';
import type { PlanPerson } from './workItem.js';

/** What a proactive message says, as data: the renderer words it in the officer's language. */
export type ProactiveMessage =
  | {
      kind: 'referral';
      /** 'bops': an initial assessment's referral to Bops; 'in_depth': an escalation to the region's specialists. */
      handover: 'bops' | 'in_depth';
      referralId: string;
      caseNumber: string;
      /** When the case was referred (ISO 8601). */
      referredAt: string;
      /** Short labels of the red flags answered yes; empty when none, or when the officer may not read the assessment. */
      redFlags: LocalizedText[];
      /** An escalation's structured overall judgement code (e.g. 'hog'); null otherwise, or when the officer may not read it. */
      judgement: string | null;
      /** The recipient made the referral themself (an intake officer who is also a Bops officer of the region). */
      ownReferral: boolean;
    }
  | { kind: 'referral_taken'; caseNumber: string }
  /** Issue 12, item 6: to the officer who escalated the case, that a specialist took it — never which one. */
  | { kind: 'escalation_taken'; caseNumber: string }
  | {
      /** Issue 12, item 6: to the officer who escalated the case, that its in-depth assessment is completed. */
      kind: 'escalation_concluded';
      caseNumber: string;
      /** The in-depth assessment's overall judgement code (e.g. 'medel'); null when none, or when the officer may not read the assessment. */
      judgement: string | null;
    }
  | {
      /** A due reminder (api/proactiveReminderDelivery.ts): ids, a case number and a date — no name, no free text. */
      kind: 'reminder';
      reminder: ReminderKind;
      about: ReminderSubject;
      caseNumber: string;
      /** YYYY-MM-DD (Swedish calendar); for an overdue notice, the date that was missed. */
      dueOn: string;
      /**
       * For a measure's follow-up, the titles from the pack of every measure of the plan due to the
       * recipient that day (one card for them all; null for a title no longer known); empty otherwise.
       */
      measures: (LocalizedText | null)[];
      /** For a referral its taker has not begun to assess: which, and the assessment it hands over for. */
      referral?: { id: string; handover: 'bops' | 'in_depth' };
      /** Whom the plan protects, by role and number, when the case has several active plans (api/sqlPlanPerson.ts); absent otherwise. */
      protects?: PlanPerson;
    }
  | {
      /** Issue 15: something of a Bops case was shared with (or refreshed for) the recipient's investigation; the card does not show the snapshot. */
      kind: 'share_notice';
      shareId: string;
      /** The investigation's case number (the recipient's own case), not the Bops case's. */
      investigationNumber: string;
      /** When the share (or its newest snapshot) was made (ISO 8601). */
      sharedAt: string;
      refreshed: boolean;
    }
  | {
      /** Issue 15: a second look at an assessment the recipient made: agree or regrade — never the reviewer's reason. */
      kind: 'review_notice';
      caseNumber: string;
      /** The reviewed assessment, for the card's button that shows the review (read again, under the officer's own access). */
      assessmentId: string;
      verdict: 'agree' | 'regrade';
      /** How many summary judgements the reviewer graded differently (0 when agreeing). */
      regraded: number;
    }
  | {
      /** Issue 18: a colleague opened the case's protected persons by break-glass — who and when; never the person, never the reason. */
      kind: 'break_glass_notice';
      caseNumber: string;
      /** The officer who broke glass (a work identity). */
      officerId: string;
      /** When (ISO 8601). */
      at: string;
    };

/** How a send or update went. 'refused': the connector answered 403/404 (the bot was removed) — do not try again. */
export type ProactiveOutcome = { status: 'sent'; activityId: string } | { status: 'refused' } | { status: 'failed'; reason: string };

export interface ProactiveDelivery {
  /** Sends a new message into the reference's chat. */
  send(target: StoredConversationReference, message: ProactiveMessage): Promise<ProactiveOutcome>;
  /** Replaces a message sent earlier (its activity id) in the reference's chat. */
  update(target: StoredConversationReference, activityId: string, message: ProactiveMessage): Promise<ProactiveOutcome>;
}
