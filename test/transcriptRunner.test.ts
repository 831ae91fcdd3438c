// The transcript runner is the assertion of every dialog transcript, so it is
// tested on its own: a transcript that is right passes, and each way of being
// wrong (a reply that differs, one too many or too few, a click the card could
// not send, a card property the text does not show) fails.
import type { TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { adaptiveCardText } from './adaptiveCardText.js';
import { replayTranscript, type Transcript } from './transcriptRunner.js';

const CARD = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: 'Skriv en anteckning', wrap: true },
    { type: 'Input.Text', id: 'note', maxLength: 5 },
    { type: 'Input.ChoiceSet', id: 'pick', style: 'expanded', value: 'b', choices: [{ title: 'A', value: 'a' }, { title: 'B', value: 'b' }] },
    { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: 'Spara', data: { verb: 'save' } }] },
  ],
};
const CARD_TEXT = 'Skriv en anteckning\n<note max 5>\n<pick: A | B = B>\n[Spara]';

/** A bot that answers "kort" with the card, a submit with what it got, anything else with an echo. */
const bot = {
  async run(context: TurnContext): Promise<void> {
    const { text, value } = context.activity;
    if (value) await context.sendActivity(`fick ${JSON.stringify(value)}`);
    else if (text === 'kort') await context.sendActivity({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: CARD }] });
    else if (text === 'två') {
      await context.sendActivity('ett');
      await context.sendActivity('två');
    } else await context.sendActivity(`eko: ${text}`);
  },
};

const run = (steps: Transcript['steps']) => replayTranscript({ title: 'runner', officer: '00000000-0000-4000-8000-00000000a001', steps }, bot);

describe('transcript runner', () => {
  it('passes a transcript that matches, card and click included', async () => {
    const result = await run([
      { user: 'hej' },
      { bot: 'eko: hej' },
      { user: 'kort' },
      { card: CARD_TEXT },
      { click: 'Spara', inputs: { note: 'kort', pick: 'a' } },
      { bot: 'fick {{any}}' },
    ]);
    expect(result.exchanges.map((e) => e.replies)).toEqual([['eko: hej'], [CARD_TEXT], ['fick {"verb":"save","note":"kort","pick":"a"}']]);
  });

  it('fails on a reply that differs by one character', async () => {
    await expect(run([{ user: 'hej' }, { bot: 'eko: hek' }])).rejects.toThrow(/step 2 .*reply differs/s);
  });

  it('fails when the bot sends more than the transcript expects, and when it sends less', async () => {
    await expect(run([{ user: 'två' }, { bot: 'ett' }])).rejects.toThrow(/1 more reply/);
    await expect(run([{ user: 'hej' }, { bot: 'eko: hej' }, { bot: 'eko: hej' }])).rejects.toThrow(/sent nothing more/);
  });

  it('fails on a text where a card came, and on a card whose preselected value differs', async () => {
    await expect(run([{ user: 'kort' }, { bot: CARD_TEXT }])).rejects.toThrow(/reply differs/);
    await expect(run([{ user: 'kort' }, { card: CARD_TEXT.replace('= B', '= A') }])).rejects.toThrow(/reply differs/);
  });

  it('refuses a click that sends what the card cannot: an unknown input, an unknown choice, a text over the limit', async () => {
    const upTo = [{ user: 'kort' }, { card: CARD_TEXT }] satisfies Transcript['steps'];
    await expect(run([...upTo, { click: 'Spara', inputs: { other: 'x' } }])).rejects.toThrow(/no input "other"/);
    await expect(run([...upTo, { click: 'Spara', inputs: { pick: 'c' } }])).rejects.toThrow(/no choice "c"/);
    await expect(run([...upTo, { click: 'Spara', inputs: { pick: 'a,b' } }])).rejects.toThrow(/no choice "a,b"|not multi-select/);
    await expect(run([...upTo, { click: 'Spara', inputs: { note: 'sex tkn' } }])).rejects.toThrow(/limited to 5/);
    await expect(run([...upTo, { click: 'Ta bort' }])).rejects.toThrow(/no button "Ta bort"/);
  });
});

describe('card text', () => {
  it('shows multi-select, limits, placeholders and preselected values', () => {
    const text = adaptiveCardText({
      type: 'AdaptiveCard',
      body: [
        { type: 'Input.ChoiceSet', id: 'm', isMultiSelect: true, value: 'a,b', choices: [{ title: 'A', value: 'a' }, { title: 'B', value: 'b' }] },
        { type: 'Input.Text', id: 't', isMultiline: true, maxLength: 10, placeholder: 'Motivering' },
      ],
    });
    expect(text).toBe('<m: A | B multi = A, B>\n<t multiline max 10 placeholder "Motivering">');
  });

  it('fails loudly on a property it would otherwise drop', () => {
    expect(() => adaptiveCardText({ type: 'AdaptiveCard', body: [{ type: 'Input.Text', id: 't', regex: '^\\d+$' }] })).toThrow(/"regex"/);
    expect(() => adaptiveCardText({ type: 'AdaptiveCard', body: [{ type: 'Image', url: 'x' }] })).toThrow(/unexpected card element Image/);
  });
});
