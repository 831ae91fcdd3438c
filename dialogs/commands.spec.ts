import { describe, expect, it } from 'vitest';
import { recogniseResume } from './commands.js';

describe('recogniseResume', () => {
  it.each([
    ['fortsätt 5000-K123456-25', '5000-K123456-25'],
    ['Fortsätt: 5000-K123456-25', '5000-K123456-25'],
    ['fortsatt 5000-K123456-25', '5000-K123456-25'],
    ['continue 5000-K123456-25', '5000-K123456-25'],
    ['fortsätt', ''],
  ])('reads %j as a resume of case %j', (text, caseNumber) => {
    expect(recogniseResume(text)).toBe(caseNumber);
  });

  it.each(['fortsätt utreda hotet', 'jag vill fortsätta', 'ny bedömning', ''])('does not take %j for a resume', (text) => {
    expect(recogniseResume(text)).toBeUndefined();
  });
});
