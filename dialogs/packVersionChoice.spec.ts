import { describe, expect, it } from 'vitest';
import { FilePackSource } from '../methodology/filePackSource.js';
import { findInstrument } from '../methodology/methodologySource.js';
import { scriptedCompletion } from '../test/scriptedCompletion.js';
import { t } from './messageCatalogue.js';
import { renderReply } from './cardRenderer.js';
import type { LoadedPack } from '../methodology/methodologySource.js';
import { newerVersionNotice, recogniseVersionChoice, versionChoiceOf, versionMovedNotice, versionOffer, type VersionOfferReply } from './packVersionChoice.js';
import { adaptiveCardText } from '../test/adaptiveCardText.js';
import type { Locale } from './messageCatalogue.js';

/** The notice's words, as the card shows them above its two buttons. */
const shown = (reply: VersionOfferReply, locale: Locale) => renderReply(reply.notice, locale);

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

  it('reads a version command however it is typed, and the verb alone only while the choice is open', () => {
    for (const typed of ['Byt version.', 'BYT VERSION!', 'byt  version', 'byt till version 1.1.1', 'Switch version.', 'byt-version']) expect(recogniseVersionChoice(typed), typed).toBe('move');
    for (const typed of ['Behåll version.', 'behall version', 'Behåll versionen', 'Keep version!', 'jag vill behålla versionen']) expect(recogniseVersionChoice(typed), typed).toBe('keep');
    for (const typed of ['byt', 'Byt.', 'byta', 'switch']) {
      expect(recogniseVersionChoice(typed, true), typed).toBe('move');
      expect(recogniseVersionChoice(typed), typed).toBeUndefined();
    }
    for (const typed of ['behåll', 'Behåll!', 'behalla', 'keep']) expect(recogniseVersionChoice(typed, true), typed).toBe('keep');
    for (const typed of ['version', 'byt behåll', 'byt version nu', 'polisens register', '']) expect(recogniseVersionChoice(typed, true), typed).toBeUndefined();
  });

  it('shows the notice with a button for each choice, and reads a press of either', () => {
    const offer = versionOffer(v11, v111, 'initial', { hotbildsfraga: { value: 'ja' } })!;
    const card = renderReply(newerVersionNotice(v11, v111, offer, 1), 'sv');
    expect(card.kind === 'card' && adaptiveCardText(card.card)).toBe(`${t('sv', 'version.newerSameQuestions', { to: '1.1.1', from: '1.1.0' })}\n[Byt version] [Behåll version]`);
    const en = renderReply(newerVersionNotice(v11, v111, offer, 1), 'en');
    expect(en.kind === 'card' && adaptiveCardText(en.card)).toMatch(/\[Switch version\] \[Keep version\]$/);
    expect(versionChoiceOf({ type: 'submit', data: { verb: 'version', choice: 'move' } }, false)).toBe('move');
    expect(versionChoiceOf({ type: 'submit', data: { verb: 'version', choice: 'keep' } }, false)).toBe('keep');
    expect(versionChoiceOf({ type: 'submit', data: { verb: 'version', choice: 'later' } }, true)).toBeUndefined();
    expect(versionChoiceOf({ type: 'text', text: 'behåll' }, true)).toBe('keep');
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
    const sv = shown(notice, 'sv');
    const en = shown(notice, 'en');
    expect(sv).toEqual({ kind: 'text', text: expect.stringContaining('ditt utkast följer **1.0.0**. Byter du följer alla dina 1 svar med, 6 frågor är nya: Självmordshot, Strypvåld') });
    expect(en).toEqual({ kind: 'text', text: expect.stringContaining('Suicide threats, Strangulation') });
    expect(t('en', 'version.kept', { from: '1.0.0' })).toBe('You go on with version **1.0.0**. The choice is saved.');
    // SAM rewords most factors: the notice names twelve and counts the rest.
    const sam = versionOffer(v1, v11, 'sam', scriptedCompletion(v1.pack, findInstrument(v1, 'sam'), [1]))!;
    expect(sam.again.length).toBeGreaterThan(12);
    expect(shown(newerVersionNotice(v1, v11, sam, 0), 'sv')).toEqual({ kind: 'text', text: expect.stringContaining(` … (+${sam.again.length - 12})`) });
  });

  it('names the answers a move drops, in the notice and in the confirmation, also one whose question the new version removed', () => {
    // A 1.1.0 general threat assessment: 1.1.1 rewrote the notice-before-release measure, so a plan choosing it cannot carry over.
    const answers = { hot01: { value: ['nu:j', 'tidigare:n'] }, atgarder_skydd: { value: ['larmpaket', 'underrattelse_frigivning'] } };
    const offer = versionOffer(v11, v111, 'generell_hotbild', answers)!;
    expect(offer.kept).toBe(1);
    expect(offer.dropped).toEqual([{ id: 'atgarder_skydd', name: { sv: 'Skydd', en: 'Protection' } }]);
    expect(offer.again.map((a) => a.id)).toEqual(['skyddsperson_roll', 'atgarder_skydd']);
    expect(shown(newerVersionNotice(v11, v111, offer, 2), 'sv')).toEqual({
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
    expect(shown(newerVersionNotice(v111, withoutWeapons, removed, 2), 'sv')).toEqual({ kind: 'text', text: expect.stringContaining('Byter du följer 1 av dina 2 svar med och 1 tas bort: Vapen. 0 frågor') });
  });

  it('says plainly when a move keeps every answer and asks nothing new', () => {
    const offer = versionOffer(v11, v111, 'initial', { hotbildsfraga: { value: 'ja' }, strypvald: { value: 'nej' } })!;
    expect(offer).toEqual({ kept: 2, dropped: [], again: [] });
    expect(shown(newerVersionNotice(v11, v111, offer, 2), 'sv')).toEqual({ kind: 'text', text: expect.stringContaining('Byter du är frågorna desamma och alla svar följer med.') });
    expect(renderReply(versionMovedNotice(v111, offer), 'sv')).toEqual({ kind: 'text', text: 'Utkastet följer nu version **1.1.1**. Alla 2 svar följde med.' });
  });
});
