// "rri <diarienummer>" (issue 16, item 1): the case's RRI log as a card with a
// form for a contact offered to the threat actor and one for an outcome at
// follow-up; a submitted form is checked (a date that has been, a known kind,
// answer, outcome and source, talks 0–100 and none when declined), saved
// through the API, and answered with the log as it is now. Short: one card,
// one button per entry. Never throws for an API answer.
import type { Logger } from 'pino';
import type { AddRriContactRequest, AddRriOutcomeRequest } from '../api/rriContract.js';
import { RRI_CONTACT_KINDS, RRI_OUTCOME_SOURCES, RRI_OUTCOMES } from '../api/rriContract.js';
import { ApiError, type OfficerRef } from './assessmentApi.js';
import { textMessage, type OutgoingMessage } from './cardRenderer.js';
import { t, type Locale, type MessageKey } from './messageCatalogue.js';
import type { RriApi } from './rriApi.js';
import { rriCard, type RriFilled } from './rriCard.js';
import type { RriSubmit } from './rriSubmit.js';

export interface RriCommandDeps {
  rri?: RriApi;
  caseNumberPattern: RegExp;
  log: Logger;
  /** Today on the method's calendar: the date the forms propose, and the latest they accept. */
  today: () => string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const oneOf = <T extends string>(list: readonly T[], value: string | undefined): T | undefined => (list as readonly string[]).includes(value ?? '') ? (value as T) : undefined;

export class RriCommand {
  constructor(private readonly deps: RriCommandDeps) {}

  /** The case's RRI card, or why there is none. */
  async show(officer: OfficerRef, typedCaseNumber: string, locale: Locale, filled: RriFilled = {}): Promise<OutgoingMessage[]> {
    const caseNumber = typedCaseNumber.trim().toUpperCase();
    if (!this.deps.caseNumberPattern.test(caseNumber)) return [textMessage(locale, 'rri.askCaseNumber')];
    const api = this.deps.rri;
    if (!api) return [textMessage(locale, 'rri.unavailable')];
    try {
      return [{ kind: 'card', card: rriCard(caseNumber, await api.rriLog(officer, caseNumber), this.deps.today(), locale, filled) }];
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // Another region's case is answered as none (404), like a case nobody made.
      if (err.reason === 'rejected' || err.reason === 'forbidden') return [textMessage(locale, 'rri.notFound')];
      this.deps.log.warn({ reason: err.reason, problemType: err.problemType }, 'rri log not fetched');
      return [textMessage(locale, 'rri.failed')];
    }
  }

  /** What a submitted form asks to record, or the fields to correct. */
  private entryOf(submit: RriSubmit): { contact: AddRriContactRequest } | { outcome: AddRriOutcomeRequest } | { invalid: MessageKey[] } {
    const today = this.deps.today();
    const date = (submit.action === 'contact' ? submit.rriContactDate : submit.rriOutcomeDate)?.trim() ?? '';
    const invalid: MessageKey[] = [];
    if (!ISO_DATE.test(date) || Number.isNaN(Date.parse(date)) || date > today) invalid.push('rri.invalidDate');
    if (submit.action === 'outcome') {
      const outcome = oneOf(RRI_OUTCOMES, submit.rriOutcome);
      const source = oneOf(RRI_OUTCOME_SOURCES, submit.rriSource);
      if (!outcome) invalid.push('rri.field.outcome');
      if (!source) invalid.push('rri.field.source');
      return invalid.length || !outcome || !source ? { invalid } : { outcome: { followedUpOn: date, outcome, source } };
    }
    const kind = oneOf(RRI_CONTACT_KINDS, submit.rriKind);
    const answer = oneOf(['accepted', 'declined'] as const, submit.rriAnswer);
    const talks = Number((submit.rriTalks ?? '0').trim() || '0');
    if (!kind) invalid.push('rri.field.kind');
    if (!answer) invalid.push('rri.field.answer');
    if (!Number.isInteger(talks) || talks < 0 || talks > 100 || (answer === 'declined' && talks > 0)) invalid.push('rri.invalidTalks');
    return invalid.length || !kind || !answer ? { invalid } : { contact: { contactedOn: date, kind, accepted: answer === 'accepted', talksHeld: talks } };
  }

  async act(officer: OfficerRef, submit: RriSubmit, locale: Locale): Promise<OutgoingMessage[]> {
    const api = this.deps.rri;
    if (!api) return [textMessage(locale, 'rri.unavailable')];
    const entry = this.entryOf(submit);
    // The card comes back holding what the officer filled in: nothing entered is lost.
    const { verb: _verb, action: _action, caseNumber: _case, ...filled } = submit;
    if ('invalid' in entry) return [textMessage(locale, 'rri.invalid', { fields: entry.invalid.map((k) => t(locale, k)).join(', ') }), ...(await this.show(officer, submit.caseNumber, locale, filled))];
    try {
      if ('contact' in entry) await api.addRriContact(officer, submit.caseNumber, entry.contact);
      else await api.addRriOutcome(officer, submit.caseNumber, entry.outcome);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      switch (err.reason) {
        case 'forbidden':
          return [textMessage(locale, 'rri.refused')];
        case 'case_closed':
          return [textMessage(locale, 'rri.closed')];
        case 'rejected':
          // A date after the API's today (past midnight since the form was checked) comes back as any
          // invalid date does; anything else is a case not found.
          if (err.issues.some((i) => i.code === 'date_in_future')) return [textMessage(locale, 'rri.invalid', { fields: t(locale, 'rri.invalidDate') }), ...(await this.show(officer, submit.caseNumber, locale, filled))];
          return [textMessage(locale, 'rri.notFound')];
        default:
          this.deps.log.warn({ reason: err.reason, problemType: err.problemType }, 'rri entry not saved');
          // The card again if the log can be read now; its own failure would only say the same twice.
          return [textMessage(locale, 'rri.failed'), ...(await this.show(officer, submit.caseNumber, locale, filled)).filter((m) => m.kind === 'card')];
      }
    }
    return [textMessage(locale, 'contact' in entry ? 'rri.savedContact' : 'rri.savedOutcome'), ...(await this.show(officer, submit.caseNumber, locale))];
  }
}
