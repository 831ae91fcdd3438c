// Everything the assessment runner and the follow-up of a completed assessment
// ask to show the officer, as data: a catalogue message, a question asked back, a summary,
// the instrument menu, the saved plan and whom it protects, the case record, the offer of a newer method version. cardRenderer.ts is the
// one place that turns each into text or an Adaptive Card.
import type { AskBackReply } from './askBack.js';
import type { CaseRecordReply } from './caseRecordDecision.js';
import type { HandoverReply } from './handoverView.js';
import type { MessageReply } from './messageReply.js';
import type { VersionOfferReply } from './packVersionChoice.js';
import type { PlanReply } from './protectionPlanDraft.js';
import type { QuestionViewReply } from './questionView.js';
import type { ReassessmentReply } from './reassessmentViews.js';

export type Reply = MessageReply | AskBackReply | QuestionViewReply | PlanReply | CaseRecordReply | ReassessmentReply | HandoverReply | VersionOfferReply;
