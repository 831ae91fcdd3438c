// One share of a case as its Bops officers see it in chat (issue 15):
// "delningar <diarienummer>" shows one such card per share, and a share just
// made, refreshed or withdrawn is answered with its card. It names the
// investigation, the recipients as the ids the API gives (never names), when
// it was shared, whether it is active or withdrawn and the pack version of its
// latest snapshot; an active one has Uppdatera (a new snapshot, the old kept)
// and Dra tillbaka with its required reason. A card shown again after a
// refused or failed action keeps the reason typed, and may know the share only
// by its investigation then (the API could not be asked).
import type { AdaptiveCard } from './cardRenderer.js';
import { localTime } from './localTime.js';
import { t, type Locale } from './messageCatalogue.js';
import { SHARE_VERB, WITHDRAW_REASON_INPUT, type ShareSubmit } from './shareSubmit.js';
import type { ShareResponse } from './sharingApi.js';
import { textLimitOf } from './textLimit.js';

/** The limit the API holds a withdrawal's reason to, held by Teams on the card too. */
const WITHDRAW_REASON_MAX = textLimitOf('withdrawShare', 'reason');

/** A share whole, or known only by its id and investigation (from the button pressed). */
export type ShareOnCard = Pick<ShareResponse, 'id' | 'investigationNumber'> & Partial<Pick<ShareResponse, 'recipients' | 'sharedAt' | 'withdrawn' | 'snapshots'>>;

const text = (value: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text: value, wrap: true, ...extra });

export function caseShareCard(caseNumber: string, share: ShareOnCard, locale: Locale, reason = ''): AdaptiveCard {
  const body: unknown[] = [];
  const status = share.withdrawn ? t(locale, 'caseShares.statusWithdrawn', { time: localTime(share.withdrawn.at) }) : share.snapshots ? t(locale, 'caseShares.statusActive') : undefined;
  body.push(text(status ? `${t(locale, 'caseShares.head', { investigation: share.investigationNumber })} · ${status}` : t(locale, 'caseShares.head', { investigation: share.investigationNumber }), { weight: 'Bolder' }));
  const latest = share.snapshots?.at(-1);
  if (share.recipients && share.sharedAt && latest) {
    body.push({
      type: 'FactSet',
      facts: [
        { title: t(locale, 'caseShares.recipients'), value: `${share.recipients.length}: ${share.recipients.join(', ')}` },
        { title: t(locale, 'caseShares.sharedAt'), value: localTime(share.sharedAt) },
        { title: t(locale, 'caseShares.latest'), value: t(locale, 'caseShares.snapshot', { seq: latest.seq, time: localTime(latest.takenAt), version: latest.pack.version }) },
      ],
    });
  }
  if (!share.withdrawn) {
    const data = (action: 'refresh' | 'withdraw'): ShareSubmit => ({ verb: SHARE_VERB, action, caseNumber, shareId: share.id, investigationNumber: share.investigationNumber });
    body.push({ type: 'Input.Text', id: WITHDRAW_REASON_INPUT, label: t(locale, 'caseShares.withdrawReason'), isMultiline: true, maxLength: WITHDRAW_REASON_MAX, ...(reason ? { value: reason } : {}) });
    body.push({
      type: 'ActionSet',
      actions: [
        { type: 'Action.Submit', title: t(locale, 'caseShares.refresh'), data: data('refresh') },
        { type: 'Action.Submit', title: t(locale, 'caseShares.withdraw'), data: data('withdraw') },
      ],
    });
  }
  return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body };
}
