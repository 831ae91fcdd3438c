// The gate lets through what Teams and the Bot Framework send, and refuses —
// with a reason code and the field, never a crash — what would make the
// adapter, teams-ai or the turn fail, and any serviceUrl off the allow-list.
// Every person, tenant and id here is fictitious.
import { describe, expect, it } from 'vitest';
import { admitActivity, MAX_LIST_LENGTH, MAX_NESTING_DEPTH, MAX_TEXT_LENGTH, MAX_VALUE_JSON_LENGTH } from './activityGate.js';
import { ActivityRefusedError, type ActivityRefusalFacts, type ActivityRefusalReason } from './activityRefusedError.js';
import type { ServiceUrlAllowList } from './serviceUrlAllowList.js';

const TEAMS: ServiceUrlAllowList = { kind: 'hosts', protocols: ['https:'], hosts: [{ host: 'smba.trafficmanager.net', subdomains: false, port: undefined }] };
const LOOPBACK: ServiceUrlAllowList = { kind: 'loopback' };

const OFFICER = '6f1c2a9e-0b7d-4c3e-9a51-2d8e7f6a5b40';
const TENANT = '0d9b2c3a-1e4f-4a5b-8c6d-7e8f9a0b1c2d';

/** A message in a Teams personal chat, shaped like what the Bot Connector posts. */
const personalMessage = (): Record<string, unknown> => ({
  text: 'ny bedömning',
  textFormat: 'plain',
  type: 'message',
  timestamp: '2026-03-02T09:14:08.1234567Z',
  localTimestamp: '2026-03-02T10:14:08.1234567+01:00',
  id: '1740906848123',
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  from: { id: '29:1Fiktiv-Anvandar-Id-abcdefghijklmnopqrstuvwxyz', name: 'Testhandläggare', aadObjectId: OFFICER },
  conversation: { conversationType: 'personal', tenantId: TENANT, id: 'a:1Fiktiv-Konversation-0123456789abcdefghijklmnopqrstuvwxyz' },
  recipient: { id: '28:00000000-0000-4000-8000-00000000b075', name: 'Bops' },
  entities: [{ locale: 'sv-SE', country: 'SE', platform: 'Web', timezone: 'Europe/Stockholm', type: 'clientInfo' }],
  channelData: { tenant: { id: TENANT } },
  locale: 'sv-SE',
  localTimezone: 'Europe/Stockholm',
});

/** A channel message that @mentions the bot. */
const channelMention = () => ({
  ...personalMessage(),
  text: '<at>Bops</at> hjälp',
  textFormat: 'plain',
  conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: '19:fiktiv0123456789abcdef@thread.tacv2;messageid=1740906848123' },
  entities: [{ mentioned: { id: '28:00000000-0000-4000-8000-00000000b075', name: 'Bops' }, text: '<at>Bops</at>', type: 'mention' }],
  channelData: { teamsChannelId: '19:fiktiv0123456789abcdef@thread.tacv2', teamsTeamId: '19:fiktivteam@thread.tacv2', channel: { id: '19:fiktiv0123456789abcdef@thread.tacv2' }, team: { id: '19:fiktivteam@thread.tacv2' }, tenant: { id: TENANT } },
});

/** The bot installed in a personal chat: the bot itself among the members added. */
const membersAdded = () => {
  const { text: _text, textFormat: _format, entities: _entities, ...rest } = personalMessage();
  return { ...rest, type: 'conversationUpdate', membersAdded: [{ id: '28:00000000-0000-4000-8000-00000000b075' }] };
};

const installationUpdate = () => {
  const { text: _text, textFormat: _format, entities: _entities, ...rest } = personalMessage();
  return { ...rest, type: 'installationUpdate', action: 'add' };
};

/** An Adaptive Card Action.Submit: the card's data in value, the card's activity in replyToId. */
const cardSubmit = () => ({ ...personalMessage(), text: undefined, replyToId: '1740906840000', value: { verb: 'answer', itemId: 'hotbildsfraga', value: 'ja' } });

/** A search from the compose box: an invoke. */
const searchInvoke = () => ({
  ...personalMessage(),
  type: 'invoke',
  name: 'composeExtension/query',
  text: undefined,
  value: { commandId: 'sokMetod', parameters: [{ name: 'fraga', value: 'kontaktförbud' }], queryOptions: { skip: 0, count: 25 } },
  conversation: { conversationType: 'groupChat', tenantId: TENANT, id: '19:meeting_fiktiv@thread.v2' },
  channelData: { tenant: { id: TENANT }, source: { name: 'compose' } },
});

const reaction = () => ({ ...personalMessage(), type: 'messageReaction', text: undefined, reactionsAdded: [{ type: 'like' }], replyToId: '1740906840000' });

function refusalOf(body: unknown, allowList: ServiceUrlAllowList = TEAMS): { reason: ActivityRefusalReason | 'admitted'; facts?: ActivityRefusalFacts } {
  try {
    admitActivity(body, allowList);
    return { reason: 'admitted' };
  } catch (error) {
    expect(error).toBeInstanceOf(ActivityRefusedError);
    const { reason, facts } = error as ActivityRefusedError;
    return { reason, facts };
  }
}

describe('admitActivity', () => {
  it.each([
    ['a personal-chat message', personalMessage],
    ['a channel message that mentions the bot', channelMention],
    ['a member-added update', membersAdded],
    ['an installation update', installationUpdate],
    ['a card submit', cardSubmit],
    ['a message-extension search', searchInvoke],
    ['a reaction', reaction],
  ])('lets %s from Teams through, unknown fields and all', (_what, make) => {
    const activity = { ...make(), someFutureField: { nested: [1, 2, 3] } };
    expect(admitActivity(structuredClone(activity), TEAMS)).toEqual(JSON.parse(JSON.stringify(activity)));
  });

  it('hands the adapter the serviceUrl the allow-list judged, as it will be called', () => {
    const activity = admitActivity({ ...personalMessage(), serviceUrl: 'HTTPS://SMBA.trafficmanager.net:443/emea/' }, TEAMS);
    expect(activity.serviceUrl).toBe('https://smba.trafficmanager.net/emea/');
  });

  it('takes null for an absent scalar, as some clients write it', () => {
    expect(refusalOf({ ...personalMessage(), replyToId: null, locale: null, text: null, from: { id: '29:x', name: null, aadObjectId: null } }).reason).toBe('admitted');
  });

  it.each<[string, unknown, ActivityRefusalReason, string?]>([
    ['an empty object', {}, 'unknown-type', 'type'],
    ['an array', [personalMessage()], 'not-an-object'],
    ['null', null, 'not-an-object'],
    ['a string', 'message', 'not-an-object'],
    ['no type', { ...personalMessage(), type: undefined }, 'unknown-type', 'type'],
    ['an empty type', { ...personalMessage(), type: '' }, 'unknown-type', 'type'],
    ['a type that is a number', { ...personalMessage(), type: 1 }, 'unknown-type', 'type'],
    ['a type that is an object', { ...personalMessage(), type: { toString: 'message' } }, 'unknown-type', 'type'],
    ['an unknown type', { ...personalMessage(), type: 'messages' }, 'unknown-type', 'type'],
    ['the adapter\'s own invokeResponse type', { ...personalMessage(), type: 'invokeResponse' }, 'unknown-type', 'type'],
    ['no serviceUrl', { ...personalMessage(), serviceUrl: undefined }, 'invalid-field', 'serviceUrl'],
    ['a serviceUrl that is an object', { ...personalMessage(), serviceUrl: { href: 'https://smba.trafficmanager.net/emea/' } }, 'invalid-field', 'serviceUrl'],
    ['a serviceUrl that is an array', { ...personalMessage(), serviceUrl: ['https://smba.trafficmanager.net/emea/'] }, 'invalid-field', 'serviceUrl'],
    ['a serviceUrl that is no URL', { ...personalMessage(), serviceUrl: 'smba.trafficmanager.net' }, 'invalid-field', 'serviceUrl'],
    ['a huge serviceUrl', { ...personalMessage(), serviceUrl: `https://smba.trafficmanager.net/${'a'.repeat(3000)}/` }, 'invalid-field', 'serviceUrl'],
    ['no channelId', { ...personalMessage(), channelId: undefined }, 'invalid-field', 'channelId'],
    ['a channelId with a slash', { ...personalMessage(), channelId: 'msteams/../x' }, 'invalid-field', 'channelId'],
    ['no conversation', { ...personalMessage(), conversation: undefined }, 'invalid-field', 'conversation'],
    ['a conversation id that is a number', { ...personalMessage(), conversation: { id: 42 } }, 'invalid-field', 'conversation.id'],
    ['an empty conversation id', { ...personalMessage(), conversation: { id: '' } }, 'invalid-field', 'conversation.id'],
    ['a conversation id with a NUL', { ...personalMessage(), conversation: { id: 'a:1\u0000' } }, 'invalid-field', 'conversation.id'],
    ['a conversation id with a bidi override', { ...personalMessage(), conversation: { id: 'a:1\u202e' } }, 'invalid-field', 'conversation.id'],
    ['a conversation id with a lone surrogate', { ...personalMessage(), conversation: { id: 'a:1\ud800' } }, 'invalid-field', 'conversation.id'],
    ['a conversation id of 513 characters', { ...personalMessage(), conversation: { id: 'a'.repeat(513) } }, 'invalid-field', 'conversation.id'],
    ['no from', { ...personalMessage(), from: undefined }, 'invalid-field', 'from'],
    ['a from that is a string', { ...personalMessage(), from: '29:x' }, 'invalid-field', 'from'],
    ['a from without an id', { ...personalMessage(), from: { name: 'x' } }, 'invalid-field', 'from.id'],
    ['an aadObjectId that is an object', { ...personalMessage(), from: { id: '29:x', aadObjectId: { oid: OFFICER } } }, 'invalid-field', 'from.aadObjectId'],
    ['no recipient', { ...personalMessage(), recipient: undefined }, 'invalid-field', 'recipient'],
    ['a recipient id that is an array', { ...personalMessage(), recipient: { id: ['28:x'] } }, 'invalid-field', 'recipient.id'],
    ['an activity id that is a number', { ...personalMessage(), id: 1740906848123 }, 'invalid-field', 'id'],
    ['a replyToId with a newline', { ...personalMessage(), replyToId: '1740906840000\n' }, 'invalid-field', 'replyToId'],
    ['a timestamp that is a number', { ...personalMessage(), timestamp: 1740906848123 }, 'invalid-field', 'timestamp'],
    ['a timestamp that is no date', { ...personalMessage(), timestamp: 'igår' }, 'invalid-field', 'timestamp'],
    ['a text that is an object', { ...personalMessage(), text: { value: 'hej' } }, 'invalid-field', 'text'],
    ['a text longer than the limit', { ...personalMessage(), text: 'x'.repeat(MAX_TEXT_LENGTH + 1) }, 'invalid-field', 'text'],
    ['a value larger than the limit', { ...personalMessage(), value: { rationale: 'x'.repeat(MAX_VALUE_JSON_LENGTH) } }, 'invalid-field', 'value'],
    ['entities that are null', { ...personalMessage(), entities: null }, 'invalid-field', 'entities'],
    ['an entity without a type', { ...personalMessage(), entities: [{ text: 'x' }] }, 'invalid-field', 'entities.0.type'],
    ['an entity whose type is a number', { ...personalMessage(), entities: [{ type: 7 }] }, 'invalid-field', 'entities.0.type'],
    ['a mention that names no account', { ...channelMention(), entities: [{ type: 'mention', text: '<at>Bops</at>' }] }, 'invalid-field', 'entities.0.mentioned'],
    ['a mention in a message without text', { ...channelMention(), text: undefined }, 'invalid-field', 'text'],
    ['too many entities', { ...personalMessage(), entities: Array.from({ length: MAX_LIST_LENGTH + 1 }, () => ({ type: 'clientInfo' })) }, 'invalid-field', 'entities'],
    ['membersAdded that is an object', { ...membersAdded(), membersAdded: { id: '28:x' } }, 'invalid-field', 'membersAdded'],
    ['a member without an id', { ...membersAdded(), membersAdded: [{ name: 'x' }] }, 'invalid-field', 'membersAdded.0.id'],
    ['channelData that is an array', { ...personalMessage(), channelData: [TENANT] }, 'invalid-field', 'channelData'],
    ['attachments that are a string', { ...personalMessage(), attachments: 'card' }, 'invalid-field', 'attachments'],
    ['an invoke name that is an object', { ...searchInvoke(), name: { name: 'composeExtension/query' } }, 'invalid-field', 'name'],
    ['a locale with a control character', { ...personalMessage(), locale: 'sv-SE\u0007' }, 'invalid-field', 'locale'],
  ])('refuses %s', (_what, body, reason, field) => {
    const refusal = refusalOf(body);
    expect(refusal.reason).toBe(reason);
    if (field !== undefined) expect(refusal.facts?.field).toBe(field);
  });

  it(`refuses nesting deeper than ${MAX_NESTING_DEPTH} levels, however deep, without overflowing the stack`, () => {
    let deep: unknown = 'botten';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(refusalOf({ ...personalMessage(), value: deep }).reason).toBe('too-deep');
    let justDeepEnough: unknown = 'botten';
    for (let i = 0; i < MAX_NESTING_DEPTH - 1; i++) justDeepEnough = { next: justDeepEnough };
    expect(refusalOf({ ...personalMessage(), value: justDeepEnough }).reason).toBe('admitted');
    expect(refusalOf({ ...personalMessage(), value: { next: justDeepEnough } }).reason).toBe('too-deep');
  });

  it.each([
    ['the link-local metadata address', 'http://169.254.169.254/latest/meta-data/', 'scheme'],
    ['a private address', 'https://10.0.0.1/', 'host'],
    ['an allowed name as userinfo', 'https://smba.trafficmanager.net@evil.example/', 'userinfo'],
    ['a trailing dot', 'https://smba.trafficmanager.net./emea/', 'host'],
    ['another port', 'https://smba.trafficmanager.net:8443/emea/', 'port'],
    ['a file URL', 'file:///etc/passwd', 'scheme'],
  ])('refuses a well-formed activity whose serviceUrl is %s, naming the check and not the URL', (_what, serviceUrl, check) => {
    const refusal = refusalOf({ ...personalMessage(), serviceUrl });
    expect(refusal).toEqual({ reason: 'service-url-not-allowed', facts: { serviceUrl: check } });
  });

  it('in dev mode refuses every serviceUrl that leaves this machine and admits the local ones', () => {
    expect(refusalOf({ ...personalMessage(), serviceUrl: 'http://localhost:56150/_connector' }, LOOPBACK).reason).toBe('admitted');
    expect(refusalOf({ ...personalMessage(), serviceUrl: 'http://169.254.169.254/latest/meta-data/' }, LOOPBACK)).toEqual({ reason: 'service-url-not-allowed', facts: { serviceUrl: 'host' } });
    expect(refusalOf({ ...personalMessage(), serviceUrl: 'https://smba.trafficmanager.net/emea/' }, LOOPBACK)).toEqual({ reason: 'service-url-not-allowed', facts: { serviceUrl: 'host' } });
  });
});
