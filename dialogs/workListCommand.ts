// "mina ärenden" / "att göra" and "mina utkast" (issue 12, item 2), and what
// their cards' buttons do: page the list, continue a draft, discard one (after
// a confirmation with a required reason, through the API's discard with the
// version the card showed), re-assess a case, open a case's measures. A stale
// card — the draft completed, discarded or changed since — changes nothing and
// answers with the current state. Never throws for an API answer. Taking an
// escalation answers with its handover card, which starts the in-depth assessment.
import type { Logger } from 'pino';
import { WORK_LIST_MAX_LIMIT } from '../api/workListContract.js';
import { caseNumberSchema } from '../api/assessmentContract.js';
import type { MethodologySource } from '../methodology/methodologySource.js';
import { ApiError, type OfficerRef } from './assessmentApi.js';
import { warnApiFailure } from './apiFailureWarning.js';
import { renderReply, textMessage, type OutgoingMessage } from './cardRenderer.js';
import type { CaseWorkApi, ReferralTake } from './caseWorkApi.js';
import { escalationHandover, type EscalationHandoverDeps } from './escalationHandover.js';
import { t, type Locale, type MessageKey } from './messageCatalogue.js';
import { textFaultsMessage, textFaultsOf, type FieldTextFault } from './textFault.js';
import { discardConfirmCard, escalationCard, workListCard } from './workListCard.js';
import type { WorkListSubmit, WorkListView } from './workListSubmit.js';

const JUDGEMENT_KEYS: Readonly<Record<string, MessageKey>> = { lag: 'judgement.lag', medel: 'judgement.medel', hog: 'judgement.hog' };

/** Rows per card: a phone screen's worth, each with its buttons. */
export const WORK_LIST_PAGE_SIZE = 5;

/** What the router does after a work-list action: send the messages, then maybe start a dialog. */
export interface WorkListOutcome {
  messages: OutgoingMessage[];
  begin?: { kind: 'resume'; assessmentId: string } | { kind: 'reassess'; caseNumber: string } | { kind: 'inDepth'; caseNumber: string } | { kind: 'measures'; caseNumber: string };
}

export interface WorkListCommandDeps extends EscalationHandoverDeps {
  methodology: MethodologySource;
  /** Absent where the bot runs without the work list (e.g. tests of the assessment alone). */
  caseWork?: CaseWorkApi;
  log: Logger;
}

/** The one message naming what cannot be saved in the card's one text field. */

export class WorkListCommand {
  constructor(private readonly deps: WorkListCommandDeps) {}

  /** The card of one page of the officer's work or drafts. */
  async show(officer: OfficerRef, view: WorkListView, offset: number, locale: Locale): Promise<OutgoingMessage[]> {
    const api = this.deps.caseWork;
    if (!api) return [textMessage(locale, 'work.unavailable')];
    try {
      const page = await api.workList(officer, { limit: WORK_LIST_PAGE_SIZE, offset, ...(view === 'drafts' ? { kind: 'draft' } : {}) });
      const pack = this.deps.methodology.active(this.deps.methodology.defaultPackId).pack;
      return [{ kind: 'card', card: workListCard(page, view, WORK_LIST_PAGE_SIZE, pack, locale) }];
    } catch (err) {
      warnApiFailure(this.deps.log, err, 'work list not fetched');
      return [textMessage(locale, 'work.failed')];
    }
  }

  async act(officer: OfficerRef, submit: WorkListSubmit, locale: Locale): Promise<WorkListOutcome> {
    switch (submit.action) {
      case 'page':
        return { messages: await this.show(officer, submit.view, submit.offset, locale) };
      case 'resume':
        return { messages: [], begin: { kind: 'resume', assessmentId: submit.assessmentId } };
      case 'discard':
        return { messages: [{ kind: 'card', card: discardConfirmCard({ assessmentId: submit.assessmentId, caseNumber: submit.caseNumber, version: submit.version }, locale) }] };
      case 'confirmDiscard':
        return { messages: await this.discard(officer, submit, locale) };
      case 'keepDraft':
        return { messages: [textMessage(locale, 'discard.kept')] };
      case 'reassess':
        return { messages: [], begin: { kind: 'reassess', caseNumber: submit.caseNumber } };
      case 'measures':
        return { messages: [], begin: { kind: 'measures', caseNumber: submit.caseNumber } };
      case 'takeReferral': {
        const taken = await this.takeReferral(officer, submit, locale, 'handover');
        return { messages: [...taken.messages, ...taken.handover] };
      }
      case 'startReferral': {
        // Starting the assessment takes the case first: only its taker goes on to assess it. The in-depth
        // assessment shows the escalation itself as it begins (dialogs/runEffects.ts), so it is not read
        // here as well: each read is an audited showing of the note and the result.
        const taken = await this.takeReferral(officer, submit, locale, 'no_handover');
        if (!taken.mine) return { messages: taken.messages };
        // A case taken before (its row on the taker's own list) just begins: nothing changed to tell.
        return { messages: taken.before ? [] : taken.messages, begin: { kind: submit.handover === 'in_depth' ? 'inDepth' : 'reassess', caseNumber: submit.caseNumber } };
      }
      case 'escalate':
        return { messages: await this.escalate(officer, submit.caseNumber, submit.escalationNote, locale) };
      default: {
        const never: never = submit;
        return never;
      }
    }
  }

  /**
   * Ta ärendet: the first press anywhere wins; every other press is told the current state plainly.
   * With 'handover', a taker of an escalation also gets its handover card (read from the API).
   */
  private async takeReferral(
    officer: OfficerRef,
    submit: { referralId: string; caseNumber: string },
    locale: Locale,
    show: 'handover' | 'no_handover',
  ): Promise<{ mine: boolean; before?: boolean; messages: OutgoingMessage[]; handover: OutgoingMessage[] }> {
    const none: OutgoingMessage[] = [];
    const api = this.deps.caseWork;
    if (!api?.takeReferral) return { mine: false, messages: [textMessage(locale, 'work.unavailable')], handover: none };
    const params = { caseNumber: submit.caseNumber };
    try {
      const taken = await api.takeReferral(officer, submit.referralId);
      const { outcome } = taken;
      switch (outcome) {
        case 'taken':
          return { mine: true, messages: [textMessage(locale, 'referral.taken', params)], handover: show === 'handover' ? await this.handover(officer, submit, taken, locale) : none };
        case 'already_yours':
          return { mine: true, before: true, messages: [textMessage(locale, 'referral.alreadyYours', params)], handover: show === 'handover' ? await this.handover(officer, submit, taken, locale) : none };
        case 'taken_by_other':
          return { mine: false, messages: [textMessage(locale, 'referral.takenByOther', params)], handover: none };
        case 'case_closed':
          return { mine: false, messages: [textMessage(locale, 'referral.caseClosed', params)], handover: none };
        default: {
          const never: never = outcome;
          return never;
        }
      }
    } catch (err) {
      warnApiFailure(this.deps.log, err, 'referral not taken');
      // No such referral, or not one for this officer (a card whose id was changed): trying again changes nothing.
      const refused = err.reason === 'rejected' || err.reason === 'forbidden';
      return { mine: false, messages: [refused ? textMessage(locale, 'referral.notFound', params) : textMessage(locale, 'work.actionFailed')], handover: none };
    }
  }

  /**
   * What an escalation's taker sees at once (item 6): the handover card the in-depth assessment opens
   * with, here with its button to start it; when the card cannot be read, the note and judgement in a line.
   */
  private async handover(officer: OfficerRef, submit: { referralId: string; caseNumber: string }, taken: ReferralTake, locale: Locale): Promise<OutgoingMessage[]> {
    if (taken.kind !== 'in_depth') return [];
    const view = await escalationHandover(this.deps, officer, submit.caseNumber);
    if (view) return [renderReply({ type: 'handover', view: { ...view, startReferralId: submit.referralId } }, locale)];
    if (taken.note === null) return [];
    const judgementKey = taken.judgement === null ? undefined : JUDGEMENT_KEYS[taken.judgement];
    return [textMessage(locale, 'escalation.handover', { caseNumber: submit.caseNumber, judgement: judgementKey ? t(locale, judgementKey) : '–', note: taken.note })];
  }

  /** "eskalera <diarienummer> [anteckning]": the card asking for the handover note, holding the note typed with the command. */
  askEscalation(caseNumber: string, note: string, locale: Locale): OutgoingMessage[] {
    if (!caseNumberSchema.safeParse(caseNumber).success) return [textMessage(locale, 'escalation.usage')];
    return [{ kind: 'card', card: escalationCard(caseNumber, locale, note) }];
  }

  /** Lämna över on the escalation card: the handover with the note, or the card again saying the note is missing. */
  async escalate(officer: OfficerRef, caseNumber: string, note: string | undefined, locale: Locale): Promise<OutgoingMessage[]> {
    if (!caseNumberSchema.safeParse(caseNumber).success) return [textMessage(locale, 'escalation.usage')];
    const written = note?.trim() ?? '';
    if (written === '') return [textMessage(locale, 'escalation.noteMissing'), { kind: 'card', card: escalationCard(caseNumber, locale) }];
    // A note the API cannot store is told as such, the card again holding it: sent as it is, it would only be refused again.
    const refusedNote = (faults: readonly FieldTextFault[]) => [textFaultsMessage(locale, faults, () => 'field.escalationNote'), { kind: 'card', card: escalationCard(caseNumber, locale, written) } as const];
    const faults = textFaultsOf('escalateCase', { note: written });
    if (faults.length) return refusedNote(faults);
    const api = this.deps.caseWork;
    if (!api?.escalate) return [textMessage(locale, 'work.unavailable')];
    const params = { caseNumber };
    try {
      const outcome = await api.escalate(officer, caseNumber, written);
      switch (outcome) {
        case 'created':
          return [textMessage(locale, 'escalation.done', params)];
        case 'exists':
          return [textMessage(locale, 'escalation.exists', params)];
        case 'no_structured':
          return [textMessage(locale, 'escalation.noStructured', params)];
        case 'case_closed':
          return [textMessage(locale, 'referral.caseClosed', params)];
        default: {
          const never: never = outcome;
          return never;
        }
      }
    } catch (err) {
      warnApiFailure(this.deps.log, err, 'case not escalated');
      if (err.reason === 'invalid_text') return refusedNote(err.textFaults);
      // A case that is not there (or another region's), or not the officer's to hand over: trying again changes nothing.
      if (err.reason === 'forbidden' || err.reason === 'rejected') return [textMessage(locale, 'escalation.refused', params)];
      // The card again with the note written, to send once the API answers.
      return [textMessage(locale, 'work.actionFailed'), { kind: 'card', card: escalationCard(caseNumber, locale, written) }];
    }
  }

  private async isStillDraft(api: CaseWorkApi, officer: OfficerRef, assessmentId: string): Promise<boolean> {
    const drafts = await api.workList(officer, { kind: 'draft', limit: WORK_LIST_MAX_LIMIT }).catch(() => undefined);
    return drafts?.items.some((item) => item.kind === 'draft' && item.assessmentId === assessmentId) ?? false;
  }

  private async discard(officer: OfficerRef, submit: Extract<WorkListSubmit, { action: 'confirmDiscard' }>, locale: Locale): Promise<OutgoingMessage[]> {
    const draft = { assessmentId: submit.assessmentId, caseNumber: submit.caseNumber, version: submit.version };
    const reason = submit.discardReason?.trim() ?? '';
    if (reason === '') return [textMessage(locale, 'discard.reasonMissing'), { kind: 'card', card: discardConfirmCard(draft, locale) }];
    // A reason the API cannot store is told as such, the confirmation again holding it.
    const refusedReason = (faults: readonly FieldTextFault[]) => [textFaultsMessage(locale, faults, () => 'field.discardReason'), { kind: 'card', card: discardConfirmCard(draft, locale, reason) } as const];
    const faults = textFaultsOf('discardAssessment', { reason });
    if (faults.length) return refusedReason(faults);
    const api = this.deps.caseWork;
    if (!api) return [textMessage(locale, 'work.unavailable')];
    try {
      await api.discardDraft(officer, submit.assessmentId, reason, submit.version);
      return [textMessage(locale, 'discard.done', { caseNumber: submit.caseNumber })];
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      switch (err.reason) {
        case 'not_draft':
        case 'stale': {
          // A discard or completion also changes the version: only a draft still listed was merely changed.
          const stillDraft = err.reason === 'stale' && (await this.isStillDraft(api, officer, submit.assessmentId));
          return [textMessage(locale, stillDraft ? 'discard.stale' : 'discard.notDraft', { caseNumber: submit.caseNumber }), ...(await this.show(officer, 'drafts', 0, locale))];
        }
        case 'unavailable':
          this.deps.log.warn({ reason: err.reason, problemType: err.problemType }, 'draft not discarded');
          // The confirmation again with the reason written, to send once the API answers.
          return [textMessage(locale, 'work.actionFailed'), { kind: 'card', card: discardConfirmCard(draft, locale, reason) }];
        case 'invalid_text':
          this.deps.log.warn({ reason: err.reason, problemType: err.problemType }, 'draft not discarded');
          return refusedReason(err.textFaults);
        case 'forbidden':
        case 'rejected':
          // No such draft, or another officer's (a card whose ids were changed): trying again changes nothing.
          this.deps.log.warn({ reason: err.reason, problemType: err.problemType }, 'draft not discarded');
          return [textMessage(locale, 'discard.refused')];
        case 'case_closed':
        case 'review_refused':
        case 'share_withdrawn':
          this.deps.log.warn({ reason: err.reason, problemType: err.problemType }, 'draft not discarded');
          return [textMessage(locale, 'work.actionFailed')];
        default: {
          const never: never = err.reason;
          return never;
        }
      }
    }
  }
}
