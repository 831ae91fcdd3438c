// What an inbound activity must be before the Bot Framework adapter, teams-ai
// or our turn sees it. The adapter trusts the JSON it is given: a missing or
// non-string `type` throws inside CloudAdapter.process (a 500 with a stack
// trace), an object `serviceUrl` crashes the connector client
// (`endpoint.toLowerCase is not a function`), a non-string entity type crashes
// teams-ai's mention removal, a lone surrogate in an id crashes the URL of the
// reply, a deeply nested value overflows the stack of JSON.stringify. So the
// shape is checked here, with bounds on every field the adapter or the bot
// reads, and unknown fields pass through untouched (Teams adds fields over
// time). The serviceUrl must also be on the allow-list (serviceUrlAllowList.ts)
// — the adapter posts replies, updates and member look-ups of the turn to that
// URL and nowhere else, so one check covers every outbound call an activity
// can cause. What is refused throws ActivityRefusedError with a reason code.
//
// The gate runs after authentication, not before (see activityEndpoint.ts):
// with bot authentication on, an unauthenticated caller learns nothing of the
// shape checks; it gets 401 whatever it sent.
import { ActivityTypes, type Activity } from 'botbuilder';
import { z } from 'zod';
import { ActivityRefusedError } from './activityRefusedError.js';
import { checkServiceUrl, type ServiceUrlAllowList } from './serviceUrlAllowList.js';

/** Every type a channel sends; `invokeResponse` is the adapter's own and never arrives. */
export const INBOUND_ACTIVITY_TYPES = Object.values(ActivityTypes).filter((type) => type !== ActivityTypes.InvokeResponse);

/** Teams' longest ids (a channel thread with `;messageid=`) are far shorter; 512 leaves room without inviting floods. */
export const MAX_ID_LENGTH = 512;
/** Teams refuses messages over about 28 kB; more text than this cannot come from a real chat. */
export const MAX_TEXT_LENGTH = 40_000;
/** A card submit or an invoke's value, as JSON: the API takes bodies up to 64 kB, so nothing larger is worth a turn. */
export const MAX_VALUE_JSON_LENGTH = 64 * 1024;
/** Real activities nest a handful of levels (channelData.tenant.id, value.action.data…). */
export const MAX_NESTING_DEPTH = 32;
/** Entities, attachments, members, reactions. */
export const MAX_LIST_LENGTH = 100;
const MAX_NAME_LENGTH = 256;
const MAX_SERVICE_URL_LENGTH = 2048;

/** Text that survives URL encoding and logging: no control or format characters (bidi overrides), no lone surrogates. */
const PLAIN = /^[^\p{Cc}\p{Cf}\p{Cs}]*$/u;
/** Any text, but well formed: a lone surrogate makes encodeURIComponent throw. */
const WELL_FORMED = /^[^\p{Cs}]*$/u;

const id = z.string().min(1).max(MAX_ID_LENGTH).regex(PLAIN, 'must be text without control or format characters');
const name = z.string().max(MAX_NAME_LENGTH).regex(WELL_FORMED, 'must be well-formed text');
const word = z.string().max(64).regex(PLAIN, 'must be text without control or format characters');
const dateText = z
  .string()
  .max(64)
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be a date');

// Optional scalars may be null (some clients write null for "absent"); lists and objects the
// libraries iterate may only be absent, since `entities: null` crashes botbuilder's mention check.
const account = z.looseObject({
  id,
  name: name.nullish(),
  aadObjectId: id.max(64).nullish(),
  role: word.nullish(),
});

const conversation = z.looseObject({
  id,
  tenantId: id.max(64).nullish(),
  conversationType: word.nullish(),
  isGroup: z.boolean().nullish(),
  name: name.nullish(),
});

const entity = z
  .looseObject({ type: z.string().min(1).max(64), mentioned: z.unknown().optional(), text: z.unknown().optional() })
  .superRefine((value, ctx) => {
    if (value.type.toLowerCase() !== 'mention') return;
    // botbuilder reads mentioned.id of every mention and cuts the mention's text out of the activity's text.
    if (!account.safeParse(value.mentioned).success) ctx.addIssue({ code: 'custom', path: ['mentioned'], message: 'a mention names the account mentioned' });
    if (value.text !== undefined && typeof value.text !== 'string') ctx.addIssue({ code: 'custom', path: ['text'], message: 'a mention\'s text is text' });
  });

const list = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_LIST_LENGTH).optional();
const jsonObject = z.looseObject({});

const valueJson = z.unknown().superRefine((value, ctx) => {
  if (value !== undefined && JSON.stringify(value).length > MAX_VALUE_JSON_LENGTH) {
    ctx.addIssue({ code: 'too_big', origin: 'string', maximum: MAX_VALUE_JSON_LENGTH, inclusive: true, message: `must be at most ${MAX_VALUE_JSON_LENGTH} characters as JSON` });
  }
});

export const inboundActivitySchema = z
  .looseObject({
    type: z.enum(INBOUND_ACTIVITY_TYPES),
    id: id.nullish(),
    channelId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a channel id'),
    serviceUrl: z
      .string()
      .max(MAX_SERVICE_URL_LENGTH)
      .refine((v) => URL.canParse(v), 'must be a URL'),
    from: account,
    recipient: account,
    conversation,
    replyToId: id.nullish(),
    timestamp: dateText.nullish(),
    localTimestamp: dateText.nullish(),
    expiration: dateText.nullish(),
    localTimezone: word.nullish(),
    locale: word.nullish(),
    text: z.string().max(MAX_TEXT_LENGTH).nullish(),
    textFormat: word.nullish(),
    name: name.nullish(),
    action: word.nullish(),
    deliveryMode: word.nullish(),
    value: valueJson.optional(),
    channelData: jsonObject.optional(),
    entities: list(entity),
    attachments: list(z.looseObject({ contentType: name.nullish(), contentUrl: z.string().max(MAX_SERVICE_URL_LENGTH).nullish(), name: name.nullish() })),
    membersAdded: list(account),
    membersRemoved: list(account),
    reactionsAdded: list(z.looseObject({ type: word })),
    reactionsRemoved: list(z.looseObject({ type: word })),
    relatesTo: jsonObject.optional(),
  })
  .superRefine((activity, ctx) => {
    const mentions = (activity.entities ?? []).some((e) => e.type.toLowerCase() === 'mention');
    if (mentions && typeof activity.text !== 'string') ctx.addIssue({ code: 'custom', path: ['text'], message: 'a message with mentions has text' });
  });

const isJsonObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether any object or array in `value` lies deeper than `limit` levels; iterative, so a hostile depth cannot overflow the stack here. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, depth] = next;
    if (depth > limit) return true;
    for (const child of Object.values(node as object)) {
      if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * The activity to hand to the adapter, its serviceUrl replaced by the parsed form the allow-list
 * judged; throws ActivityRefusedError otherwise. `body` is the parsed JSON of the request, which
 * is changed in place (the adapter mutates it further anyway).
 */
export function admitActivity(body: unknown, allowList: ServiceUrlAllowList): Activity {
  if (!isJsonObject(body)) throw new ActivityRefusedError('not-an-object');
  if (nestedDeeperThan(body, MAX_NESTING_DEPTH)) throw new ActivityRefusedError('too-deep');
  if (!(INBOUND_ACTIVITY_TYPES as unknown[]).includes(body.type)) throw new ActivityRefusedError('unknown-type', { field: 'type' });
  const parsed = inboundActivitySchema.safeParse(body);
  if (!parsed.success) throw new ActivityRefusedError('invalid-field', { field: parsed.error.issues[0]!.path.join('.') });
  const serviceUrl = checkServiceUrl(parsed.data.serviceUrl, allowList);
  if (!serviceUrl.allowed) {
    if (serviceUrl.reason === 'malformed') throw new ActivityRefusedError('invalid-field', { field: 'serviceUrl' });
    throw new ActivityRefusedError('service-url-not-allowed', { serviceUrl: serviceUrl.reason });
  }
  body.serviceUrl = serviceUrl.url;
  return body as unknown as Activity;
}
