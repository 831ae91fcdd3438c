// Abbreviations as the pack's glossary writes them, so a question with "RRI"
// also finds text that only says "riskreducerande insatser" (and the other way
// round is covered by the glossary entry itself). Two forms are read: a term
// that is an abbreviation, whose definition opens with the long form ("RRI" –
// "Riskreducerande insatser – …"), and a long term followed by its
// abbreviation in brackets ("Strukturerad professionell bedömning (SPJ)").
// Nothing is invented: the long form is the pack's own text.
import type { Pack } from './packSchema.js';
import { foldDiacritics } from './swedishAnalyzer.js';

/** An abbreviation has at least two capitals and no spaces ("RRI", "SPJ", "PMFS"). */
const ABBREVIATION = /^(?=(?:[^A-ZÅÄÖ]*[A-ZÅÄÖ]){2})[A-ZÅÄÖa-zåäö0-9-]{2,10}$/u;
const BRACKETED = /^(.+?)\s*\(([^()\s]+)\)$/u;
/** A long form longer than this is a definition, not a name. */
const MAX_LONG_FORM = 60;

/** Folded abbreviation → its long form, from the glossary's terms and definitions (Swedish). */
export function glossaryAbbreviations(pack: Pack): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of pack.glossary) {
    const term = entry.term.sv.trim();
    const bracketed = BRACKETED.exec(term);
    if (bracketed?.[1] && bracketed[2] && ABBREVIATION.test(bracketed[2])) {
      found.set(foldDiacritics(bracketed[2]), bracketed[1]);
      continue;
    }
    if (!ABBREVIATION.test(term)) continue;
    const opening = entry.definition.sv.split(/\s+[–-]\s+|:\s|\.\s|\.$/u)[0]?.trim() ?? '';
    if (opening && opening.length <= MAX_LONG_FORM) found.set(foldDiacritics(term), opening);
  }
  return found;
}
