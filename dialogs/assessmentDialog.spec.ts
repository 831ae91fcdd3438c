import { describe, expect, it } from 'vitest';
import { TestAdapter, type Activity } from 'botbuilder';
import { pino } from 'pino';
import { FilePackSource } from '../methodology/filePackSource.js';
import type { MethodologySource } from '../methodology/methodologySource.js';
import { AssessmentApiStub } from '../test/assessmentApiStub.js';
import { problemTypeUri } from '../api/problem.js';
import { ApiError, type AssessmentApi } from './assessmentApi.js';
import { ConversationRouter } from './conversationRouter.js';
import { t } from './messageCatalogue.js';

/** An API double that records calls and can be switched off, like a network outage. */
class FlakyApi extends AssessmentApiStub {
  down = false;
  /** Case numbers the API holds as closed: new work on them is refused 409 case-closed. */
  closedCases = new Set<string>();
  /** The draft's case has been closed since it was created (a race: closing waits for drafts). */
  draftCaseClosed = false;
  created: string[] = [];
  values: { itemId: string; value: unknown }[] = [];
  /** What each save told the API of how it was given. */
  given: { itemId: string; mode: unknown; answersInMessage: unknown }[] = [];
  completed = 0;
  private check() {
    if (this.down) throw new ApiError('unavailable', undefined, 'down');
  }
  private caseClosed() {
    return new ApiError('case_closed', problemTypeUri('case-closed'), 'API 409: case closed');
  }
  override async create(...args: Parameters<AssessmentApi['create']>) {
    this.check();
    if (this.closedCases.has(args[1].caseNumber)) throw this.caseClosed();
    this.created.push(args[1].caseNumber);
    return super.create(...args);
  }
  override async saveAnswer(...args: Parameters<AssessmentApi['saveAnswer']>) {
    this.check();
    if (this.draftCaseClosed) throw this.caseClosed();
    this.values.push({ itemId: args[2], value: args[3].value });
    this.given.push({ itemId: args[2], mode: args[3].mode, answersInMessage: args[3].answersInMessage });
    return super.saveAnswer(...args);
  }
  override async complete() {
    this.check();
    this.completed++;
    return super.complete();
  }
}

function harness() {
  const api = new FlakyApi();
  return { api, ...chat(new FilePackSource(), api) };
}

/** One officer's chat with a router over `methodology` and `api`: what they say or submit, and the replies as text. */
function chat(methodology: MethodologySource, api: AssessmentApi) {
  const router = new ConversationRouter({ methodology, api, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, log: pino({ level: 'silent' }) }, 'sv');
  const conversation: Record<string, unknown> = {};
  const user: Record<string, unknown> = {};
  const adapter = new TestAdapter((context) => router.handle(context, conversation, user, { officer: { id: 'fiktiv-1' }, text: context.activity.text, value: context.activity.value, conversationRef: 'fiktiv-samtal' }));
  const say = async (text: string) => {
    await adapter.processActivity({ type: 'message', text } as Partial<Activity>);
    return adapter.activeQueue.splice(0).map((a) => a.text ?? JSON.stringify(a.attachments?.[0]?.content));
  };
  const submit = async (value: Record<string, string>) => {
    await adapter.processActivity({ type: 'message', value } as Partial<Activity>);
    return adapter.activeQueue.splice(0).map((a) => a.text ?? JSON.stringify(a.attachments?.[0]?.content));
  };
  return { say, submit, conversation };
}

describe('assessment dialog host', () => {
  it('keeps every earlier answer and re-asks the same question when the API is down, then goes on', async () => {
    const { api, say } = harness();
    await say('ny bedömning');
    await say('5000-K123456-25');
    await say('ja');
    api.down = true;
    const failed = await say('4');
    expect(failed[0]).toBe(t('sv', 'error.apiUnavailable'));
    expect(failed[1]).toContain('Vilken relation');
    api.down = false;
    const next = await say('4');
    expect(next[0]).toContain('Finns uppgifter om tidigare våld');
    expect(api.values).toEqual([
      { itemId: 'hotbildsfraga', value: 'ja' },
      { itemId: 'relation', value: 'okand' },
    ]);
  });

  it('brings a compact card back with every value on it when the API is down, and saves it once the API is back', async () => {
    const { api, say, submit } = harness();
    await say('kompakt');
    await say('ny bedömning');
    await say('5000-K123456-25');
    api.down = true;
    const failed = await submit({ verb: 'compact', group: 'hotbild', hotbildsfraga: 'vet_ej', relation: 'familj' });
    expect(failed[0]).toBe(t('sv', 'error.apiUnavailable'));
    // The card again, each input preselected with the officer's choice (its value set before its choices).
    expect(failed[1]).toMatch(/"id":"hotbildsfraga"[^[]*"value":"vet_ej","choices"/);
    expect(failed[1]).toMatch(/"id":"relation"[^[]*"value":"familj","choices"/);
    api.down = false;
    const saved = await submit({ verb: 'compact', group: 'hotbild', hotbildsfraga: 'vet_ej', relation: 'familj' });
    expect(saved[0]).toContain('"id":"tidigare_vald"');
    expect(api.values).toEqual([
      { itemId: 'hotbildsfraga', value: 'vet_ej' },
      { itemId: 'relation', value: 'familj' },
    ]);
  });

  it('tells the API the mode of each answer and how many answers the officer\'s message gave, also after a switch midway', async () => {
    const { api, say, submit } = harness();
    await say('ny bedömning');
    await say('5000-K123456-25');
    await say('ja');
    await say('kompakt');
    await submit({ verb: 'compact', group: 'hotbild', hotbildsfraga: 'nej', relation: 'familj' });
    // One typed answer is one message; the card's two answers are one message too, and the pause before it may be twice as long.
    expect(api.given).toEqual([
      { itemId: 'hotbildsfraga', mode: 'step', answersInMessage: 1 },
      { itemId: 'hotbildsfraga', mode: 'compact', answersInMessage: 2 },
      { itemId: 'relation', mode: 'compact', answersInMessage: 2 },
    ]);
  });

  it('takes an empty draft of its own of the instrument in the case as made, creating no second one', async () => {
    const { api, say } = harness();
    const at = '2026-12-04T09:00:00.000Z';
    api.listForCase = async () => [
      { id: '00000000-0000-4000-8000-0000000000e1', caseNumber: '5000-K123456-25', region: 'stockholm', level: 'initial', instrumentId: 'initial', pack: { id: 'bops-exempel', version: '1.1.1', hash: 'x' }, status: 'draft', officerId: 'fiktiv-1', createdAt: at, updatedAt: at, completedAt: null, discardedAt: null, discardReason: null, reassessmentOf: null },
    ] as never;
    const replies = await say('ny bedömning 5000-K123456-25');
    expect(api.created).toEqual([]);
    expect(replies[0]).toBe(t('sv', 'assessment.created'));
    await say('ja');
    expect(api.values).toEqual([{ itemId: 'hotbildsfraga', value: 'ja' }]);
  });

  it('asks for the case number again when the assessment cannot be created', async () => {
    const { api, say } = harness();
    await say('ny bedömning');
    api.down = true;
    const failed = await say('5000-K123456-25');
    expect(failed).toEqual([t('sv', 'error.apiUnavailable'), t('sv', 'assessment.askCaseNumber', { instrument: 'Initial bedömning' })]);
  });

  it('tells the officer plainly that a closed case takes no new assessment, without its number, and takes another case number at once', async () => {
    const { api, say } = harness();
    api.closedCases.add('5000-K111111-25');
    await say('ny bedömning');
    const refused = await say('5000-k111111-25');
    expect(refused).toEqual([t('sv', 'assessment.caseClosed'), t('sv', 'assessment.askCaseNumber', { instrument: 'Initial bedömning' })]);
    expect(refused.join('\n')).not.toContain('K111111');
    expect(api.created).toEqual([]);
    const next = await say('5000-K123456-25');
    expect(next[0]).toBe(t('sv', 'assessment.created'));
    expect(api.created).toEqual(['5000-K123456-25']);
  });

  it('says so in English from the same catalogue', async () => {
    const { api, say } = harness();
    api.closedCases.add('5000-K111111-25');
    await say('english');
    await say('new assessment');
    expect((await say('5000-K111111-25'))[0]).toBe(t('en', 'assessment.caseClosed'));
  });

  it('tells the officer plainly when an answer meets a case closed meanwhile, keeping the draft and the question', async () => {
    const { api, say } = harness();
    await say('ny bedömning');
    await say('5000-K123456-25');
    api.draftCaseClosed = true;
    const refused = await say('ja');
    expect(refused[0]).toBe(t('sv', 'error.caseClosed'));
    expect(refused[1]).toContain('känner sig hotad');
    expect(await say('avbryt')).toEqual([t('sv', 'cancel.keptDraft')]);
  });

  it('starts over, saying so and how to resume a draft, when the stored dialog snapshot cannot be read and names no draft', async () => {
    const { say, conversation } = harness();
    await say('ny bedömning');
    const stack = (conversation.dialogState as { dialogStack: { state: { runner: { v: number } } }[] }).dialogStack;
    stack[0]!.state.runner.v = 99;
    expect(await say('5000-K123456-25')).toEqual([t('sv', 'state.unreadable')]);
    expect(await say('tillbaka')).toEqual([t('sv', 'back.notInAssessment')]);
  });
});

describe('a method version published while an assessment is open in the chat', () => {
  /** bops-exempel with 1.1.0 active until released, then 1.1.1, as a method owner's release does to a running server. */
  class PublishingSource extends FilePackSource {
    released = false;
    override active(packId: string) {
      return this.released ? super.active(packId) : super.get(packId, '1.1.0')!;
    }
  }
  class ChoosingApi extends AssessmentApiStub {
    async choosePackVersion(): Promise<never> {
      throw new ApiError('unavailable', undefined, 'not needed in this test');
    }
  }

  it('tells the officer once, at their next answer, what moving would mean; the answer is still taken', async () => {
    const methodology = new PublishingSource();
    const api = new ChoosingApi();
    const { say } = chat(methodology, api);
    await say('ny bedömning');
    expect((await say('5000-K123456-25')).join('\n')).not.toContain('nyare version');
    methodology.released = true;
    const told = await say('ja');
    expect(told[0]).toContain('Metodstödet har en nyare version, **1.1.1**; ditt utkast följer **1.1.0**.');
    // 1.1.1 leaves the initial assessment as it was: the notice says so rather than listing nothing.
    expect(told[0]).toContain('Byter du är frågorna desamma och alla svar följer med.');
    expect(told.slice(1).join('\n')).toContain('Vilken relation');
    const next = await say('4');
    expect(next.join('\n')).not.toContain('nyare version');
    expect(next.join('\n')).toContain('Finns uppgifter om tidigare våld');
  });
});

describe('a resumed draft of an older method version, while the choice of version is open', () => {
  const CASE = '5000-K123456-25';
  const DRAFT = '00000000-0000-4000-8000-0000000000d1';
  /** A SARA:SV draft begun on 1.0.0 with nothing answered: it stands at the free-text question of information sources. */
  class OlderDraftApi extends AssessmentApiStub {
    version = '1.0.0';
    versionChoice: string | null = null;
    choices: { version: string; move: boolean }[] = [];
    texts: unknown[] = [];
    private summary() {
      const at = '2026-12-04T09:00:00.000Z';
      return { id: DRAFT, caseNumber: CASE, region: 'stockholm', level: 'structured', instrumentId: 'sarasv', pack: { id: 'bops-exempel', version: this.version, hash: 'x' }, status: 'draft', officerId: 'fiktiv-1', createdAt: at, updatedAt: at, completedAt: null, discardedAt: null, discardReason: null, reassessmentOf: null } as const;
    }
    override async listForCase() {
      return [this.summary()] as never;
    }
    override async get() {
      return { ...this.summary(), versionChoice: this.versionChoice, mode: 'step', activeSeconds: null, answers: [], derived: null } as never;
    }
    override async saveAnswer(...args: Parameters<AssessmentApi['saveAnswer']>) {
      this.texts.push(args[3].value);
      return super.saveAnswer(...args);
    }
    async choosePackVersion(_officer: unknown, _id: string, choice: { version: string; move: boolean }): Promise<never> {
      this.choices.push(choice);
      this.versionChoice = choice.version;
      if (choice.move) this.version = choice.version;
      return undefined as never;
    }
  }
  const resumed = async () => {
    const api = new OlderDraftApi();
    const talk = chat(new FilePackSource(), api);
    const told = await talk.say(`fortsätt ${CASE}`);
    expect(told.join('\n')).toContain('ditt utkast följer **1.0.0**');
    expect(told.join('\n')).toContain('Vilka informationskällor');
    return { api, ...talk };
  };

  it('reads the version commands forgivingly — case, accents, punctuation, short forms, English — and never saves one as the answer', async () => {
    for (const [typed, move] of [['Byt version.', true], ['byt', true], ['  BYT   VERSION!', true], ['Switch version.', true], ['behall version', false], ['Behåll.', false], ['keep', false]] as const) {
      const { api, say } = await resumed();
      const replies = await say(typed);
      expect(api.choices, typed).toEqual([{ version: '1.1.1', move }]);
      expect(api.saved, typed).toEqual([]);
      expect(replies[0], typed).toMatch(move ? /^Utkastet följer nu version \*\*1\.1\.1\*\*/ : /^Du fortsätter med version \*\*1\.0\.0\*\*/);
    }
  });

  it('offers the two choices as buttons on the notice, and takes a press of either', async () => {
    const { api, submit } = await resumed();
    const replies = await submit({ verb: 'version', choice: 'keep' });
    expect(api.choices).toEqual([{ version: '1.1.1', move: false }]);
    expect(replies[0]).toBe('Du fortsätter med version **1.0.0**. Valet är sparat.');
    expect(api.saved).toEqual([]);
  });

  it('takes "byt" as the free-text answer once the choice is made, and on a draft with no choice open', async () => {
    const { api, say } = await resumed();
    await say('behåll version');
    await say('byt');
    expect(api.texts).toEqual(['byt']);
  });
});
