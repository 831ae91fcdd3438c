// Typed input that fits more than one option is asked back through the bot
// (issue 13, item 2): "Menar du A eller B?" with a button per candidate, the
// rest of the message kept in each button, nothing saved meanwhile; an exact
// label is taken at once. Through the conversation router, as the officer
// types and presses, on the shipped pack and an API double.
import { TestAdapter, type Activity } from 'botbuilder';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { FilePackSource } from '../methodology/filePackSource.js';
import { AssessmentApiStub } from '../test/assessmentApiStub.js';
import type { AssessmentApi } from './assessmentApi.js';
import { ConversationRouter } from './conversationRouter.js';

/** Records what was created and saved. */
class RecordingApi extends AssessmentApiStub {
  created: string[] = [];
  answers: { itemId: string; value: unknown; rationale: unknown }[] = [];
  override async create(...args: Parameters<AssessmentApi['create']>) {
    this.created.push(`${args[1].instrumentId} ${args[1].caseNumber}`);
    return super.create(...args);
  }
  override async saveAnswer(...args: Parameters<AssessmentApi['saveAnswer']>) {
    this.answers.push({ itemId: args[2], value: args[3].value, rationale: args[3].rationale });
    return super.saveAnswer(...args);
  }
}

type Card = { body: { type: string; text?: string; actions?: { title: string; data: Record<string, string> }[] }[] };

function chat() {
  const api = new RecordingApi();
  const router = new ConversationRouter({ methodology: new FilePackSource(), api, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, log: pino({ level: 'silent' }) }, 'sv');
  const conversation: Record<string, unknown> = {};
  const user: Record<string, unknown> = {};
  const adapter = new TestAdapter((context) => router.handle(context, conversation, user, { officer: { id: 'fiktiv-1' }, text: context.activity.text, value: context.activity.value, conversationRef: 'fiktiv-samtal' }));
  const send = async (activity: Partial<Activity>) => {
    await adapter.processActivity({ type: 'message', ...activity } as Partial<Activity>);
    return adapter.activeQueue.splice(0).map((a) => ({ text: a.text, card: a.attachments?.[0]?.content as Card | undefined }));
  };
  const say = (text: string) => send({ text });
  const submit = (value: Record<string, string>) => send({ value });
  /** The question asked back: its text and its buttons. */
  const askedBack = (replies: Awaited<ReturnType<typeof send>>) => {
    expect(replies, JSON.stringify(replies).slice(0, 1500)).toHaveLength(1);
    const body = replies[0]!.card?.body;
    if (!body) throw new Error(JSON.stringify(replies).slice(0, 1500));
    return { question: body[0]!.text, buttons: body[1]!.actions!.map((a) => a.title), press: (title: string) => submit(body[1]!.actions!.find((a) => a.title === title)!.data) };
  };
  return { api, say, submit, askedBack };
}

/** Compact SARA:SV up to its plan part "Reducering av hotaktör": every factor rated N N, so no relevance card. */
async function atReduction() {
  const officer = chat();
  await officer.say('kompakt');
  await officer.say('strukturerad bedömning');
  await officer.submit({ verb: 'instrument', instrumentId: 'sarasv', caseNumber: '5000-K123456-25' });
  await officer.submit({ verb: 'compact', group: 'information', informationskallor: 'Samtal (fiktivt).', information_tillracklig: 'ja' });
  for (const [group, from] of [['sara-vald', 1], ['sara-psykosocial', 6], ['sara-sarbarhet', 11]] as const) {
    const values: Record<string, string> = {};
    for (let n = from; n < from + 5; n++) for (const period of ['nu', 'tidigare']) values[`sara${String(n).padStart(2, '0')}:${period}`] = 'n';
    await officer.submit({ verb: 'compact', group, ...values });
  }
  await officer.submit({ verb: 'compact', group: 'scenarier', scenario_troligt: 'Fortsatta hot (fiktivt).', scenario_allvarligt: 'Våld (fiktivt).', scenario_tidsperspektiv: 'veckor' });
  await officer.submit({ verb: 'compact', group: 'atgarder_skydd', atgarder_skydd: 'larmpaket' });
  const reduction = await officer.submit({ verb: 'compact', group: 'atgarder_stod', atgarder_stod: 'socialtjanst' });
  expect(JSON.stringify(reduction)).toContain('Reducering av hotaktör');
  officer.api.answers.length = 0;
  return officer;
}

describe('typed input that fits more than one option is asked back', () => {
  it('asks which measure "kontakt" means, keeping the other measures typed beside it, and saves the one pressed', async () => {
    const officer = await atReduction();
    const asked = officer.askedBack(await officer.say('rri, kontakt'));
    expect(asked.question).toBe('Menar du Kontaktförbud, Kontaktförbud avseende gemensam bostad, Utvidgat kontaktförbud eller Särskilt utvidgat kontaktförbud?');
    expect(asked.buttons).toEqual(['Kontaktförbud', 'Kontaktförbud avseende gemensam bostad', 'Utvidgat kontaktförbud', 'Särskilt utvidgat kontaktförbud']);
    expect(officer.api.answers).toEqual([]);
    await asked.press('Kontaktförbud avseende gemensam bostad');
    expect(officer.api.answers).toEqual([{ itemId: 'atgarder_reducering', value: ['rri', 'kontaktforbud_gemensam_bostad'], rationale: null }]);
  });

  it('takes an exact name at once', async () => {
    const officer = await atReduction();
    const replies = await officer.say('kontaktförbud');
    expect(replies.some((r) => r.text?.startsWith('Menar du'))).toBe(false);
    expect(officer.api.answers).toEqual([{ itemId: 'atgarder_reducering', value: ['kontaktforbud'], rationale: null }]);
  });

  it('asks which instrument "sa" means, keeping the case number typed with it', async () => {
    const officer = chat();
    await officer.say('strukturerad bedömning');
    const asked = officer.askedBack(await officer.say('sa 5000-K123456-25'));
    expect(asked.question).toBe('Menar du SAM – förföljelse eller SARA:SV?');
    expect(officer.api.created).toEqual([]);
    await asked.press('SARA:SV');
    expect(officer.api.created).toEqual(['sarasv 5000-K123456-25']);
  });

  it('asks which decision "remit" means on the compact decision card, keeping the reason typed after it', async () => {
    const officer = chat();
    await officer.say('kompakt');
    await officer.say('ny bedömning');
    await officer.say('5000-K123456-25');
    await officer.submit({ verb: 'compact', group: 'hotbild', hotbildsfraga: 'ja', relation: 'familj' });
    const flags = ['tidigare_vald', 'dodshot', 'sjalvmordshot', 'strypvald', 'eskalering', 'vapen', 'forfoljelse', 'overtradelse', 'separation', 'heder', 'sexuellt_vald', 'vald_mot_andra', 'missbruk_psykisk_ohalsa', 'barn'];
    const decision = await officer.submit({ verb: 'compact', group: 'varningstecken', ...Object.fromEntries(flags.map((f) => [f, 'nej'])) });
    expect(JSON.stringify(decision)).toContain('"group":"remiss"');
    officer.api.answers.length = 0;
    const asked = officer.askedBack(await officer.say('remit, hot inom familjen men inga varningstecken'));
    expect(asked.question).toBe('Menar du Remittera till Bops eller Remittera inte?');
    expect(officer.api.answers).toEqual([]);
    await asked.press('Remittera inte');
    expect(officer.api.answers).toEqual([{ itemId: 'beslut', value: 'remittera_inte', rationale: 'hot inom familjen men inga varningstecken' }]);
  });

  it('asks the same step by step, and the typed label still answers while the question is open', async () => {
    const officer = chat();
    await officer.say('ny bedömning');
    await officer.say('5000-K123456-25');
    let replies = await officer.say('ja');
    replies = await officer.say('familj');
    for (let guard = 0; guard < 20 && !JSON.stringify(replies).includes('"itemId":"beslut"'); guard++) replies = await officer.say('nej');
    const asked = officer.askedBack(await officer.say('remit'));
    expect(asked.buttons).toEqual(['Remittera till Bops', 'Remittera inte']);
    expect(officer.api.answers.at(-1)).toMatchObject({ itemId: 'barn' });
    await officer.say('remittera inte');
    await officer.say('Inga varningstecken.');
    expect(officer.api.answers.at(-1)).toEqual({ itemId: 'beslut', value: 'remittera_inte', rationale: 'Inga varningstecken.' });
  });
});

describe('a question asked back, answered late', () => {
  it('refuses a candidate pressed once the officer has moved on, never reading it as an answer to another question', async () => {
    const officer = chat();
    await officer.say('ny bedömning');
    await officer.say('5000-K123456-25');
    await officer.say('ja');
    await officer.say('familj');
    for (let guard = 0; guard < 20; guard++) {
      const replies = await officer.say('nej');
      if (JSON.stringify(replies).includes('"itemId":"beslut"')) break;
    }
    const asked = officer.askedBack(await officer.say('remit'));
    await officer.say('tillbaka');
    const saved = officer.api.answers.length;
    const late = await asked.press('Remittera inte');
    expect(late[0]!.text).toBe('Det kortet hör till en annan fråga. Svara på den aktuella frågan nedan.');
    expect(officer.api.answers).toHaveLength(saved);
  });
});
