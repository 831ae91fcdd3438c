// Replays a dialog transcript (test/transcripts/*.yaml) against the real bot:
// each officer step goes in as an activity, and the bot's replies must match
// the expected text and Adaptive Cards, in order, with nothing extra. A click
// presses a button on the latest card and sends that button's real data, so
// the cards' wiring is tested as well as their wording.
// botbuilder's TestAdapter.testActivities compares text only, hence this runner.
import { readFileSync } from 'node:fs';
import { TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { parse } from 'yaml';
import { z } from 'zod';
import { officerRoleSchema } from '../api/officerRoles.js';
import { adaptiveCardText, buttonsWithoutInputs, inputsRejectedBy, submitActions } from './adaptiveCardText.js';

const stepSchema = z.union([
  z.strictObject({ user: z.string() }),
  // nth: which of several buttons with the same title (1 = the first), e.g. the second row's "Kasta".
  // from: press a button on an earlier card still in the chat (1 = the latest card, 2 = the one before), as a stale card.
  z.strictObject({ click: z.string(), nth: z.number().int().min(1).optional(), from: z.number().int().min(1).optional(), inputs: z.record(z.string(), z.string()).optional() }),
  z.strictObject({ join: z.literal(true) }),
  z.strictObject({ bot: z.string() }),
  z.strictObject({ card: z.string() }),
]);

export const transcriptSchema = z.strictObject({
  title: z.string(),
  description: z.string().optional(),
  /** A fictitious officer (Entra object id style); never a real person. */
  officer: z.string().default('00000000-0000-4000-8000-00000000a001'),
  /** The officer's roles when not the dev officer's (intake and Bops): provisioned before the replay, in Stockholm. */
  roles: z.array(officerRoleSchema).min(1).optional(),
  /** A completed assessment the transcript makes, read back over the API after the replay. */
  /** `reassessed`: the assessment is an omprövning of an earlier one the transcript completed in the same case. */
  readBack: z
    .strictObject({
      caseNumber: z.string(),
      instrumentId: z.string(),
      reassessed: z.boolean().optional(),
      /** Reasons the chat took as typed text, by item: read back exactly as stored. */
      reasons: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  steps: z.array(stepSchema).min(1),
});
export type Transcript = z.infer<typeof transcriptSchema>;

export function loadTranscript(file: string): Transcript {
  return transcriptSchema.parse(parse(readFileSync(file, 'utf8')));
}

export interface ReplayResult {
  /** Per officer step, the replies as compared (text or card text). */
  exchanges: { step: string; replies: string[] }[];
  /** In record mode: the officer steps with the bot's actual replies after each, to review and save. */
  recorded: Transcript['steps'];
}

const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';

function replyText(activity: Partial<Activity>): { kind: 'bot' | 'card'; text: string; card?: unknown } {
  const card = activity.attachments?.find((a) => a.contentType === CARD_TYPE)?.content;
  if (card) return { kind: 'card', text: adaptiveCardText(card), card };
  return { kind: 'bot', text: activity.text ?? '' };
}

const normalise = (s: string) => s.replace(/[ \t]+\n/g, '\n').trim();

/** The placeholder for a value that differs per run (an assessment reference): any run of non-space characters. */
export const ANY = '{{any}}';

export function matches(expected: string, actual: string): boolean {
  const parts = normalise(expected).split(ANY).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('\\S+')}$`).test(normalise(actual));
}

/**
 * Replays the transcript through bot.run on a TestAdapter (msteams channel,
 * personal conversation). Throws with the step number and a diff-friendly
 * message on the first mismatch.
 */
export async function replayTranscript(
  transcript: Transcript,
  bot: { run(context: TurnContext): Promise<void> },
  options: { record?: boolean } = {},
): Promise<ReplayResult> {
  const conversationId = `a:transcript-${Math.random().toString(36).slice(2)}`;
  const adapter = new TestAdapter(async (context) => bot.run(context), {
    channelId: 'msteams',
    conversation: { id: conversationId, conversationType: 'personal', isGroup: false, name: '' },
    from: { id: `29:${transcript.officer}`, name: 'Testhandläggare', aadObjectId: transcript.officer },
    recipient: { id: '28:bops-bot', name: 'Bops' },
    locale: 'en-US',
  } as Partial<Activity>);
  const exchanges: ReplayResult['exchanges'] = [];
  const recorded: ReplayResult['recorded'] = [];
  let pending: ReturnType<typeof replyText>[] = [];
  let lastCard: unknown;
  const cards: unknown[] = [];
  let label = '';

  const expectNoPending = (at: number) => {
    if (options.record) {
      for (const p of pending.splice(0)) recorded.push(p.kind === 'bot' ? { bot: p.text } : { card: p.text });
    }
    if (pending.length) {
      throw new Error(`step ${at} (${label}): the bot sent ${pending.length} more reply/replies than the transcript expects:\n${pending.map((p) => `--- ${p.kind}\n${p.text}`).join('\n')}`);
    }
  };

  const send = async (at: number, activity: Partial<Activity>, description: string) => {
    expectNoPending(at);
    label = description;
    await adapter.processActivity(activity);
    pending = adapter.activeQueue.splice(0).filter((a) => a.type === 'message').map(replyText);
    exchanges.push({ step: description, replies: pending.map((p) => p.text) });
    for (const p of pending) if (p.card) cards.push((lastCard = p.card));
  };

  for (const [index, step] of transcript.steps.entries()) {
    const at = index + 1;
    if (options.record && !('bot' in step) && !('card' in step)) {
      expectNoPending(at);
      recorded.push(step);
    }
    if ('user' in step) {
      await send(at, { type: 'message', text: step.user }, `user: ${step.user.slice(0, 40)}`);
    } else if ('click' in step) {
      if (!lastCard) throw new Error(`step ${at}: click "${step.click}" but the bot has sent no card`);
      if (step.from !== undefined) {
        const earlier = cards[cards.length - step.from];
        if (!earlier) throw new Error(`step ${at}: no card ${step.from} back`);
        lastCard = earlier;
      }
      const action = submitActions(lastCard).filter((a) => a.title === step.click)[(step.nth ?? 1) - 1];
      if (!action) throw new Error(`step ${at}: no button "${step.click}" on the latest card; it has ${submitActions(lastCard).map((a) => `"${a.title}"`).join(', ')}`);
      const rejected = step.inputs && (buttonsWithoutInputs(lastCard).has(step.click) ? `"${step.click}" sends none of the card's fields` : inputsRejectedBy(lastCard, step.inputs));
      if (rejected) throw new Error(`step ${at}: click "${step.click}" sends inputs the card cannot: ${rejected}`);
      await send(at, { type: 'message', value: { ...action.data, ...step.inputs } }, `click: ${step.click}`);
    } else if ('join' in step) {
      // The bot and the officer join the chat, as on an install (only the bot's arrival greets).
      await send(at, { type: 'conversationUpdate', membersAdded: [{ id: '28:bops-bot', name: 'Bops' }, { id: `29:${transcript.officer}`, name: '' }] }, 'join');
    } else if (options.record) {
      continue;
    } else {
      const expectedKind = 'bot' in step ? 'bot' : 'card';
      const expected = 'bot' in step ? step.bot : step.card;
      const actual = pending.shift();
      if (!actual) throw new Error(`step ${at} (${label}): expected a ${expectedKind} reply but the bot sent nothing more:\n${expected}`);
      if (actual.kind !== expectedKind || !matches(expected, actual.text)) {
        throw new Error(`step ${at} (${label}): reply differs\n--- expected ${expectedKind}\n${normalise(expected)}\n--- actual ${actual.kind}\n${normalise(actual.text)}`);
      }
    }
  }
  expectNoPending(transcript.steps.length);
  return { exchanges, recorded };
}
