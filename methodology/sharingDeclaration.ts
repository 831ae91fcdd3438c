// What a case may share with an investigation (issue 15), declared per pack
// version in a file of its own, sharing.yaml, beside pack.yaml. It is not part
// of the pack's content (readPackDir skips it), so it does not change the
// content hash that published.yaml pins and assessments are stored under; a
// method owner can tighten or widen sharing without publishing a new method —
// but not silently: the register pins a published version's declaration with
// its own sharingHash (methodology/publishedRegister.ts), so the change is a
// reviewed edit of the register too.
//
// The declaration can name only the fixed kinds of field below — the latest
// summary judgements of an instrument and their date, active protection
// measures with their status, contact bans with their status and expiry, and
// the threat actor's role in the case — so free-text notes, rationales, names,
// addresses and protected identities have no way in: there is no key for them
// (the schema is strict). The same file marks the measures whose very
// existence tells where a protected person lives or who they are
// (`sensitive.measures`); checkSharingDeclaration refuses any of those as
// shareable — and the protected-identity and protected-address measures fixed
// in code (methodology/neverSharedMeasures.ts) whatever the file says — any
// unknown instrument, judgement or measure, and any judgement whose item is
// not a choice (a free-text answer is never shared).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { isSensitiveMeasure } from './neverSharedMeasures.js';
import type { PackIssue } from './packIssue.js';
import { idSchema, type Pack } from './packSchema.js';

export const SHARING_FILE = 'sharing.yaml';

/** The summary judgements an instrument declares (api: derived.judgements keys). */
export const JUDGEMENT_KEYS = ['overall', 'seriousViolence', 'acute'] as const;
export type JudgementKey = (typeof JUDGEMENT_KEYS)[number];

const uniqueIds = <T extends z.ZodType<string>>(item: T) =>
  z.array(item).refine((list) => new Set(list).size === list.length, { message: 'each id once' });

export const sharingDeclarationSchema = z.strictObject({
  /** What the pack marks sensitive: never shareable, whatever else the file says. */
  sensitive: z.strictObject({
    measures: uniqueIds(idSchema).default([]),
  }),
  shareable: z.strictObject({
    /** Per instrument, which of its summary judgements (with the date of the assessment) may be shared. */
    judgements: z
      .array(z.strictObject({ instrument: idSchema, judgements: uniqueIds(z.enum(JUDGEMENT_KEYS)).min(1) }))
      .default([]),
    /** Measures of the active plan shared with their part and status while not declined or cancelled. */
    measures: uniqueIds(idSchema).default([]),
    /** Contact-ban measures shared with their status and expiry date. */
    contactBans: uniqueIds(idSchema).default([]),
    /** Whether the role (suspect or threat actor) of the case's threat actors may be shared — the role only, never a label. */
    threatActorRole: z.boolean().default(false),
  }),
});
export type SharingDeclaration = z.infer<typeof sharingDeclarationSchema>;

/** Every way the declaration does not fit its pack; none when it does. */
export function checkSharingDeclaration(pack: Pack, declaration: SharingDeclaration): PackIssue[] {
  const issues: PackIssue[] = [];
  const at = (...path: (string | number)[]) => [SHARING_FILE, ...path];
  const measures = new Map(pack.measures.map((m) => [m.id, m]));
  declaration.sensitive.measures.forEach((id, i) => {
    if (!measures.has(id)) issues.push({ code: 'unknown_measure', path: at('sensitive', 'measures', i), message: `no measure "${id}" in the catalogue` });
  });
  const seenInstruments = new Set<string>();
  declaration.shareable.judgements.forEach((entry, i) => {
    const instrument = pack.instruments.find((x) => x.id === entry.instrument);
    if (!instrument) {
      issues.push({ code: 'unknown_instrument', path: at('shareable', 'judgements', i, 'instrument'), message: `no instrument "${entry.instrument}"` });
      return;
    }
    if (seenInstruments.has(entry.instrument)) issues.push({ code: 'duplicate_id', path: at('shareable', 'judgements', i, 'instrument'), message: `"${entry.instrument}" is declared twice` });
    seenInstruments.add(entry.instrument);
    if (instrument.level === 'initial') {
      issues.push({ code: 'not_shareable', path: at('shareable', 'judgements', i, 'instrument'), message: 'only structured and in-depth assessments carry summary judgements to share' });
    }
    entry.judgements.forEach((key, j) => {
      const itemId = instrument.judgements?.[key];
      if (!itemId) {
        issues.push({ code: 'unknown_item_reference', path: at('shareable', 'judgements', i, 'judgements', j), message: `instrument "${instrument.id}" declares no ${key} judgement` });
        return;
      }
      const item = instrument.sections.flatMap((s) => s.items).find((x) => x.id === itemId);
      if (!item || item.type !== 'choice') {
        issues.push({ code: 'not_shareable', path: at('shareable', 'judgements', i, 'judgements', j), message: `the ${key} judgement "${itemId}" is not a choice item; free text is never shared` });
      }
    });
  });
  const checkMeasures = (list: string[], key: 'measures' | 'contactBans') =>
    list.forEach((id, i) => {
      const measure = measures.get(id);
      if (!measure) issues.push({ code: 'unknown_measure', path: at('shareable', key, i), message: `no measure "${id}" in the catalogue` });
      else if (isSensitiveMeasure(declaration, id)) issues.push({ code: 'not_shareable', path: at('shareable', key, i), message: `"${id}" is sensitive (it tells who a protected person is or where they live) and is never shared` });
      else if (key === 'contactBans' && measure.part !== 'reducering') {
        issues.push({ code: 'not_shareable', path: at('shareable', key, i), message: `"${id}" is not a measure against the threat actor (part reducering), so not a contact ban` });
      }
    });
  checkMeasures(declaration.shareable.measures, 'measures');
  checkMeasures(declaration.shareable.contactBans, 'contactBans');
  return issues;
}

export type SharingReading = { declaration: SharingDeclaration | undefined; issues: PackIssue[] };

/** Reads a version directory's sharing.yaml, if it has one (none: nothing of the version is shareable). */
export function readSharingDeclaration(dir: string): SharingReading {
  const file = join(dir, SHARING_FILE);
  if (!existsSync(file)) return { declaration: undefined, issues: [] };
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    return { declaration: undefined, issues: [{ code: 'unreadable_file', path: [SHARING_FILE], message: `not readable YAML: ${(err as Error).message.split('\n')[0]}` }] };
  }
  const parsed = sharingDeclarationSchema.safeParse(raw);
  if (!parsed.success) {
    return { declaration: undefined, issues: parsed.error.issues.map((i) => ({ code: 'invalid_shape', path: [SHARING_FILE, ...i.path.map(String)], message: i.message })) };
  }
  return { declaration: parsed.data, issues: [] };
}
