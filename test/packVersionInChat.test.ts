// A draft begun on bops-exempel 1.0.0, resumed in chat after newer versions
// are published (issue 14; 1.1.1 is the active one), on the real stack (the bot
// over HTTP to the real API): the officer is told once what moving would mean —
// the answers it drops by name — and completes the draft either on 1.0.0
// ("behåll version") or on 1.1.1 ("byt version"), answering only what changed
// or is new. Kept, the choice holds in a later chat too: a draft resumed there
// is not offered the move again. Officers and cases are fictitious.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ON_BEHALF_OF_HEADER, PURPOSE_HEADER } from '../api/assessmentContract.js';
import { startTestServer, type TestServer } from './testServer.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { replayTranscript, type Transcript } from './transcriptRunner.js';

/** The transcripts' fictitious officer (intake and Bops in Stockholm in the dev set-up). */
const OFFICER = '00000000-0000-4000-8000-00000000a001';
const V1_ANSWERS: Record<string, string> = {
  hotbildsfraga: 'ja', relation: 'nara_relation', tidigare_vald: 'ja', dodshot: 'nej', eskalering: 'vet_ej',
  vapen: 'nej', forfoljelse: 'ja', overtradelse: 'nej', separation: 'ja', heder: 'nej',
};
const REASON = 'Fiktivt exempel: tidigare våld och förföljelse efter separation.';

describe.each(DATABASE_ENGINES)('a 1.0.0 draft resumed in chat after 1.1.1 is published (%s)', (engine) => {
  let test: TestServer;
  const api = async (method: string, path: string, body?: unknown) =>
    test.api(path, {
      method,
      headers: {
        authorization: `Bearer ${await test.serviceToken()}`,
        [ON_BEHALF_OF_HEADER]: OFFICER,
        [PURPOSE_HEADER]: 'test: method version',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  /** A draft on 1.0.0 with every item but the decision (and `leftOut`) answered, as an officer left it before 1.1.0 was published. */
  async function draftOn100(caseNumber: string, leftOut: readonly string[] = []): Promise<string> {
    const hash = test.server.methodology.get('bops-exempel', '1.0.0')!.hash;
    const res = await api('POST', '/assessments', { caseNumber, level: 'initial', instrumentId: 'initial', pack: { id: 'bops-exempel', version: '1.0.0', hash } });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { id: string }).id;
    for (const [itemId, value] of Object.entries(V1_ANSWERS).filter(([itemId]) => !leftOut.includes(itemId))) expect((await api('PUT', `/assessments/${id}/answers/${itemId}`, { value })).status).toBe(204);
    return id;
  }
  const stored = async (id: string) =>
    (await (await api('GET', `/assessments/${id}`)).json()) as { status: string; pack: { version: string }; versionChoice: string | null; derived: { packVersion: string } | null; answers: { itemId: string; value: unknown }[] };
  const chat = async (steps: Transcript['steps']) => (await replayTranscript({ title: 'version', officer: OFFICER, steps }, test.server.bot, { record: true })).exchanges;

  beforeAll(async () => {
    test = await startTestServer({ engine });
  }, 180_000);
  afterAll(async () => {
    await test?.close();
  });

  it('tells once what moving would mean; "behåll version" completes the draft on 1.0.0', async () => {
    const id = await draftOn100('1400-K000301-26');
    const [resumed, kept, decision, reason, again] = await chat([
      { user: 'fortsätt 1400-K000301-26' },
      { user: 'behåll version' },
      { user: '1' },
      { user: REASON },
      { user: 'fortsätt 1400-K000301-26' },
    ]);
    expect(resumed!.replies[0]).toBe(
      'Metodstödet har en nyare version, **1.1.1**; ditt utkast följer **1.0.0**. Byter du följer 5 av dina 10 svar med och 5 tas bort: Hotbildsfrågan, Relation, Tidigare våld eller hot, Hot om att döda eller skada allvarligt, Hedersrelaterad kontroll. 11 frågor ställs igen eller är nya: ' +
        'Hotbildsfrågan, Relation, Tidigare våld eller hot, Hot om att döda eller skada allvarligt, Självmordshot, Strypvåld, Hedersrelaterad kontroll, ' +
        'Sexuellt våld, Våld mot andra, Missbruk eller allvarlig psykisk ohälsa, Barn i hushållet. Skriv **byt version** för att byta eller **behåll version** för att fortsätta med 1.0.0.\n' +
        '[Byt version] [Behåll version]',
    );
    expect(resumed!.replies.join('\n')).toContain('Ska ärendet remitteras till Bops');
    expect(kept!.replies[0]).toBe('Du fortsätter med version **1.0.0**. Valet är sparat.');
    expect(decision!.replies.join('\n')).toContain('Motivera ditt val');
    expect(reason!.replies[0]).toMatch(/^Bedömningen \(\*\*Initial bedömning\*\*\) är slutförd och sparad\./);
    expect(await stored(id)).toMatchObject({ status: 'completed', pack: { version: '1.0.0' }, versionChoice: '1.1.1', derived: { packVersion: '1.0.0' } });
    // Completed: nothing to resume, and no second notice.
    expect(again!.replies.join('\n')).not.toContain('nyare version');
  });

  it('tells it once only: a draft kept on 1.0.0, left with "avbryt" and resumed in a later chat, is not offered the move again and stays on 1.0.0', async () => {
    const id = await draftOn100('1400-K000303-26', ['heder']);
    const [resumed, kept, answered, cancelled] = await chat([{ user: 'fortsätt 1400-K000303-26' }, { user: 'behåll version' }, { user: '2' }, { user: 'avbryt' }]);
    expect(resumed!.replies[0]).toContain('nyare version, **1.1.1**');
    expect(kept!.replies[0]).toBe('Du fortsätter med version **1.0.0**. Valet är sparat.');
    expect(kept!.replies.join('\n')).toContain('Finns tecken på hedersrelaterad kontroll');
    // The one question answered, then the decision asked; left there with the draft kept.
    expect(answered!.replies.join('\n')).toContain('Ska ärendet remitteras till Bops');
    expect(cancelled!.replies.join('\n')).not.toContain('nyare version');
    const left = await stored(id);
    expect(left).toMatchObject({ status: 'draft', pack: { version: '1.0.0' }, versionChoice: '1.1.1' });
    expect(left.answers.find((a) => a.itemId === 'heder')?.value).toBe('nej');

    // A later chat (a conversation of its own): the draft resumes at the decision, with no second notice.
    const [later] = await chat([{ user: 'fortsätt 1400-K000303-26' }]);
    expect(later!.replies.join('\n')).not.toContain('nyare version');
    expect(later!.replies.join('\n')).not.toContain('Byt version');
    expect(later!.replies.join('\n')).toContain('Ska ärendet remitteras till Bops');
    const after = await stored(id);
    expect(after).toMatchObject({ status: 'draft', pack: { version: '1.0.0' }, versionChoice: '1.1.1' });
    expect(after.answers).toHaveLength(Object.keys(V1_ANSWERS).length);
  });

  it('"byt version" moves the draft to 1.1.1, names the answers it dropped, asks only what changed or is new, and completes it there', async () => {
    const id = await draftOn100('1400-K000302-26');
    // hotbildsfraga, relation, tidigare_vald, dodshot, sjalvmordshot, strypvald, then separation (it depends on the relation asked
    // again), heder, sexuellt_vald, vald_mot_andra, missbruk_psykisk_ohalsa, barn; then the decision and its reason.
    const answers = ['1', '1', '1', '2', '2', '1', '1', '2', '2', '2', '2', '1', '1', REASON].map((user) => ({ user }));
    const [resumed, moved, ...rest] = await chat([{ user: 'fortsätt 1400-K000302-26' }, { user: 'byt version' }, ...answers]);
    expect(resumed!.replies[0]).toContain('nyare version, **1.1.1**');
    expect(moved!.replies[0]).toBe('Utkastet följer nu version **1.1.1**. 5 svar följde med och 5 togs bort: Hotbildsfrågan, Relation, Tidigare våld eller hot, Hot om att döda eller skada allvarligt, Hedersrelaterad kontroll. Du får frågorna som ändrats eller är nya.');
    expect(moved!.replies.join('\n')).toContain('Uppger målsäganden att hen känner sig hotad');
    expect(moved!.replies.join('\n')).not.toContain('nyare version');
    const asked = rest.flatMap((e) => e.replies).join('\n');
    expect(asked).toContain('Har personen tagit stryptag');
    expect(asked).not.toContain('Har våldet eller hoten blivit vanligare');
    expect(rest.at(-1)!.replies[0]).toMatch(/^Bedömningen \(\*\*Initial bedömning\*\*\) är slutförd och sparad\./);
    const done = await stored(id);
    expect(done).toMatchObject({ status: 'completed', pack: { version: '1.1.1' }, versionChoice: '1.1.1', derived: { packVersion: '1.1.1' } });
  });
});
