import { describe, expect, it } from 'vitest';
import { parseStoredDocument, takeUnreadableState, unreadableStateItem } from './unreadableState.js';

describe('unreadable state items', () => {
  it('carry the eTag to replace and a reason that taking the mark returns once, leaving an empty scope', () => {
    const scope = { ...unreadableStateItem('unknown_state_key', 'etag-1') } as Record<string, unknown>;
    expect(takeUnreadableState(scope)).toBe('unknown_state_key');
    expect(scope).toEqual({ eTag: 'etag-1' });
    expect(takeUnreadableState(scope)).toBeUndefined();
  });

  it('leave a readable scope alone', () => {
    const scope = { dialogState: { dialogStack: [] }, eTag: 'etag-2' };
    expect(takeUnreadableState(scope)).toBeUndefined();
    expect(scope).toEqual({ dialogState: { dialogStack: [] }, eTag: 'etag-2' });
  });

  it('count a mark that names no known reason as a damaged document', () => {
    const scope: Record<string, unknown> = { ...unreadableStateItem('not_json', 'e') };
    const [marker] = Object.keys(scope).filter((k) => k !== 'eTag');
    scope[marker!] = { forged: true };
    expect(takeUnreadableState(scope)).toBe('not_an_object');
  });
});

describe('parseStoredDocument', () => {
  it('accepts a JSON object and names what else it got', () => {
    expect(parseStoredDocument('{"n":1}')).toEqual({ doc: { n: 1 } });
    expect(parseStoredDocument('{"n":')).toEqual({ unreadable: 'not_json' });
    expect(parseStoredDocument('[1]')).toEqual({ unreadable: 'not_an_object' });
    expect(parseStoredDocument('null')).toEqual({ unreadable: 'not_an_object' });
    expect(parseStoredDocument('"text"')).toEqual({ unreadable: 'not_an_object' });
  });
});
