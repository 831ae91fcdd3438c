// A closed case in chat, on the real stack: the case is closed over HTTP
// (PATCH /cases/{caseNumber} with If-Match), then an officer starts "ny
// bedömning" with its number. The real bot, whose API calls go over HTTP to
// the real API on PGlite, meets 409 case-closed and says plainly that the case
// is closed and takes no new assessments, that a Bops officer can reopen it —
// without the case number in the text — and takes another case number at
// once. Nothing is stored on the closed case; reopened, it takes work again.
// Officers and cases are fictitious.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ON_BEHALF_OF_HEADER, PURPOSE_HEADER } from '../api/assessmentContract.js';
import { problemTypeUri } from '../api/problem.js';
import { ApiError } from '../dialogs/assessmentApi.js';
import { HttpAssessmentApi } from '../dialogs/httpAssessmentApi.js';
import { t } from '../dialogs/messageCatalogue.js';
import { startTestServer, type TestOfficer, type TestServer } from './testServer.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { replayTranscript, type Transcript } from './transcriptRunner.js';

/** The transcripts' fictitious officer: Bops in Stockholm in the dev set-up. */
const OFFICER = '00000000-0000-4000-8000-00000000a001';
const CLOSED_CASE = '1400-K000201-26';
const OPEN_CASE = '1400-K000202-26';
/** A case of Region Väst, which the Stockholm officer may not see. */
const OTHER_REGION_CASE = '1490-K000203-26';
const VAST_OFFICER: TestOfficer = { id: 'officer-vast-chat-1', roles: ['bops_officer'], region: 'vast' };

const FIRST_QUESTION = `Hotbild · Fråga 1 av 17
Uppger målsäganden att hen känner sig hotad eller är rädd för att utsättas för nytt våld, hot eller trakasserier?
Ställ frågan till målsäganden i varje anmälan om brott mot person, också när brottskoden inte kräver det. Notera svaret med målsägandens egna ord i anmälan.
[1. Ja] [2. Nej] [3. Vet ej]
Tryck på ett alternativ eller skriv dess nummer eller text.
[Tillbaka] [Avbryt]`;
const ASK_CASE_NUMBER = t('sv', 'assessment.askCaseNumber', { instrument: 'Initial bedömning' });

describe.each(DATABASE_ENGINES)('a closed case in chat, on the real stack (%s)', (engine) => {
  let test: TestServer;

  /** The API as the bot calls it for the officer. */
  const asOfficer = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    test.api(path, {
      method,
      headers: {
        authorization: `Bearer ${await test.serviceToken()}`,
        [ON_BEHALF_OF_HEADER]: OFFICER,
        [PURPOSE_HEADER]: 'test: closed case',
        ...headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const assessmentsOf = async (caseNumber: string) => {
    const res = await asOfficer('GET', `/cases/${caseNumber}/assessments`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: { id: string; status: string }[] }).items;
  };

  beforeAll(async () => {
    test = await startTestServer({ engine });
    const created = await asOfficer('POST', '/cases', { caseNumber: CLOSED_CASE });
    expect(created.status).toBe(201);
    // Closed as a client closes it: PATCH with If-Match on the version just made.
    const closed = await asOfficer('PATCH', `/cases/${CLOSED_CASE}`, { status: 'closed' }, { 'if-match': created.headers.get('etag') ?? '' });
    expect(closed.status).toBe(200);
    expect(await closed.json()).toMatchObject({ status: 'closed' });
  });
  afterAll(async () => {
    await test?.close();
  });

  it('answers a case number of another region as one that cannot be used, never as "not allowed", and keeps asking', async () => {
    await test.provision([VAST_OFFICER]);
    const created = await test.as(VAST_OFFICER, 'POST', '/cases', { caseNumber: OTHER_REGION_CASE, region: 'vast' });
    expect(created.status).toBe(201);
    const result = await replayTranscript(
      {
        title: 'Ny bedömning på ett ärende i en annan region',
        officer: OFFICER,
        steps: [
          { user: 'ny bedömning' },
          { bot: ASK_CASE_NUMBER },
          { user: OTHER_REGION_CASE },
          { bot: t('sv', 'assessment.caseNumberRefused') },
          { bot: ASK_CASE_NUMBER },
          { user: 'avbryt' },
          { bot: t('sv', 'cancel.nothingSaved') },
        ],
      },
      test.server.bot,
    );
    expect(result.exchanges.flatMap((e) => e.replies).join('\n')).not.toMatch(/K000203|behörighet/i);
    const listed = await test.as(VAST_OFFICER, 'GET', `/cases/${OTHER_REGION_CASE}/assessments`);
    expect(((await listed.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('reads the API’s 409 case-closed as its own reason in the bot’s client', async () => {
    const client = new HttpAssessmentApi({ baseUrl: () => test.server.url, serviceToken: () => test.serviceToken() });
    const { pack, hash } = test.server.methodology.active(test.server.methodology.defaultPackId);
    const refused = await client
      .create({ id: OFFICER }, { caseNumber: CLOSED_CASE, level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash } })
      .then(() => undefined, (err: unknown) => err);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ reason: 'case_closed', problemType: problemTypeUri('case-closed') });
  });

  it('tells the officer plainly that the case is closed, without its number, and takes another case number at once', async () => {
    const transcript: Transcript = {
      title: 'Ny bedömning på ett avslutat ärende',
      officer: OFFICER,
      steps: [
        { user: 'ny bedömning' },
        { bot: ASK_CASE_NUMBER },
        { user: CLOSED_CASE.toLowerCase() },
        { bot: t('sv', 'assessment.caseClosed') },
        { bot: ASK_CASE_NUMBER },
        { user: OPEN_CASE },
        { bot: t('sv', 'assessment.created') },
        { card: FIRST_QUESTION },
        { user: 'avbryt' },
        { bot: t('sv', 'cancel.keptDraft') },
      ],
    };
    const result = await replayTranscript(transcript, test.server.bot);
    const refusal = result.exchanges.find((e) => e.step.startsWith(`user: ${CLOSED_CASE.toLowerCase()}`));
    expect(refusal?.replies.join('\n')).not.toMatch(/K000201/i);
    expect(await assessmentsOf(CLOSED_CASE)).toEqual([]);
    expect((await assessmentsOf(OPEN_CASE)).map((a) => a.status)).toEqual(['draft']);
  });

  it('says so in English from the same catalogue', async () => {
    const transcript: Transcript = {
      title: 'New assessment on a closed case',
      officer: OFFICER,
      steps: [
        { user: 'english' },
        { bot: t('en', 'language.switched') },
        { user: 'new assessment' },
        { bot: t('en', 'assessment.askCaseNumber', { instrument: 'Initial assessment' }) },
        { user: CLOSED_CASE },
        { bot: t('en', 'assessment.caseClosed') },
        { bot: t('en', 'assessment.askCaseNumber', { instrument: 'Initial assessment' }) },
        { user: 'cancel' },
        { bot: t('en', 'cancel.nothingSaved') },
        // The language is the officer's, kept across conversations: back to Swedish for what follows.
        { user: 'svenska' },
        { bot: t('sv', 'language.switched') },
      ],
    };
    await replayTranscript(transcript, test.server.bot);
    expect(await assessmentsOf(CLOSED_CASE)).toEqual([]);
  });

  it('takes the assessment once a Bops officer has reopened the case', async () => {
    const read = await asOfficer('GET', `/cases/${CLOSED_CASE}`);
    const reopened = await asOfficer('PATCH', `/cases/${CLOSED_CASE}`, { status: 'bops' }, { 'if-match': read.headers.get('etag') ?? '' });
    expect(reopened.status).toBe(200);
    await replayTranscript(
      {
        title: 'Ny bedömning på ett återöppnat ärende',
        officer: OFFICER,
        steps: [
          { user: 'ny bedömning' },
          { bot: ASK_CASE_NUMBER },
          { user: CLOSED_CASE },
          { bot: t('sv', 'assessment.created') },
          { card: FIRST_QUESTION },
        ],
      },
      test.server.bot,
    );
    expect((await assessmentsOf(CLOSED_CASE)).map((a) => a.status)).toEqual(['draft']);
  });
});
