import { describe, expect, it } from 'vitest';
import { FilePackSource } from '../methodology/filePackSource.js';
import { findInstrument } from '../methodology/methodologySource.js';
import { scriptedCompletion } from '../test/scriptedCompletion.js';
import { t } from './messageCatalogue.js';
import { renderReply } from './cardRenderer.js';
import { newerVersionNotice, recogniseVersionChoice, versionOffer } from './packVersionChoice.js';

const source = new FilePackSource();
const v1 = source.get('bops-exempel', '1.0.0')!;
const v11 = source.get('bops-exempel', '1.1.0')!;

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
    expect(sv).toEqual({ kind: 'text', text: expect.stringContaining('ditt utkast följer **1.0.0**. Byter du följer 1 av dina 1 svar med, 6 frågor') });
    expect(en).toEqual({ kind: 'text', text: expect.stringContaining('Suicide threats, Strangulation') });
    expect(t('en', 'version.kept', { from: '1.0.0' })).toBe('You go on with version **1.0.0**. The choice is saved.');
    // SAM rewords most factors: the notice names twelve and counts the rest.
    const sam = versionOffer(v1, v11, 'sam', scriptedCompletion(v1.pack, findInstrument(v1, 'sam'), [1]))!;
    expect(sam.again.length).toBeGreaterThan(12);
    expect(renderReply(newerVersionNotice(v1, v11, sam, 0), 'sv')).toEqual({ kind: 'text', text: expect.stringContaining(` … (+${sam.again.length - 12})`) });
  });
});
