// "dela <diarienummer>", "delningar <diarienummer>" and "delade uppgifter"
// (issue 15), and what their cards' buttons do. Sharing shows a card listing
// exactly what a share sends now (the API's preview), then shares on confirm
// — only if the case still shows the same fields (the API holds the share to
// the preview's snapshotHash), else the new card is shown, saying what
// changed, and nothing is sent. "delningar <diarienummer>" shows the case's
// shares to refresh (after a card of what the refresh sends, confirmed the
// same way) or withdraw one. An investigator reads what was shared with them.
// "granska" and the review buttons go to dialogs/reviewCommand.ts: both kinds
// of card share one submit schema (dialogs/shareSubmit.ts). Never throws for
// an API answer.
import type { OfficerRef } from './assessmentApi.js';
import { warnApiFailure } from './apiFailureWarning.js';
import { textMessage, type OutgoingMessage } from './cardRenderer.js';
import { t, type Locale, type MessageKey } from './messageCatalogue.js';
import type { ShareFields } from '../api/shareSnapshot.js';
import { receivedSharesCard, refreshCard, shareCard } from './shareCard.js';
import { changedShareFields } from './shareFieldChanges.js';
import { caseShareCard, type ShareOnCard } from './caseShareCard.js';
import type { RefreshConfirmSubmit, ShareActionSubmit, ShareSubmit } from './shareSubmit.js';
import { textFaultsMessage, textFaultsOf, type FieldTextFault } from './textFault.js';
import { ReviewCommand, type ReviewCommandDeps } from './reviewCommand.js';

/** Sharing and reviewing need the same: the packs, the case's assessments, the sharing API. */
export type ShareCommandDeps = ReviewCommandDeps;

/** The share form's texts by their field in the API's request, as the officer reads their names. */
const SHARE_FIELDS: Readonly<Record<string, MessageKey>> = { investigationNumber: 'field.investigationNumber', recipients: 'field.recipients', reason: 'field.shareReason' };

export class ShareCommand {
  /** "granska" and the review cards' buttons: their own command, reached through this one's card verb. */
  private readonly reviews: ReviewCommand;

  constructor(private readonly deps: ShareCommandDeps) {
    this.reviews = new ReviewCommand(deps);
  }

  /** "granska <diarienummer>": the first review card (dialogs/reviewCommand.ts). */
  showReview(officer: OfficerRef, typedCaseNumber: string, locale: Locale): Promise<OutgoingMessage[]> {
    return this.reviews.showReview(officer, typedCaseNumber, locale);
  }

  /** The share card of the case: exactly what a share sends now, and the form that sends it. */
  async showShare(officer: OfficerRef, typedCaseNumber: string, locale: Locale, filled: { investigationNumber?: string; recipients?: string; reason?: string } = {}): Promise<OutgoingMessage[]> {
    const caseNumber = typedCaseNumber.trim().toUpperCase();
    if (!this.deps.caseNumberPattern.test(caseNumber)) return [textMessage(locale, 'share.askCaseNumber')];
    const sharing = this.deps.sharing;
    if (!sharing) return [textMessage(locale, 'work.unavailable')];
    try {
      const preview = await sharing.sharePreview(officer, caseNumber);
      return [{ kind: 'card', card: shareCard(this.deps.methodology, caseNumber, preview, locale, filled) }];
    } catch (err) {
      warnApiFailure(this.deps.log, err, 'share preview not fetched');
      const reason = err.reason;
      return [textMessage(locale, reason === 'forbidden' || reason === 'rejected' ? 'share.notAllowed' : 'share.failed')];
    }
  }

  /** What has been shared with the officer. */
  async received(officer: OfficerRef, locale: Locale): Promise<OutgoingMessage[]> {
    const sharing = this.deps.sharing;
    if (!sharing) return [textMessage(locale, 'work.unavailable')];
    try {
      const shares = await sharing.receivedShares(officer);
      if (shares.length === 0) return [textMessage(locale, 'shares.empty')];
      return [{ kind: 'card', card: receivedSharesCard(this.deps.methodology, shares, locale) }];
    } catch (err) {
      warnApiFailure(this.deps.log, err, 'shares not fetched');
      return [textMessage(locale, err.reason === 'forbidden' ? 'shares.onlyInvestigators' : 'shares.failed')];
    }
  }

  private shareCard(caseNumber: string, share: ShareOnCard, locale: Locale, reason?: string): OutgoingMessage {
    return { kind: 'card', card: caseShareCard(caseNumber, share, locale, reason) };
  }

  /** The case's shares, one card each, newest first: each active one to refresh or withdraw. */
  async showCaseShares(officer: OfficerRef, typedCaseNumber: string, locale: Locale): Promise<OutgoingMessage[]> {
    const caseNumber = typedCaseNumber.trim().toUpperCase();
    if (!this.deps.caseNumberPattern.test(caseNumber)) return [textMessage(locale, 'caseShares.askCaseNumber')];
    const sharing = this.deps.sharing;
    if (!sharing) return [textMessage(locale, 'work.unavailable')];
    try {
      const shares = await sharing.caseShares(officer, caseNumber);
      if (shares.length === 0) return [textMessage(locale, 'caseShares.empty', { caseNumber })];
      return [textMessage(locale, 'caseShares.title', { caseNumber, count: shares.length }), ...shares.map((share) => this.shareCard(caseNumber, share, locale))];
    } catch (err) {
      warnApiFailure(this.deps.log, err, 'case shares not fetched');
      const reason = err.reason;
      return [textMessage(locale, reason === 'forbidden' || reason === 'rejected' ? 'caseShares.notAllowed' : 'caseShares.failed')];
    }
  }

  /**
   * Uppdatera or Dra tillbaka on a share's card: Uppdatera answers with what a refresh sends now, to confirm;
   * a withdrawal with the share's card as it now stands. A withdrawal needs its reason; refused or failed, the card comes back holding the reason typed
   * (known by its investigation only: the API is not asked again). A share withdrawn already is told so.
   */
  private async shareAction(officer: OfficerRef, submit: ShareActionSubmit, locale: Locale): Promise<OutgoingMessage[]> {
    const reason = submit.withdrawReason?.trim() ?? '';
    const cardAgain = () => this.shareCard(submit.caseNumber, { id: submit.shareId, investigationNumber: submit.investigationNumber }, locale, reason);
    const again = (key: MessageKey) => [textMessage(locale, key), cardAgain()];
    if (submit.action === 'withdraw' && !reason) return again('caseShares.reasonMissing');
    const refusedReason = (faults: readonly FieldTextFault[]) => [textFaultsMessage(locale, faults, () => 'field.withdrawReason'), cardAgain()];
    const faults = submit.action === 'withdraw' ? textFaultsOf('withdrawShare', { reason }) : [];
    if (faults.length) return refusedReason(faults);
    const sharing = this.deps.sharing;
    if (!sharing) return again('work.unavailable');
    try {
      if (submit.action === 'refresh') {
        // Nothing is sent yet: first what the refresh would send, to confirm (refreshConfirm).
        const preview = await sharing.sharePreview(officer, submit.caseNumber);
        return [{ kind: 'card', card: refreshCard(this.deps.methodology, submit.caseNumber, { id: submit.shareId, investigationNumber: submit.investigationNumber }, preview, locale) }];
      }
      const share = await sharing.withdrawShare(officer, submit.caseNumber, submit.shareId, reason);
      return [textMessage(locale, 'caseShares.withdrawn', { investigation: share.investigationNumber }), this.shareCard(submit.caseNumber, share, locale)];
    } catch (err) {
      warnApiFailure(this.deps.log, err, submit.action === 'refresh' ? 'share not refreshed' : 'share not withdrawn');
      switch (err.reason) {
        case 'share_withdrawn':
          return [textMessage(locale, 'caseShares.alreadyWithdrawn', { caseNumber: submit.caseNumber })];
        case 'case_closed':
          return again('caseShares.caseClosed');
        case 'invalid_text':
          return refusedReason(err.textFaults);
        case 'forbidden':
          return again(submit.action === 'refresh' ? 'caseShares.refreshNotAllowed' : 'caseShares.withdrawNotAllowed');
        case 'unavailable':
          return again('caseShares.actionFailed');
        default:
          return again('caseShares.refused');
      }
    }
  }

  /**
   * A refresh confirmed on its card: sent naming the preview the card listed, so the API stores it only while the
   * case still shows exactly that; changed since, nothing is refreshed and the new card says what changed.
   */
  private async confirmRefresh(officer: OfficerRef, submit: RefreshConfirmSubmit, locale: Locale): Promise<OutgoingMessage[]> {
    const again = (key: MessageKey) => [textMessage(locale, key), this.shareCard(submit.caseNumber, { id: submit.shareId, investigationNumber: submit.investigationNumber }, locale)];
    const sharing = this.deps.sharing;
    if (!sharing) return again('work.unavailable');
    try {
      const share = await sharing.refreshShare(officer, submit.caseNumber, submit.shareId, submit.fingerprint);
      return [textMessage(locale, 'caseShares.refreshed', { investigation: share.investigationNumber, seq: share.snapshots.at(-1)?.seq ?? 1 }), this.shareCard(submit.caseNumber, share, locale)];
    } catch (err) {
      warnApiFailure(this.deps.log, err, 'share not refreshed');
      switch (err.reason) {
        case 'stale':
          return this.refreshChanged(officer, submit, locale);
        case 'share_withdrawn':
          return [textMessage(locale, 'caseShares.alreadyWithdrawn', { caseNumber: submit.caseNumber })];
        case 'case_closed':
          return again('caseShares.caseClosed');
        case 'forbidden':
          return again('caseShares.refreshNotAllowed');
        case 'unavailable':
          return again('caseShares.actionFailed');
        default:
          return again('caseShares.refused');
      }
    }
  }

  /** Nothing refreshed because the case changed since its card: what changed, and the new card. */
  private async refreshChanged(officer: OfficerRef, submit: RefreshConfirmSubmit, locale: Locale): Promise<OutgoingMessage[]> {
    try {
      const now = await this.deps.sharing!.sharePreview(officer, submit.caseNumber);
      const changes = submit.shown ? changedShareFields(submit.shown, now.fields).map((kind) => t(locale, `share.kind.${kind}`)) : [];
      const said = changes.length ? textMessage(locale, 'caseShares.refreshChangedWhat', { changes: changes.join(', ') }) : textMessage(locale, 'caseShares.refreshChanged');
      return [said, { kind: 'card', card: refreshCard(this.deps.methodology, submit.caseNumber, { id: submit.shareId, investigationNumber: submit.investigationNumber }, now, locale) }];
    } catch (err) {
      warnApiFailure(this.deps.log, err, 'share preview not fetched again');
      return [textMessage(locale, 'caseShares.refreshChanged'), textMessage(locale, 'caseShares.actionFailed')];
    }
  }

  async act(officer: OfficerRef, submit: ShareSubmit, locale: Locale): Promise<OutgoingMessage[]> {
    switch (submit.action) {
      case 'cancel':
        return [textMessage(locale, 'share.cancelled')];
      case 'received':
        return this.received(officer, locale);
      case 'refresh':
      case 'withdraw':
        return this.shareAction(officer, submit, locale);
      case 'refreshConfirm':
        return this.confirmRefresh(officer, submit, locale);
      case 'confirm':
        return this.confirmShare(officer, submit, locale);
      case 'submit':
      case 'mode':
      case 'agree':
      case 'regradeForm':
      case 'regrade':
      case 'blindReason':
      case 'show':
        return this.reviews.act(officer, submit, locale);
      default: {
        const never: never = submit;
        return never;
      }
    }
  }

  private async confirmShare(officer: OfficerRef, submit: Extract<ShareSubmit, { action: 'confirm' }>, locale: Locale): Promise<OutgoingMessage[]> {
    const recipients = [...new Set(`${submit.recipientPicker ?? ''},${submit.recipients ?? ''}`.split(/[,;\s]+/).filter(Boolean))];
    const filled = { investigationNumber: submit.investigationNumber?.trim() ?? '', recipients: recipients.join(', '), reason: submit.shareReason?.trim() ?? '' };
    if (!filled.investigationNumber || recipients.length === 0 || !filled.reason) {
      return [textMessage(locale, 'share.missing'), ...(await this.showShare(officer, submit.caseNumber, locale, filled))];
    }
    // A text the API cannot store, told by field; the form again as filled in.
    const refusedText = async (faults: readonly FieldTextFault[]) => [textFaultsMessage(locale, faults, (path) => SHARE_FIELDS[String(path[0])] ?? 'field.shareReason'), ...(await this.showShare(officer, submit.caseNumber, locale, filled))];
    const request = { investigationNumber: filled.investigationNumber, recipients, reason: filled.reason };
    const faults = textFaultsOf('createShare', request);
    if (faults.length) return refusedText(faults);
    const sharing = this.deps.sharing;
    if (!sharing) return [textMessage(locale, 'work.unavailable')];
    try {
      // Only what the card listed is sent: the API stores the share only while its snapshot is the card's (snapshotHash), else 412.
      const share = await sharing.createShare(officer, submit.caseNumber, { ...request, snapshotHash: submit.fingerprint });
      return [textMessage(locale, 'share.done', { investigation: share.investigationNumber, count: share.recipients.length, caseNumber: submit.caseNumber }), this.shareCard(submit.caseNumber, share, locale)];
    } catch (err) {
      warnApiFailure(this.deps.log, err, 'share not made');
      const reason = err.reason;
      if (reason === 'stale') return this.changedCard(officer, submit.caseNumber, submit.shown, locale, filled);
      if (reason === 'invalid_text') return refusedText(err.textFaults);
      if (reason !== 'rejected') return [textMessage(locale, reason === 'forbidden' ? 'share.notAllowed' : 'share.failed')];
      // Recipients who are no active investigator (or the officer themself) leave the form, which
      // comes back with everything else as filled in: confirmed again, it shares with the rest.
      const refused = new Set(
        err.issues.filter((i) => i.path[0] === 'body' && i.path[1] === 'recipients' && typeof i.path[2] === 'number').map((i) => recipients[i.path[2] as number]),
      );
      if (refused.size === 0) return [textMessage(locale, 'share.refused'), ...(await this.showShare(officer, submit.caseNumber, locale, filled))];
      const kept = { ...filled, recipients: recipients.filter((r) => !refused.has(r)).join(', ') };
      return [textMessage(locale, 'share.recipientsRefused', { count: refused.size }), ...(await this.showShare(officer, submit.caseNumber, locale, kept))];
    }
  }

  /**
   * The case changed between the card and the confirmation, so nothing was shared: what changed (by kind
   * of field, when the card said what it listed) and the new card, with everything filled in kept.
   */
  private async changedCard(officer: OfficerRef, caseNumber: string, shown: ShareFields | undefined, locale: Locale, filled: { investigationNumber: string; recipients: string; reason: string }): Promise<OutgoingMessage[]> {
    try {
      const now = await this.deps.sharing!.sharePreview(officer, caseNumber);
      const changes = shown ? changedShareFields(shown, now.fields).map((kind) => t(locale, `share.kind.${kind}`)) : [];
      const said = changes.length ? textMessage(locale, 'share.changedWhat', { changes: changes.join(', ') }) : textMessage(locale, 'share.changed');
      return [said, { kind: 'card', card: shareCard(this.deps.methodology, caseNumber, now, locale, filled) }];
    } catch (err) {
      warnApiFailure(this.deps.log, err, 'share preview not fetched again');
      return [textMessage(locale, 'share.changed'), textMessage(locale, 'share.failed')];
    }
  }
}
