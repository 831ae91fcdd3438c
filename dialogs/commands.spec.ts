import { describe, expect, it } from 'vitest';
import { recogniseAssessmentWithCase, recogniseCommand, recogniseCreatePlan, recogniseResume } from './commands.js';

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

describe('recogniseAssessmentWithCase', () => {
  const CASE_NUMBER = /^\d{4}-K\d{1,7}-\d{2}$/;
  it.each([
    ['ny bedömning 5000-K123456-25', 'newAssessment', '5000-K123456-25'],
    ['Ny bedömning: 5000-k123456-25', 'newAssessment', '5000-k123456-25'],
    ['strukturerad bedömning SARA:SV 5000-K123456-25', 'structuredAssessment', 'SARA:SV 5000-K123456-25'],
    ['structured assessment 5000-K123456-25 sam', 'structuredAssessment', '5000-K123456-25 sam'],
    ['fördjupad  bedömning 5000-K123456-25', 'inDepthAssessment', '5000-K123456-25'],
  ])('reads %j as %s with %j', (text, command, typed) => {
    expect(recogniseAssessmentWithCase(text, CASE_NUMBER)).toEqual({ command, typed });
  });

  it.each(['ny bedömning', 'ny bedömning intervall', 'ny bedömning efter frigivning 2026', 'strukturerad bedömning sam', 'nya bedömningar 5000-K123456-25', 'sök ny bedömning 5000-K123456-25'])(
    'leaves %j to the other commands and the search',
    (text) => {
      expect(recogniseAssessmentWithCase(text, CASE_NUMBER)).toBeUndefined();
    },
  );
});

describe('the mode words', () => {
  it.each(['kompakt', 'Kompakt.', 'kompaktläge', 'kompakt läge', 'Kompaktläge!', 'KOMPAKT LÄGE', 'compact', 'compact mode', 'Compact-mode'])('reads %j as compact mode', (text) => {
    expect(recogniseCommand(text)).toBe('compactMode');
  });

  it.each(['steg för steg', 'Steg för steg.', 'steg-för-steg', 'stegförsteg', 'stegvis', 'Stegvis läge', 'steg for steg', 'step by step', 'Step-by-step', 'stepwise'])('reads %j as step by step', (text) => {
    expect(recogniseCommand(text)).toBe('stepwiseMode');
  });

  it.each(['kompakt eller steg för steg', 'steg', 'kompakta kort', '?!', '...'])('does not take %j for a mode', (text) => {
    expect(['compactMode', 'stepwiseMode']).not.toContain(recogniseCommand(text));
  });

  it('still reads "?" as the guidance it is, and punctuation alone as no command', () => {
    expect(recogniseCommand('?')).toBe('guidance');
    expect(recogniseCommand('!!')).toBeUndefined();
  });
});
