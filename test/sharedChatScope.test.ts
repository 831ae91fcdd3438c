// Issue 13, item 5, over HTTP on the real bot with the stand-in Bot Connector,
// on real PostgreSQL and on PGlite: in a group chat and in a team channel the
// bot runs no assessment and hands out no document link — it says why in one
// line, with a link to the personal chat — and stores nothing; a look-up in the
// method works there as anywhere. The conversation type alone decides: the
// activities carry no isGroup (Teams sets it too, and the group-chat test in
// test/endToEnd.test.ts sends it), so a type the bot did not know as shared
// would be taken for a personal chat and fail here. The same officer's
// personal chat starts the assessment. Officers and cases are fictitious.
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../dialogs/commands.js';
import { t } from '../dialogs/messageCatalogue.js';
import { adaptiveCardText } from './adaptiveCardText.js';
import type { RecordedCall } from './botConnectorStandIn.js';
import { startConnectedTestServer, type ConnectedTestServer } from './connectedTestServer.js';
import { tableContents } from './tableContents.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import type { TestOfficer } from './testServer.js';

const OFFICER: TestOfficer = { id: 'f1300000-0000-4000-8000-00000000a501', roles: ['intake_officer', 'bops_officer'], region: 'stockholm' };
const CASE_NUMBER = '5000-K013501-26';
/** The bot's id in Teams as a real one looks: the refusal then links to the personal chat with it. */
const BOT = { id: '28:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Bops' };
const REFUSAL = t('sv', 'shared.personalOnly', { link: `https://teams.microsoft.com/l/chat/0/0?users=${BOT.id}` });

/** Where a message comes from in Teams: a group chat or a team channel (the thread of a post), never marked isGroup here. */
const SHARED: Record<'groupChat' | 'channel', Partial<Activity>> = {
  groupChat: { conversation: { id: '19:fiktiv-grupp@thread.v2', conversationType: 'groupChat', tenantId: 'tenant-fiktiv' } as Activity['conversation'] },
  channel: {
    conversation: { id: '19:fiktiv-kanal@thread.tacv2;messageid=1740906848123', conversationType: 'channel', tenantId: 'tenant-fiktiv' } as Activity['conversation'],
    channelData: { tenant: { id: 'tenant-fiktiv' }, team: { id: '19:fiktivt-team@thread.tacv2' }, channel: { id: '19:fiktiv-kanal@thread.tacv2' } },
  },
};

describe.each(DATABASE_ENGINES)('assessments only in the personal chat, over HTTP on %s', (engine) => {
  let chat: ConnectedTestServer;

  beforeAll(async () => {
    chat = await startConnectedTestServer({ engine, officers: [OFFICER], conversationOf: () => 'a:shared-scope-personal' });
  });
  afterAll(() => chat?.close());

  const shown = (calls: RecordedCall[]) => calls.filter((c) => c.method === 'POST').map((c) => (c.activity.attachments?.length ? adaptiveCardText(c.activity.attachments[0]!.content) : (c.activity.text ?? '')));

  it.each(Object.keys(SHARED) as (keyof typeof SHARED)[])('in a %s: one line for each assessment or document command, nothing stored, and a look-up answered', async (kind) => {
    const where = SHARED[kind];
    const say = async (text: string) => {
      const calls = await chat.post(OFFICER, { type: 'message', text, recipient: BOT, ...where });
      // Every answer goes into the shared conversation itself, none to the officer's personal chat.
      expect(calls.map((c) => c.conversationId)).toEqual(calls.map(() => where.conversation!.id));
      return shown(calls);
    };
    const before = await tableContents(chat.test.server.database);
    for (const command of [COMMANDS.newAssessment[0], COMMANDS.structuredAssessment[0], `${COMMANDS.newAssessment[0]} ${CASE_NUMBER}`, `dokument ${CASE_NUMBER}`]) {
      expect(await say(command), command).toEqual([REFUSAL]);
    }
    // Nothing stored: no draft, no case, no document link, no chat reference of a shared conversation, no audit row.
    expect(await tableContents(chat.test.server.database)).toEqual(before);

    // A look-up is answered here as anywhere: hits from the method, not the refusal.
    const lookUp = await say('sök utvidgat kontaktförbud');
    expect(lookUp).toHaveLength(1);
    expect(lookUp[0]).toMatch(/^Träffar i metodstödet\nKontaktförbud\n/);
  });

  it('starts the assessment the shared chats refused in the same officer’s personal chat', async () => {
    const calls = await chat.post(OFFICER, { type: 'message', text: COMMANDS.newAssessment[0], recipient: BOT });
    expect(shown(calls)).toEqual(['Ny bedömning: **Initial bedömning**. Ange ärendets diarienummer (till exempel 5000-K123456-25).']);
    expect(shown(await chat.post(OFFICER, { type: 'message', text: 'avbryt', recipient: BOT }))).toHaveLength(1);
  });
});
