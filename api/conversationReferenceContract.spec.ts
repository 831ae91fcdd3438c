// What a stored conversation reference may hold: found by the schema-valid
// fuzz (test/apiFuzz.test.ts), a lone surrogate or a control character in an
// id passed the contract and failed in PostgreSQL's jsonb with a 500.
import { describe, expect, it } from 'vitest';
import { saveConversationReferenceRequestSchema } from './conversationReferenceContract.js';

const reference = {
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  conversation: { id: 'a:fiktiv-1', conversationType: 'personal', tenantId: '00000000-0000-4000-8000-000000000001' },
  bot: { id: '28:fiktiv-bot' },
  user: { id: '29:fiktiv-user', aadObjectId: '00000000-0000-4000-8000-000000000002' },
};
const withField = (path: string[], value: string) => {
  const copy = structuredClone(reference) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path.at(-1)!] = value;
  return { reference: copy };
};

describe('a conversation reference sent to be stored', () => {
  it('is accepted as Teams sends it', () => {
    expect(saveConversationReferenceRequestSchema.safeParse({ reference }).success).toBe(true);
  });

  it.each([
    ['a NUL', 'a:fiktiv\u0000'],
    ['an escape', 'a:\u001b[31mfiktiv'],
    ['a C1 control', 'a:fiktiv\u0085'],
    ['a lone high surrogate', 'a:fiktiv\ud83d'],
    ['a lone low surrogate', '\udc00a:fiktiv'],
  ])('is refused with %s in any id, naming the field', (_what, bad) => {
    for (const path of [['channelId'], ['conversation', 'id'], ['conversation', 'conversationType'], ['conversation', 'tenantId'], ['bot', 'id'], ['user', 'id'], ['user', 'aadObjectId']]) {
      const parsed = saveConversationReferenceRequestSchema.safeParse(withField(path, bad));
      expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual([['reference', ...path].join('.')]);
    }
  });

  it('is refused with a lone surrogate or a tab in the service URL, which URL parsing would otherwise hide', () => {
    for (const url of ['https://smba.trafficmanager.net/emea/\ud800', 'https://smba.traffic\tmanager.net/']) {
      expect(saveConversationReferenceRequestSchema.safeParse(withField(['serviceUrl'], url)).success).toBe(false);
    }
  });

  it('keeps ids exactly as sent: neither trimmed nor stripped of direction marks', () => {
    const parsed = saveConversationReferenceRequestSchema.parse(withField(['conversation', 'id'], ' a:\u202efiktiv '));
    expect(parsed.reference.conversation.id).toBe(' a:\u202efiktiv ');
  });
});
