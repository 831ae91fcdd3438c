import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PACK_ISSUE_CODES } from './packIssue.js';
import { EXIT, runPackCli } from './packCli.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const INVALID = here('./fixtures/invalid/');
const SHIPPED_1_0 = here('./packs/bops-exempel/1.0.0/');
const SHIPPED_1_1 = here('./packs/bops-exempel/1.1.0/');
const SHIPPED_1_1_1 = here('./packs/bops-exempel/1.1.1/');

function run(...argv: string[]): { status: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const status = runPackCli(argv, { log: (l) => out.push(l), error: (l) => err.push(l) });
  return { status, out, err };
}

describe('pack CLI: validate', () => {
  it('passes the shipped packs with exit 0', () => {
    const { status, out } = run('validate');
    expect(status).toBe(EXIT.ok);
    expect(out.at(-1)).toMatch(/^3 pack version\(s\) checked, 0 issue\(s\)$/);
    // Ten content files and sharing.yaml (issue 15), which is checked but not hashed.
    expect(out[0]).toMatch(/^ok {3}bops-exempel@1\.0\.0 \(11 files\) sha256:[0-9a-f]{64} sharing:[0-9a-f]{64}$/);
    expect(out[1]).toMatch(/^ok {3}bops-exempel@1\.1\.0 \(11 files\) sha256:[0-9a-f]{64} sharing:[0-9a-f]{64}$/);
    expect(out[2]).toMatch(/^ok {3}bops-exempel@1\.1\.1 \(11 files\) sha256:[0-9a-f]{64} sharing:[0-9a-f]{64}$/);
  });

  it('has one broken fixture for every validation code', () => {
    expect(readdirSync(INVALID).sort()).toEqual([...PACK_ISSUE_CODES].sort());
  });

  it.each([...PACK_ISSUE_CODES])('fails the "%s" fixture with exit 1 and that code only', (code) => {
    const { status, out } = run('validate', `${INVALID}${code}`, '--json');
    expect(status).toBe(EXIT.invalid);
    const reports = JSON.parse(out.join('\n')) as { ok: boolean; issues?: { code: string }[] }[];
    const codes = new Set(reports.flatMap((r) => (r.issues ?? []).map((i) => i.code)));
    expect([...codes]).toEqual([code]);
  });

  it('names the code, the path and the problem in its text output', () => {
    const { out } = run('validate', `${INVALID}unknown_measure`);
    expect(out).toContainEqual(expect.stringMatching(/\[unknown_measure\] suggestionRules\.0\.suggest\.1: rule "r1" suggests "saknas"/));
  });

  it('answers wrong usage and a missing folder with exit 2', () => {
    expect(run().status).toBe(EXIT.usage);
    expect(run('publish').status).toBe(EXIT.usage);
    expect(run('diff', SHIPPED_1_0).status).toBe(EXIT.usage);
    expect(run('validate', here('./fixtures/saknas/')).status).toBe(EXIT.usage);
  });
});

describe('pack CLI: diff', () => {
  it('takes the shipped versions by name as well as by folder', () => {
    const byFolder = run('diff', SHIPPED_1_0, SHIPPED_1_1);
    expect(run('diff', '1.0.0', 'bops-exempel@1.1.0')).toEqual(byFolder);
    const unknown = run('diff', '1.0.0', '9.9.9');
    expect(unknown.status).toBe(EXIT.invalid);
    expect(unknown.err.join('\n')).toMatch(/bops-exempel\/9\.9\.9 holds no pack\.yaml/);
  });

  it('lists what 1.1.0 adds and changes against 1.0.0 as a change log, for review', () => {
    const { status, out } = run('diff', SHIPPED_1_0, SHIPPED_1_1);
    expect(status).toBe(EXIT.ok);
    expect(out[0]).toBe('bops-exempel@1.0.0 → bops-exempel@1.1.0');
    expect(out).toEqual(
      expect.arrayContaining([
        '~ pack header changed: bops-exempel «Bops metodstöd (exempelpaket)» — version, in effect from, supersedes, which judgements set the re-assessment date',
        '~ answer option changed: relevans/medel «Måttlig relevans» — question text (sv)',
        '+ question added: initial/strypvald «Strypvåld»',
        '+ consistency check added: initial/strypvald_utan_remiss',
        '~ question changed: sarasv/akut_risk «Akut risk» — question text (en, sv)',
        '~ question changed: sam/sam05 «Skrämmande beteende» — short name (en, sv)',
        '~ measure changed: kontaktforbud_gemensam_bostad «Kontaktförbud avseende gemensam bostad» — description (en, sv), legal basis, preconditions (en, sv)',
        '~ measure changed: socialtjanst «Kontakt med socialtjänsten» — decided by, description (en, sv), legal basis, preconditions (en, sv)',
        '+ measure added: utreseforbud «Utreseförbud (LVU)»',
        '- suggestion rule removed: hot-natverk',
        '+ suggestion rule added: hot-roll-pataglig-risk',
        '+ guideline section added: heder «Hedersrelaterat våld och förtryck»',
        '+ glossary term added: strypvald «Strypvåld»',
      ]),
    );
    expect(out.at(-1)).toMatch(/^\d+ change\(s\): \d+ added, 1 removed, \d+ changed$/);
  });

  it('lists the 1.1.1 corrections with each changed text before and after', () => {
    const { status, out } = run('diff', SHIPPED_1_1, SHIPPED_1_1_1);
    expect(status).toBe(EXIT.ok);
    expect(out[0]).toBe('bops-exempel@1.1.0 → bops-exempel@1.1.1');
    const at = out.indexOf('~ measure changed: underrattelse_frigivning «Underrättelse inför frigivning» — decided by, description (en, sv), legal basis, preconditions (en, sv)');
    expect(out.slice(at + 1, at + 2)).toEqual(['    decided by: polis → kriminalvarden']);
    expect(out).toEqual(
      expect.arrayContaining([
        '~ suggestion rule changed: hot-roll-pataglig-risk — conditions',
        '+ question added: generell_hotbild/skyddsperson_roll «Skyddspersonens roll»',
        '    text (sv)',
        '      before: För faktorer som förekommer (J eller D) bedöms hur relevanta de är för risken framåt: låg, medel eller hög. En faktor kan förekomma men ha liten betydelse, och tvärtom.',
        '      after:  För faktorer som förekommer (J eller D) bedöms hur relevanta de är för risken framåt: låg, måttlig eller hög. En faktor kan förekomma men ha liten betydelse, och tvärtom.',
        '- glossary term removed: rri-begrepp «RRI (riskreducerande insatser)»',
      ]),
    );
    expect(out.at(-1)).toMatch(/^\d+ change\(s\): \d+ added, 1 removed, \d+ changed$/);
  });

  it('shows no change between a version and itself, and fails when a side is invalid', () => {
    expect(run('diff', SHIPPED_1_0, SHIPPED_1_0).out.at(-1)).toBe('0 change(s): 0 added, 0 removed, 0 changed');
    const broken = run('diff', SHIPPED_1_0, `${INVALID}enable_when_cycle`);
    expect(broken.status).toBe(EXIT.invalid);
    expect(broken.err.join('\n')).toContain('[enable_when_cycle]');
  });
});
