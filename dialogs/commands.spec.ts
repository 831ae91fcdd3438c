import { describe, expect, it } from 'vitest';
import { recogniseCreatePlan, recogniseResume } from './commands.js';

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

describe('recogniseCreatePlan', () => {
  it.each([
    ['skapa plan 5000-K123456-25', '5000-K123456-25'],
    ['Skapa plan: 5000-K123456-25', '5000-K123456-25'],
    ['create plan 5000-K123456-25', '5000-K123456-25'],
    ['skapa  plan', ''],
  ])('reads %j as the plan retry of case %j', (text, caseNumber) => {
    expect(recogniseCreatePlan(text)).toBe(caseNumber);
  });

  it.each(['skapa plan för målsäganden', 'skapa en plan', 'skapa', 'plan 5000-K123456-25', ''])('does not take %j for the plan retry', (text) => {
    expect(recogniseCreatePlan(text)).toBeUndefined();
  });
});
