// "åtgärder <diarienummer>" (issue 12, item 7): the case's active plans — one
// per protected person, each headed by whom it protects — with their measures
// by part, and the decisions on them — decided, carried out, declined (reason
// required) or ended, by whom and when, a new follow-up date, a contact ban's
// expiry — saved through the API with the version the form showed. A stale
// form or a closed case changes nothing and answers with the measures as they
// are now. A plan no new one takes over is ended here by hand, with a reason.
// Never throws for an API answer.
import type { Logger } from 'pino';
import type { ChangeMeasureRequest } from '../api/caseContract.js';
import type { MethodologySource } from '../methodology/methodologySource.js';
import type { Pack } from '../methodology/packSchema.js';
import { ApiError, type OfficerRef } from './assessmentApi.js';
import { textMessage, type OutgoingMessage } from './cardRenderer.js';
import type { CaseWorkApi } from './caseWorkApi.js';
import { endPlanCard, measureFormCard, measuresCard, measureTitle, SETTABLE_STATUSES } from './measureDecisionCard.js';
import { END_PLAN_INPUT, type MeasureDecisionSubmit } from './measureDecisionSubmit.js';
import { personRoleTitle } from './personRoleTitles.js';
import { t, type Locale, type MessageKey } from './messageCatalogue.js';
import { textFaultsMessage, textFaultsOf, type FieldTextFault } from './textFault.js';

export interface MeasureDecisionDeps {
  methodology: MethodologySource;
  caseWork?: CaseWorkApi;
  caseNumberPattern: RegExp;
  log: Logger;
  /** Today on the method's calendar: the decision date a form proposes. */
  today: () => string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The form's texts by their field in the API's request, as the officer reads their names. */
const TEXT_FIELDS: Readonly<Record<string, MessageKey>> = { decisionRef: 'field.decisionRef', declineReason: 'field.declineReason' };
type SaveSubmit = Extract<MeasureDecisionSubmit, { action: 'save' }>;
type PlanSubmit = Extract<MeasureDecisionSubmit, { action: 'endPlan' | 'confirmEndPlan' | 'cancelEndPlan' }>;

export class MeasureDecisionCommand {
  constructor(private readonly deps: MeasureDecisionDeps) {}

  private pack(): Pack {
    return this.deps.methodology.active(this.deps.methodology.defaultPackId).pack;
  }

  /** The measures card of the case, or why there is none. */
  async show(officer: OfficerRef, typedCaseNumber: string, locale: Locale): Promise<OutgoingMessage[]> {
    const caseNumber = typedCaseNumber.trim().toUpperCase();
    if (!this.deps.caseNumberPattern.test(caseNumber)) return [textMessage(locale, 'measures.askCaseNumber')];
    const api = this.deps.caseWork;
    if (!api) return [textMessage(locale, 'work.unavailable')];
    try {
      const plans = (await api.casePlans(officer, caseNumber)).filter((p) => p.status === 'active');
      if (plans.length === 0) return [textMessage(locale, 'measures.noPlan')];
      return [{ kind: 'card', card: measuresCard(caseNumber, plans, this.pack(), officer.id, locale) }];
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // Another region's case is answered as none (404), like a case nobody made.
      if (err.reason === 'rejected' || err.reason === 'forbidden') return [textMessage(locale, 'measures.noPlan')];
      this.deps.log.warn({ reason: err.reason, problemType: err.problemType }, 'plans not fetched');
      return [textMessage(locale, 'work.failed')];
    }
  }

  async act(officer: OfficerRef, submit: MeasureDecisionSubmit, locale: Locale): Promise<OutgoingMessage[]> {
    const api = this.deps.caseWork;
    if (!api) return [textMessage(locale, 'work.unavailable')];
    if (submit.action === 'endPlan' || submit.action === 'confirmEndPlan' || submit.action === 'cancelEndPlan') return this.endPlan(api, officer, submit, locale);
    const current = await this.currentMeasure(api, officer, submit);
    if (current === 'failed') return [textMessage(locale, 'work.failed')];
    // Gone, or changed since the card: the measures as they are now, nothing written.
    if (!current || current.version !== submit.version) return [textMessage(locale, 'measureForm.stale'), ...(await this.show(officer, submit.caseNumber, locale))];
    if (submit.action === 'open') return [{ kind: 'card', card: measureFormCard(submit.caseNumber, current, this.pack(), this.deps.today(), locale) }];
    const change = this.changeOf(submit, current.measureId, this.pack().measures.find((c) => c.id === current.measureId)?.decidedBy ?? []);
    // A form that comes back holds what the officer filled in: nothing entered is lost.
    const { verb: _verb, action: _action, caseNumber: _case, measureId: _measure, version: _version, ...filled } = submit;
    const formAgain: OutgoingMessage = { kind: 'card', card: measureFormCard(submit.caseNumber, current, this.pack(), this.deps.today(), locale, filled) };
    if ('missing' in change) return [textMessage(locale, 'measureForm.missing', { fields: change.missing.map((k) => t(locale, k)).join(', ') }), formAgain];
    // A reference or reason the API cannot store, told by field; the form again as filled in.
    const refusedText = (faults: readonly FieldTextFault[]): OutgoingMessage[] => [textFaultsMessage(locale, faults, (path) => TEXT_FIELDS[String(path[0])] ?? 'field.declineReason'), formAgain];
    const faults = textFaultsOf('changeMeasureStatus', change.request);
    if (faults.length) return refusedText(faults);
    try {
      const saved = await api.changeMeasure(officer, submit.measureId, change.request, submit.version);
      return [textMessage(locale, 'measureForm.saved', { measure: measureTitle(this.pack(), saved.measureId, locale), status: t(locale, `measureStatus.${saved.status}`) }), ...(await this.show(officer, submit.caseNumber, locale))];
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      switch (err.reason) {
        case 'stale':
        case 'not_draft':
          return [textMessage(locale, 'measureForm.stale'), ...(await this.show(officer, submit.caseNumber, locale))];
        case 'case_closed':
          return [textMessage(locale, 'measureForm.caseClosed'), ...(await this.show(officer, submit.caseNumber, locale))];
        case 'forbidden':
          return [textMessage(locale, 'measureForm.refused')];
        case 'invalid_text':
          return refusedText(err.textFaults);
        case 'rejected':
        case 'review_refused':
        case 'share_withdrawn':
          return [textMessage(locale, 'measureForm.rejected'), formAgain];
        case 'unavailable':
          this.deps.log.warn({ reason: err.reason, problemType: err.problemType }, 'measure not changed');
          return [textMessage(locale, 'work.actionFailed'), formAgain];
        default: {
          const never: never = err.reason;
          return never;
        }
      }
    }
  }

  /**
   * Ending a plan: its card, the plan ended with the reason typed there (the measures then, without it),
   * or back to the measures. A reason missing or refused brings the card back with what was typed.
   */
  private async endPlan(api: CaseWorkApi, officer: OfficerRef, submit: PlanSubmit, locale: Locale): Promise<OutgoingMessage[]> {
    if (submit.action === 'cancelEndPlan') return this.show(officer, submit.caseNumber, locale);
    let plan;
    try {
      plan = (await api.casePlans(officer, submit.caseNumber)).find((p) => p.id === submit.planId);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      return [textMessage(locale, err.reason === 'unavailable' ? 'work.failed' : 'measures.noPlan')];
    }
    if (!plan || plan.status !== 'active') return [textMessage(locale, 'endPlan.stale'), ...(await this.show(officer, submit.caseNumber, locale))];
    if (submit.action === 'endPlan') return [{ kind: 'card', card: endPlanCard(submit.caseNumber, plan, locale) }];
    const typed = submit[END_PLAN_INPUT] ?? '';
    const cardAgain: OutgoingMessage = { kind: 'card', card: endPlanCard(submit.caseNumber, plan, locale, typed) };
    if (!typed.trim()) return [textMessage(locale, 'endPlan.missing'), cardAgain];
    const refusedText = (faults: readonly FieldTextFault[]): OutgoingMessage[] => [textFaultsMessage(locale, faults, () => 'field.closeReason'), cardAgain];
    const faults = textFaultsOf('closePlan', { reason: typed });
    if (faults.length) return refusedText(faults);
    if (!api.closePlan) return [textMessage(locale, 'work.unavailable')];
    try {
      await api.closePlan(officer, plan.id, typed);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      switch (err.reason) {
        case 'stale':
        case 'not_draft':
          return [textMessage(locale, 'endPlan.stale'), ...(await this.show(officer, submit.caseNumber, locale))];
        case 'case_closed':
          return [textMessage(locale, 'endPlan.caseClosed')];
        case 'forbidden':
          return [textMessage(locale, 'endPlan.refused')];
        case 'invalid_text':
          return refusedText(err.textFaults);
        case 'rejected':
        case 'review_refused':
        case 'share_withdrawn':
          return [textMessage(locale, 'endPlan.rejected'), cardAgain];
        case 'unavailable':
          this.deps.log.warn({ reason: err.reason, problemType: err.problemType }, 'plan not ended');
          return [textMessage(locale, 'work.actionFailed'), cardAgain];
        default: {
          const never: never = err.reason;
          return never;
        }
      }
    }
    const ended = plan.protectedPerson ? textMessage(locale, 'endPlan.ended', { role: personRoleTitle(plan.protectedPerson, locale) }) : textMessage(locale, 'endPlan.endedNone');
    return [ended, ...(await this.show(officer, submit.caseNumber, locale))];
  }

  private async currentMeasure(api: CaseWorkApi, officer: OfficerRef, submit: Exclude<MeasureDecisionSubmit, PlanSubmit>) {
    try {
      const plans = await api.casePlans(officer, submit.caseNumber);
      return plans.filter((p) => p.status === 'active').flatMap((p) => p.measures).find((m) => m.id === submit.measureId);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      return err.reason === 'unavailable' ? ('failed' as const) : undefined;
    }
  }

  /**
   * The API request the form asks for, or the labels of what it lacks for the state chosen: a
   * decision names its decider when the method lists several who may take it.
   */
  private changeOf(submit: SaveSubmit, catalogueId: string, deciders: readonly string[]): { request: ChangeMeasureRequest } | { missing: MessageKey[] } {
    const value = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
    const status = SETTABLE_STATUSES.find((s) => s === value(submit.measureStatus));
    const missing: MessageKey[] = [];
    if (!status) missing.push('measureForm.status');
    const date = (s: string | undefined, key: MessageKey, required: boolean) => {
      const v = value(s);
      if ((v && !ISO_DATE.test(v)) || (!v && required)) missing.push(key);
      return v && ISO_DATE.test(v) ? v : undefined;
    };
    const decided = status !== undefined && status !== 'proposed';
    const running = status === 'decided' || status === 'in_progress';
    const decidedBy = deciders.includes(value(submit.decidedBy) ?? '') ? value(submit.decidedBy) : undefined;
    if (decided && deciders.length > 1 && !decidedBy) missing.push('measureForm.decidedBy');
    const decidedOn = date(submit.decidedOn, 'measureForm.decidedOn', decided);
    const followUpOn = date(submit.followUpOn, 'measureForm.followUpOn', running);
    const expiresOn = date(submit.expiresOn, 'measureForm.expiresOn', running && catalogueId.startsWith('kontaktforbud'));
    const decisionRef = value(submit.decisionRef);
    if ((status === 'decided' || status === 'in_progress' || status === 'done') && !decisionRef) missing.push('measureForm.decisionRef');
    const declineReason = value(submit.declineReason);
    if (status === 'declined' && !declineReason) missing.push('measureForm.declineReason');
    if (missing.length || !status) return { missing };
    return {
      request: {
        status,
        followUpOn: followUpOn ?? null,
        decisionRef: decisionRef ?? null,
        expiresOn: expiresOn ?? null,
        ...(decided && decidedBy ? { decidedBy } : {}),
        ...(decided && decidedOn ? { decidedOn } : {}),
        ...(status === 'declined' ? { declineReason } : {}),
      },
    };
  }
}
