// Records dialog transcripts: replays the officer's steps of each given
// transcript against the real bot (PGlite, dev mode) and writes the file back
// with the bot's actual replies in place of the expected ones — for a new
// transcript (write its officer steps, record, then READ every reply before
// committing) or after a deliberate change of wording. Values that differ
// per run get {{any}}: assessment references and due dates always, anything
// else where the old expectation still matches the reply at the same place.
//   npx tsx test/recordTranscripts.ts test/transcripts/structured-patriark.yaml
import { readFileSync, writeFileSync } from 'node:fs';
import { parseDocument, stringify } from 'yaml';
import { provisionOfficer } from '../api/officerAdministration.js';
import { startTestServer } from './testServer.js';
import { loadTranscript, matches, replayTranscript, type Transcript } from './transcriptRunner.js';

type Step = Transcript['steps'][number];
const isReply = (s: Step): s is { bot: string } | { card: string } => 'bot' in s || 'card' in s;
const replyText = (s: { bot: string } | { card: string }) => ('bot' in s ? s.bot : s.card);

/** Values that differ per run: the assessment reference and the dates counted from today. */
const perRun = (text: string) => text.replace(/Referens: [0-9a-f]{8}/g, 'Referens: {{any}}').replace(/senast \*\*\d{4}-\d{2}-\d{2}\*\*/g, 'senast **{{any}}**');

/** The replies after each officer step, in order. */
function repliesPerStep(steps: Step[]): Step[][] {
  const groups: Step[][] = [];
  for (const step of steps) {
    if (isReply(step)) groups.at(-1)?.push(step);
    else groups.push([]);
  }
  return groups;
}

/** The recorded steps, with each old expectation kept where it still matches the reply recorded in its place. */
function keepMatching(old: Step[], recorded: Step[]): Step[] {
  const before = repliesPerStep(old);
  let group = -1;
  let index = 0;
  return recorded.map((step) => {
    if (!isReply(step)) {
      group += 1;
      index = 0;
      return step;
    }
    const was = before[group]?.[index++];
    if (was && isReply(was) && ('bot' in was) === ('bot' in step) && matches(replyText(was), replyText(step))) return was;
    return 'bot' in step ? { bot: perRun(step.bot) } : { card: perRun(step.card) };
  });
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npx tsx test/recordTranscripts.ts <transcript.yaml>…');
  process.exit(2);
}
const test = await startTestServer({ engine: 'pglite' });
try {
  for (const file of files) {
    const transcript = loadTranscript(file);
    if (transcript.roles) {
      await provisionOfficer(test.server.database, { id: transcript.officer, region: 'stockholm', roles: transcript.roles }, { actorId: 'system:transcript-recorder', viaId: null, purpose: 'the transcript officer' });
    }
    const { recorded } = await replayTranscript(transcript, test.server.bot, { record: true });
    const document = parseDocument(readFileSync(file, 'utf8'));
    document.set('steps', document.createNode(keepMatching(transcript.steps, recorded)));
    writeFileSync(file, stringify(document, { lineWidth: 0, blockQuote: 'literal' }));
    console.log(`${file}: ${recorded.length} steps recorded`);
  }
} finally {
  await test.close();
}
