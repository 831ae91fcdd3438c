// "rri <diarienummer>" (issue 16, item 1) on the real stack: the bot's command,
// through its HTTP client and service token acting for the officer, against the
// real API on PostgreSQL and on PGlite. The officer sees the case's RRI log as a card with the
// two forms, records a contact and an outcome with them, and sees them in the
// log; a form with a future date, or talks under a declined offer, saves
// nothing and says what to check; an officer not assigned to the case is told
// only assigned officers record RRI. Officers and cases are fictitious.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ON_BEHALF_OF_HEADER, PURPOSE_HEADER } from '../api/assessmentContract.js';
import { fixedClock } from '../api/clock.js';
import { createLogger } from '../bot/logger.js';
import { recogniseRri } from '../dialogs/commands.js';
import { HttpAssessmentApi } from '../dialogs/httpAssessmentApi.js';
import { t } from '../dialogs/messageCatalogue.js';
import { RriCommand } from '../dialogs/rriCommand.js';
import { RRI_VERB, rriSubmitOf } from '../dialogs/rriSubmit.js';
import { addDays } from '../methodology/calendarDate.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { startTestServer, type TestServer } from './testServer.js';

/** The dev set-up's fictitious officer (Bops in Stockholm), and a colleague not assigned to the case. */
const OFFICER = { id: '00000000-0000-4000-8000-00000000a001' };
const COLLEAGUE = { id: '00000000-0000-4000-8000-00000000a002' };
const CASE_NUMBER = '1400-K000301-26';
/** The day for the bot and, through the server's clock (noon in Stockholm), for the API. */
const TODAY = '2026-06-15';

type Message = { kind: 'text'; text: string } | { kind: 'card'; card: { body: { type: string; text?: string; id?: string }[] } };
const texts = (messages: unknown[]) =>
  (messages as Message[]).flatMap((m) => (m.kind === 'text' ? [m.text] : m.card.body.filter((b) => b.type === 'TextBlock').map((b) => b.text ?? '')));

describe.each(DATABASE_ENGINES)('rri in chat, on the real stack (%s)', (engine) => {
  let test: TestServer;
  let command: RriCommand;

  beforeAll(async () => {
    test = await startTestServer({ engine, clock: fixedClock(`${TODAY}T10:00:00Z`) });
    const asOfficer = async (method: string, path: string, body?: unknown) =>
      test.api(path, {
        method,
        headers: { authorization: `Bearer ${await test.serviceToken()}`, [ON_BEHALF_OF_HEADER]: OFFICER.id, [PURPOSE_HEADER]: 'test: rri', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    expect((await asOfficer('POST', '/cases', { caseNumber: CASE_NUMBER, violenceType: 'nara_relation' })).status).toBe(201);
    expect((await asOfficer('PUT', `/cases/${CASE_NUMBER}/assignments/${OFFICER.id}`)).status).toBe(200);
    const client = new HttpAssessmentApi({ baseUrl: () => test.server.url, serviceToken: () => test.serviceToken() });
    command = new RriCommand({ rri: client, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, log: createLogger('silent'), today: () => TODAY });
  });
  afterAll(() => test?.close());

  it('recognises "rri" with and without a case number, and nothing else', () => {
    expect(recogniseRri('rri 1400-K000301-26')).toBe('1400-K000301-26');
    expect(recogniseRri('RRI')).toBe('');
    expect(recogniseRri('rri-samtal i morgon')).toBeUndefined();
    // A question about RRI is for the method look-up.
    expect(recogniseRri('rri förföljelse')).toBeUndefined();
    expect(recogniseRri('åtgärder 1400-K000301-26')).toBeUndefined();
  });

  it('asks for a case number when none fits', async () => {
    expect(texts(await command.show(OFFICER, 'nonsens', 'sv'))).toEqual([t('sv', 'rri.askCaseNumber')]);
  });

  it('shows the empty log with both forms, records a contact and an outcome through them, and shows them', async () => {
    const [card] = (await command.show(OFFICER, CASE_NUMBER.toLowerCase(), 'sv')) as Message[];
    expect(card!.kind).toBe('card');
    const body = (card as Extract<Message, { kind: 'card' }>).card.body;
    expect(body.map((b) => b.id).filter(Boolean)).toEqual(['rriContactDate', 'rriKind', 'rriAnswer', 'rriTalks', 'rriOutcomeDate', 'rriOutcome', 'rriSource']);
    // Dates by picker, up to today; the kind, the answer, the outcome and its source chosen by the officer, never preset.
    expect(body.filter((b) => b.type === 'Input.Date')).toEqual([expect.objectContaining({ id: 'rriContactDate', value: TODAY, max: TODAY }), expect.objectContaining({ id: 'rriOutcomeDate', value: TODAY, max: TODAY })]);
    const choices = body.filter((b) => b.type === 'Input.ChoiceSet');
    expect(choices.map((b) => [b.id, (b as Record<string, unknown>).value])).toEqual([['rriKind', undefined], ['rriAnswer', undefined], ['rriOutcome', undefined], ['rriSource', undefined]]);
    // Nor the number of talks: a declined offer saved as the card stands is not refused for talks it never had.
    expect(body.find((b) => b.id === 'rriTalks')).not.toHaveProperty('value');
    expect(texts([card])).toContain(t('sv', 'rri.summary', { contacts: 0, accepted: 0, outcomes: 0 }));

    const contact = rriSubmitOf({ verb: RRI_VERB, action: 'contact', caseNumber: CASE_NUMBER, rriContactDate: '2026-06-01', rriKind: 'telefon', rriAnswer: 'accepted', rriTalks: '2' })!;
    const afterContact = texts(await command.act(OFFICER, contact, 'sv'));
    expect(afterContact[0]).toBe(t('sv', 'rri.savedContact'));
    expect(afterContact).toContain('- 2026-06-01: Telefon – Accepterade, 2 samtal');

    const outcome = rriSubmitOf({ verb: RRI_VERB, action: 'outcome', caseNumber: CASE_NUMBER, rriOutcomeDate: '2026-06-14', rriOutcome: 'decreased', rriSource: 'skyddsperson' })!;
    const afterOutcome = texts(await command.act(OFFICER, outcome, 'sv'));
    expect(afterOutcome[0]).toBe(t('sv', 'rri.savedOutcome'));
    expect(afterOutcome).toContain(t('sv', 'rri.summary', { contacts: 1, accepted: 1, outcomes: 1 }));
    expect(afterOutcome).toContain('- 2026-06-14: Minskat (källa: Skyddspersonen)');
  });

  it('saves nothing from a form with a future date or talks under a declined offer, and says what to check', async () => {
    const before = (await test.server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM rri_contacts')).rows[0]!.n;
    const future = rriSubmitOf({ verb: RRI_VERB, action: 'contact', caseNumber: CASE_NUMBER, rriContactDate: '2026-06-16', rriKind: 'brev', rriAnswer: 'accepted', rriTalks: '1' })!;
    const refused = await command.act(OFFICER, future, 'sv');
    expect(texts(refused)[0]).toBe(t('sv', 'rri.invalid', { fields: t('sv', 'rri.invalidDate') }));
    // The card comes back holding what was filled in, so nothing has to be entered again.
    const again = (refused.find((m) => m.kind === 'card') as unknown as Extract<Message, { kind: 'card' }>).card.body as Record<string, unknown>[];
    expect(Object.fromEntries(again.filter((b) => b.id === 'rriContactDate' || b.id === 'rriKind' || b.id === 'rriAnswer' || b.id === 'rriTalks').map((b) => [b.id, b.value]))).toEqual({ rriContactDate: '2026-06-16', rriKind: 'brev', rriAnswer: 'accepted', rriTalks: 1 });
    const declined = rriSubmitOf({ verb: RRI_VERB, action: 'contact', caseNumber: CASE_NUMBER, rriContactDate: '2026-06-10', rriKind: 'brev', rriAnswer: 'declined', rriTalks: '3' })!;
    expect(texts(await command.act(OFFICER, declined, 'en'))[0]).toBe(t('en', 'rri.invalid', { fields: t('en', 'rri.invalidTalks') }));
    expect((await test.server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM rri_contacts')).rows[0]!.n).toBe(before);
  });

  it('saves a declined offer sent with the talks field left empty, as the card shows it, with no talks held', async () => {
    const declined = rriSubmitOf({ verb: RRI_VERB, action: 'contact', caseNumber: CASE_NUMBER, rriContactDate: '2026-06-09', rriKind: 'telefon', rriAnswer: 'declined', rriTalks: '' })!;
    const replies = await command.act(OFFICER, declined, 'sv');
    expect(texts(replies).join('\n')).not.toContain(t('sv', 'rri.invalidTalks'));
    const stored = await test.server.database.query<{ accepted: boolean; talks_held: number }>("SELECT accepted, talks_held FROM rri_contacts WHERE contacted_on = '2026-06-09'");
    expect(stored.rows).toEqual([{ accepted: false, talks_held: 0 }]);
  });

  it('keeps the form when the API refuses a date the bot still took for today (midnight between the two)', async () => {
    // The bot's day has turned; the API's clock still says TODAY.
    const tomorrow = addDays(TODAY, 1);
    const late = new RriCommand({ rri: new HttpAssessmentApi({ baseUrl: () => test.server.url, serviceToken: () => test.serviceToken() }), caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, log: createLogger('silent'), today: () => tomorrow });
    const refused = await late.act(OFFICER, rriSubmitOf({ verb: RRI_VERB, action: 'contact', caseNumber: CASE_NUMBER, rriContactDate: tomorrow, rriKind: 'brev', rriAnswer: 'accepted', rriTalks: '1' })!, 'sv');
    expect(texts(refused)[0]).toBe(t('sv', 'rri.invalid', { fields: t('sv', 'rri.invalidDate') }));
    const again = (refused.find((m) => m.kind === 'card') as unknown as Extract<Message, { kind: 'card' }>).card.body as Record<string, unknown>[];
    expect(again.find((b) => b.id === 'rriContactDate')?.value).toBe(tomorrow);
  });

  it('tells an officer not assigned to the case that only assigned officers record RRI', async () => {
    const outcome = rriSubmitOf({ verb: RRI_VERB, action: 'outcome', caseNumber: CASE_NUMBER, rriOutcomeDate: '2026-06-14', rriOutcome: 'stopped', rriSource: 'hotaktor' })!;
    expect(texts(await command.act(COLLEAGUE, outcome, 'sv'))).toEqual([t('sv', 'rri.refused')]);
  });
});
