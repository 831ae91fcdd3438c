// The work list's forms when the API cannot be reached: the escalation note and the reason to
// discard a draft come back on their cards as written, so the officer sends them again without
// writing them again. A note or reason the API cannot store (a control character, too long) is
// told by field and character before anything is sent, the card back as written; a draft the
// officer may not discard is told so, not as something to try again.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { FilePackSource } from '../methodology/filePackSource.js';
import { adaptiveCardText } from '../test/adaptiveCardText.js';
import { ApiError } from './assessmentApi.js';
import type { CaseWorkApi } from './caseWorkApi.js';
import { t } from './messageCatalogue.js';
import { WorkListCommand } from './workListCommand.js';
import { WORK_LIST_VERB, workListSubmitOf } from './workListSubmit.js';

const OFFICER = { id: 'fiktiv-handlaggare-1' };
const CASE = '5000-K123456-25';
const down = async (): Promise<never> => {
  throw new ApiError('unavailable', undefined, 'API unreachable');
};

function command(): WorkListCommand {
  const caseWork = { escalate: down, discardDraft: down } as unknown as CaseWorkApi;
  return new WorkListCommand({ methodology: new FilePackSource(), caseWork, log: pino({ level: 'silent' }) });
}

const cardTextOf = (messages: { kind: string }[]) => adaptiveCardText((messages.find((m) => m.kind === 'card') as { card: unknown } | undefined)?.card);

describe('work list forms when the API is down', () => {
  it('gives the escalation card back with the note written', async () => {
    const note = 'Hög risk för allvarligt våld, behöver bedömas inom en vecka.';
    const messages = await command().escalate(OFFICER, CASE, note, 'sv');
    expect(messages[0]).toEqual({ kind: 'text', text: t('sv', 'work.actionFailed') });
    expect(cardTextOf(messages)).toContain(`= "${note}"`);
  });

  it('gives the discard confirmation back with the reason written', async () => {
    const reason = 'Fel diarienummer, bedömningen görs om.';
    const submit = workListSubmitOf({ verb: WORK_LIST_VERB, action: 'confirmDiscard', assessmentId: '00000000-0000-4000-8000-0000000000a1', caseNumber: CASE, version: 3, discardReason: reason });
    expect(submit).toBeDefined();
    const { messages } = await command().act(OFFICER, submit!, 'sv');
    expect(messages[0]).toEqual({ kind: 'text', text: t('sv', 'work.actionFailed') });
    expect(cardTextOf(messages)).toContain(`= "${reason}"`);
  });
});

describe('work list forms with a text the API cannot store (issue 18, finding 5)', () => {
  const ASSESSMENT = '00000000-0000-4000-8000-0000000000a1';
  function recording(fail?: ApiError) {
    const sent: unknown[] = [];
    const caseWork = {
      escalate: async (_o: unknown, caseNumber: string, note: string) => {
        if (fail) throw fail;
        sent.push({ caseNumber, note });
        return 'created';
      },
      discardDraft: async (_o: unknown, assessmentId: string, reason: string) => {
        if (fail) throw fail;
        sent.push({ assessmentId, reason });
      },
    } as unknown as CaseWorkApi;
    return { sent, command: new WorkListCommand({ methodology: new FilePackSource(), caseWork, log: pino({ level: 'silent' }) }) };
  }
  const confirm = (discardReason: string) => workListSubmitOf({ verb: WORK_LIST_VERB, action: 'confirmDiscard', assessmentId: ASSESSMENT, caseNumber: CASE, version: 3, discardReason })!;

  it('names the character a discard reason holds, sends nothing, and gives the confirmation back with the reason and the draft it was for', async () => {
    const { sent, command: work } = recording();
    const reason = 'Fel diarienummer\u0000, görs om.';
    const { messages } = await work.act(OFFICER, confirm(reason), 'sv');
    expect(messages[0]).toEqual({ kind: 'text', text: 'Skälet innehåller ett tecken som inte kan sparas (U+0000). Ta bort det och skicka igen.' });
    expect(messages).toHaveLength(2);
    const card = (messages[1] as { card: unknown }).card;
    expect(JSON.stringify(card)).toContain(JSON.stringify(reason).slice(1, -1));
    expect(JSON.stringify(card)).toContain(`"assessmentId":"${ASSESSMENT}"`);
    expect(JSON.stringify(card)).toContain('"version":3');
    expect(sent).toEqual([]);
    // Corrected, it is sent.
    await work.act(OFFICER, confirm('Fel diarienummer, görs om.'), 'sv');
    expect(sent).toEqual([{ assessmentId: ASSESSMENT, reason: 'Fel diarienummer, görs om.' }]);
  });

  it('says how long a handover note may be, sends nothing, and gives the card back with the whole note', async () => {
    const { sent, command: work } = recording();
    const note = 'Hög risk. '.repeat(210).trim();
    const messages = await work.escalate(OFFICER, CASE, note, 'en');
    expect(messages[0]).toEqual({ kind: 'text', text: `The handover note has ${note.length} characters, but at most 2000 fit. Shorten the text and send again.` });
    expect(cardTextOf(messages)).toContain(`= "${note}"`);
    expect(sent).toEqual([]);
  });

  it('reads an API refusal of the text as the same specific message, not as an outage to try again', async () => {
    const refused = new ApiError('invalid_text', 'urn:bops:problem:validation', 'API 400', [{ code: 'invalid_format', path: ['body', 'reason'] }], [{ path: ['reason'], fault: { kind: 'character', character: 'U+0007' } }]);
    const { messages } = await recording(refused).command.act(OFFICER, confirm('Skäl med klocka'), 'sv');
    expect(messages[0]).toEqual({ kind: 'text', text: 'Skälet innehåller ett tecken som inte kan sparas (U+0007). Ta bort det och skicka igen.' });
    expect(cardTextOf(messages)).toContain('= "Skäl med klocka"');
    const note = await recording(new ApiError('invalid_text', undefined, 'API 400', [], [{ path: ['note'], fault: { kind: 'length', max: 2000, length: 2400 } }])).command.escalate(OFFICER, CASE, 'Anteckning', 'sv');
    expect(note[0]).toEqual({ kind: 'text', text: 'Överlämningsanteckningen har 2400 tecken, men högst 2000 får plats. Korta texten och skicka igen.' });
    expect(JSON.stringify(note)).not.toContain(t('sv', 'work.actionFailed'));
  });

  it('tells a discard of a draft that is not there, or not the officer’s, plainly: trying again would change nothing', async () => {
    for (const reason of ['forbidden', 'rejected'] as const) {
      const { messages } = await recording(new ApiError(reason, undefined, 'API 4xx')).command.act(OFFICER, confirm('Påbörjat två gånger.'), 'sv');
      expect(messages).toEqual([{ kind: 'text', text: t('sv', 'discard.refused') }]);
    }
  });
});
