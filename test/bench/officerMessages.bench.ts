// `npm run bench officerMessages` (issue 13, item 7): how many messages an
// officer needs from "ny bedömning" / "strukturerad bedömning" to saved (the
// plan included), per instrument, step by step and in compact mode — by filling
// in the cards, and typed: each card of choices as one message — scripted
// officers on the real bot over HTTP, with a stand-in Bot Connector and the API
// on PGlite. SARA:SV also a second time on the same case, re-assessing the
// first (the omprövning offer comes in between). Also the cards shown and the characters typed. Counts, not times:
// the figures are the same on any machine. Prints a table; asserts nothing
// (test/compactMode.test.ts holds the targets as assertions).
import { provisionOfficer } from '../../api/officerAdministration.js';
import { startConnectorStandIn } from '../botConnectorStandIn.js';
import { completeAssessment, intendedAnswers, personalChat, type CompactInput, type OfficerCost } from '../scriptedOfficer.js';
import { startTestServer } from '../testServer.js';

/** Targets in compact mode (issue 13): messages from the start command to saved. */
export const COMPACT_TARGETS: Readonly<Record<string, number>> = { initial: 6, sarasv: 12, sam: 14 };
/** One officer's answers, the same for both modes: a mix of ratings, some factors present, measures in every part. */
export const BENCH_PICKS = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
/** The instrument also run a second time on the same case, as an omprövning of the first (issue 13: a case with a completed assessment). */
export const REASSESSED = 'sarasv';
const COMMAND = { initial: 'ny bedömning', structured: 'strukturerad bedömning', in_depth: 'fördjupad bedömning' } as const;

export default async function officerMessagesBench(): Promise<void> {
  const [test, connector] = await Promise.all([startTestServer({ engine: 'pglite' }), startConnectorStandIn()]);
  try {
    const loaded = test.server.methodology.active('bops-exempel');
    const rows: string[][] = [];
    let n = 0;
    for (const instrument of loaded.pack.instruments) {
      const answers = intendedAnswers(loaded.pack, instrument, BENCH_PICKS);
      const cost: Partial<Record<'stepwise' | 'compact' | 'typed', OfficerCost>> = {};
      const again: Partial<Record<'stepwise' | 'compact' | 'typed', OfficerCost>> = {};
      for (const mode of ['stepwise', 'compact', 'typed'] as const) {
        n += 1;
        const officer = `00000000-0000-4000-8000-0000000b${String(n).padStart(4, '0')}`;
        // The in-depth level is the specialists': the officer is provisioned with that role too.
        if (instrument.level === 'in_depth') {
          await provisionOfficer(test.server.database, { id: officer, region: 'stockholm', roles: ['specialist'] }, { actorId: 'system:bench', viaId: null, purpose: 'the scripted officer' });
        }
        const send = personalChat(test.server.url, connector, officer);
        if (mode !== 'stepwise') await send({ type: 'message', text: 'kompakt' });
        const caseNumber = `1400-K${String(700000 + n)}-26`;
        const input: CompactInput = mode === 'typed' ? { kind: 'typed', pack: loaded.pack } : { kind: 'cards' };
        cost[mode] = (await completeAssessment(send, COMMAND[instrument.level], instrument, caseNumber, answers, input)).cost;
        // The same case again, now with a completed assessment: the officer re-assesses it (the omprövning offer comes in between).
        if (instrument.id === REASSESSED) again[mode] = (await completeAssessment(send, COMMAND[instrument.level], instrument, caseNumber, answers, input, 'reassess')).cost;
      }
      const target = COMPACT_TARGETS[instrument.id];
      const met = (m: number) => (target === undefined ? '–' : `≤ ${target} ${m <= target ? 'met' : 'NOT met'}`);
      const row = (title: string, s: OfficerCost, c: OfficerCost, k: OfficerCost) =>
        rows.push([title, String(s.messages), String(c.messages), String(k.messages), met(Math.max(c.messages, k.messages)), String(s.cards), String(c.cards), String(s.typed), String(c.typed), String(k.typed)]);
      row(instrument.title.sv, cost.stepwise!, cost.compact!, cost.typed!);
      if (again.stepwise && again.compact && again.typed) row(`${instrument.title.sv}, omprövning`, again.stepwise, again.compact, again.typed);
    }
    const header = ['instrument', 'msgs step', 'msgs compact', 'msgs typed', 'target (compact)', 'cards step', 'cards compact', 'chars step', 'chars compact', 'chars typed'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    console.log('Messages from the start command to saved (plan included), the same answers in every mode, real bot over HTTP;');
    console.log('"typed": compact, each card of choices typed as one message (cards with text or measures filled in); chars: characters typed:');
    console.log(line(header));
    for (const r of rows) console.log(line(r));
  } finally {
    await test.close();
    await connector.close();
  }
}
