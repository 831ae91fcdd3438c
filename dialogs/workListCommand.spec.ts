// The work list's forms when the API cannot be reached: the escalation note and the reason to
// discard a draft come back on their cards as written, so the officer sends them again without
// writing them again.
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
