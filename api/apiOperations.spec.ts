// The operation table is the one place an operation is declared: every id is
// unique, every path parameter has its schema, every operation names the
// purpose its audit rows record, and pathOf builds the paths a client requests
// from it, encoded.
import { describe, expect, it } from 'vitest';
import { API_OPERATIONS, pathOf } from './apiOperations.js';
import { PURPOSES } from './purposes.js';

describe('the operation table', () => {
  it('names each operation once, and each path parameter with the schema its handler parses it with', () => {
    const ids = API_OPERATIONS.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const op of API_OPERATIONS) {
      const named = [...op.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
      expect(Object.keys(op.params ?? {}), op.operationId).toEqual(named);
    }
  });

  it("names for every operation the purpose of the closed set its audit rows record, and each purpose is some operation's", () => {
    const purposes: string[] = Object.values(PURPOSES);
    for (const op of API_OPERATIONS) expect(purposes, op.operationId).toContain(op.purpose);
    expect(new Set(API_OPERATIONS.map((op) => op.purpose))).toEqual(new Set(purposes));
  });

  it('gives clients the paths, with every parameter URI-encoded', () => {
    expect(pathOf('saveAnswer', { id: 'f1b2c3d4-0000-4000-8000-000000000001', itemId: 'hotbildsfraga' })).toBe('/assessments/f1b2c3d4-0000-4000-8000-000000000001/answers/hotbildsfraga');
    expect(pathOf('assignOfficer', { caseNumber: '5000-K123456-25', officerId: 'a:b/c' })).toBe('/cases/5000-K123456-25/assignments/a%3Ab%2Fc');
    expect(pathOf('createAssessment', {})).toBe('/assessments');
  });

  it('refuses to build a path without one of its parameters', () => {
    expect(() => pathOf('getCase', {} as never)).toThrow(/caseNumber/);
  });
});
