import { describe, expect, it } from 'vitest';
import { DECISION_MAKERS } from '../methodology/packSchema.js';
import { measureActorSchema } from './measureActorSchema.js';

describe('measureActorSchema', () => {
  it('takes every authority of the code list', () => {
    for (const code of DECISION_MAKERS) expect(measureActorSchema.safeParse(code).success, code).toBe(true);
  });

  it('takes the officer ids the product makes: an Entra object id, a dev id from the chat, a dev token\'s id', () => {
    for (const id of ['6f1c2a9e-0b7d-4c3e-9a51-2d8e7f6a5b40', 'dev:user-id-0', 'officer-share-1', 'demo-officer-nord', 'fiktiv.handlaggare@polisen.example'])
      expect(measureActorSchema.safeParse(id).success, id).toBe(true);
  });

  it('refuses a lower-case word that is no authority of the list, such as a misspelt social services', () => {
    for (const wrong of ['socialtjansten', 'polisen', 'brottsofferjouren']) {
      const parsed = measureActorSchema.safeParse(wrong);
      expect(parsed.success, wrong).toBe(false);
      expect(parsed.error?.issues[0]?.message).toContain('socialtjanst');
    }
  });

  it('still refuses what is of no officer-id shape at all', () => {
    for (const wrong of ['', 'två ord', 'x'.repeat(129)]) expect(measureActorSchema.safeParse(wrong).success, wrong).toBe(false);
  });
});
