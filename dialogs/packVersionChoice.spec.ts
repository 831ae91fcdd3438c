import { describe, expect, it } from 'vitest';
import { FilePackSource } from '../methodology/filePackSource.js';
import { findInstrument } from '../methodology/methodologySource.js';
import { scriptedCompletion } from '../test/scriptedCompletion.js';
import { t } from './messageCatalogue.js';
import { renderReply } from './cardRenderer.js';
import type { LoadedPack } from '../methodology/methodologySource.js';
import { newerVersionNotice, recogniseVersionChoice, versionMovedNotice, versionOffer } from './packVersionChoice.js';

const source = new FilePackSource();
const v1 = source.get('bops-exempel', '1.0.0')!;
// 1.1.0 as an older version next to 1.0.0 (the notice's wording), and 1.1.1, the newest, for what a move drops.
const v11 = source.get('bops-exempel', '1.1.0')!;
const v111 = source.get('bops-exempel', '1.1.1')!;

describe('the choice of method version for a draft', () => {
  it('recognises the two commands in both languages, whole messages only', () => {
    expect(recogniseVersionChoice('byt version')).toBe('move');
    expect(recogniseVersionChoice('  Byt   Version ')).toBe('move');
    expect(recogniseVersionChoice('switch version')).toBe('move');
    expect(recogniseVersionChoice('behåll version')).toBe('keep');
    expect(recogniseVersionChoice('behall version')).toBe('keep');
    expect(recogniseVersionChoice('keep version')).toBe('keep');
    expect(recogniseVersionChoice('byt')).toBeUndefined();
    expect(recogniseVersionChoice('byt version nu')).toBeUndefined();
  });

  it('counts what moving keeps and names what is asked again or new, in the new order', () => {
    const offer = versionOffer(v1, v11, 'initial', { eskalering: { value: 'nej' }, relation: { value: 'nara_relation' } })!;
    expect(offer.kept).toBe(1);
    expect(offer.again.map((a) => a.id)).toEqual(['relation', 'sjalvmordshot', 'strypvald', 'sexuellt_vald', 'vald_mot_andra', 'missbruk_psykisk_ohalsa', 'barn']);
    expect(versionOffer(v1, v11, 'saknas', {})).toBeUndefined();
  });

  it('words the notice in both languages', () => {
    const offer = versionOffer(v1, v11, 'initial', { eskalering: { value: 'nej' } })!;
    const notice = newerVersionNotice(v1, v11, offer, 1);
    const sv = renderReply(notice, 'sv');
    const en = renderReply(notice, 'en');
    expect(sv).toEqual({ kind: 'text', text: expect.stringContaining('ditt utkast följer **1.0.0**. Byter du följer alla dina 1 svar med, 6 frågor är nya: Självmordshot, Strypvåld') });
    expect(en).toEqual({ kind: 'text', text: expect.stringContaining('Suicide threats, Strangulation') });
    expect(t('en', 'version.kept', { from: '1.0.0' })).toBe('You go on with version **1.0.0**. The choice is saved.');
    // SAM rewords most factors: the notice names twelve and counts the rest.
    const sam = versionOffer(v1, v11, 'sam', scriptedCompletion(v1.pack, findInstrument(v1, 'sam'), [1]))!;
    expect(sam.again.length).toBeGreaterThan(12);
    expect(renderReply(newerVersionNotice(v1, v11, sam, 0), 'sv')).toEqual({ kind: 'text', text: expect.stringContaining(` … (+${sam.again.length - 12})`) });
  });

  it('names the answers a move drops, in the notice and in the confirmation, also one whose question the new version removed', () => {
    // A 1.1.0 general threat assessment: 1.1.1 rewrote the notice-before-release measure, so a plan choosing it cannot carry over.
    const answers = { hot01: { value: ['nu:j', 'tidigare:n'] }, atgarder_skydd: { value: ['larmpaket', 'underrattelse_frigivning'] } };
    const offer = versionOffer(v11, v111, 'generell_hotbild', answers)!;
    expect(offer.kept).toBe(1);
    expect(offer.dropped).toEqual([{ id: 'atgarder_skydd', name: { sv: 'Skydd', en: 'Protection' } }]);
    expect(offer.again.map((a) => a.id)).toEqual(['skyddsperson_roll', 'atgarder_skydd']);
    expect(renderReply(newerVersionNotice(v11, v111, offer, 2), 'sv')).toEqual({
      kind: 'text',
      text: 'Metodstödet har en nyare version, **1.1.1**; ditt utkast följer **1.1.0**. Byter du följer 1 av dina 2 svar med och 1 tas bort: Skydd. 2 frågor ställs igen eller är nya: Skyddspersonens roll, Skydd. Skriv **byt version** för att byta eller **behåll version** för att fortsätta med 1.1.0.',
    });
    expect(renderReply(versionMovedNotice(v111, offer), 'en')).toEqual({
      kind: 'text',
      text: 'The draft now follows version **1.1.1**. Answers carried over: 1. Deleted (1): Protection. You get the questions that changed or are new.',
    });
    // A question the newer version no longer has: its answer is dropped, named from the draft's version, and not asked again.
    const withoutWeapons: LoadedPack = { ...v111, pack: structuredClone(v111.pack) };
    const initial = withoutWeapons.pack.instruments.find((i) => i.id === 'initial')!;
    for (const section of initial.sections) section.items = section.items.filter((i) => i.id !== 'vapen');
    const removed = versionOffer(v111, withoutWeapons, 'initial', { vapen: { value: 'nej' }, eskalering: { value: 'nej' } })!;
    expect(removed).toEqual({ kept: 1, dropped: [{ id: 'vapen', name: { sv: 'Vapen', en: 'Weapons' } }], again: [] });
    expect(renderReply(newerVersionNotice(v111, withoutWeapons, removed, 2), 'sv')).toEqual({ kind: 'text', text: expect.stringContaining('Byter du följer 1 av dina 2 svar med och 1 tas bort: Vapen. 0 frågor') });
  });

  it('says plainly when a move keeps every answer and asks nothing new', () => {
    const offer = versionOffer(v11, v111, 'initial', { hotbildsfraga: { value: 'ja' }, strypvald: { value: 'nej' } })!;
    expect(offer).toEqual({ kept: 2, dropped: [], again: [] });
    expect(renderReply(newerVersionNotice(v11, v111, offer, 2), 'sv')).toEqual({ kind: 'text', text: expect.stringContaining('Byter du är frågorna desamma och alla svar följer med.') });
    expect(renderReply(versionMovedNotice(v111, offer), 'sv')).toEqual({ kind: 'text', text: 'Utkastet följer nu version **1.1.1**. Alla 2 svar följde med.' });
  });
});
