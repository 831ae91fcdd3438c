// What a card's input may hold when it comes back with a button's data. Not
// the field's limit: that is the API's (dialogs/textLimit.ts), told by field
// and length once the card is read (dialogs/textFault.ts), with the card shown
// again as filled in. A cap here at the field's limit refused the whole card
// as not recognised and lost what the officer wrote — which Teams does not
// always stop at an Input.Text's maxLength, and a tampered client never does.
// So the cap is only the server's protection, as wide as the activity gate
// lets a card's data be (bot/activityGate.ts, MAX_VALUE_JSON_LENGTH: 64 KiB of
// JSON, so no longer string arrives at all).
import { z } from 'zod';

/** The longest text a card input is read with; the gate refuses any card data longer as JSON. */
export const CARD_INPUT_MAX_LENGTH = 64 * 1024;

/** A card input's text as it arrives: any string the gate let through, its length judged later by the field's own limit. */
export const cardInput = z.string().max(CARD_INPUT_MAX_LENGTH);
