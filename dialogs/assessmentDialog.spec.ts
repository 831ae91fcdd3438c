import { describe, expect, it } from 'vitest';
import { TestAdapter, type Activity } from 'botbuilder';
import { pino } from 'pino';
import { FilePackSource } from '../methodology/filePackSource.js';
import { AssessmentApiStub } from '../test/assessmentApiStub.js';
import { ApiError, type AssessmentApi } from './assessmentApi.js';
import { ConversationRouter } from './conversationRouter.js';
import { t } from './messageCatalogue.js';

/** An API double that records calls and can be switched off, like a network outage. */
class FlakyApi extends AssessmentApiStub {
  down = false;
  values: { itemId: string; value: unknown }[] = [];
  completed = 0;
  private check() {
    if (this.down) throw new ApiError('unavailable', undefined, 'down');
  }
  override async create(...args: Parameters<AssessmentApi['create']>) {
    this.check();
    return super.create(...args);
  }
  override async saveAnswer(...args: Parameters<AssessmentApi['saveAnswer']>) {
    this.check();
    this.values.push({ itemId: args[2], value: args[3].value });
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
  const router = new ConversationRouter({ methodology: new FilePackSource(), api, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, log: pino({ level: 'silent' }) }, 'sv');
  const conversation: Record<string, unknown> = {};
  const user: Record<string, unknown> = {};
  const adapter = new TestAdapter((context) => router.handle(context, conversation, user, { officer: { id: 'fiktiv-1' }, text: context.activity.text, value: context.activity.value, conversationRef: 'fiktiv-samtal' }));
  const say = async (text: string) => {
    await adapter.processActivity({ type: 'message', text } as Partial<Activity>);
    return adapter.activeQueue.splice(0).map((a) => a.text ?? JSON.stringify(a.attachments?.[0]?.content));
  };
  return { api, say, conversation };
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

  it('asks for the case number again when the assessment cannot be created', async () => {
    const { api, say } = harness();
    await say('ny bedömning');
    api.down = true;
    const failed = await say('5000-K123456-25');
    expect(failed).toEqual([t('sv', 'error.apiUnavailable'), t('sv', 'assessment.askCaseNumber', { instrument: 'Initial bedömning' })]);
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
