import { describe, expect, it } from 'vitest';
import { noteDialogInProgress, wasDialogInProgress } from './dialogsInProgress.js';

describe("the officer's note of dialogs in progress", () => {
  it('is set when a dialog is left running in a conversation and removed when it ends there', () => {
    const user: Record<string, unknown> = { locale: 'sv' };
    noteDialogInProgress(user, 'samtal-a', true);
    noteDialogInProgress(user, 'samtal-b', true);
    expect(wasDialogInProgress(user, 'samtal-a')).toBe(true);
    noteDialogInProgress(user, 'samtal-a', false);
    expect(wasDialogInProgress(user, 'samtal-a')).toBe(false);
    expect(wasDialogInProgress(user, 'samtal-b')).toBe(true);
    noteDialogInProgress(user, 'samtal-b', false);
    expect(user).toEqual({ locale: 'sv' });
  });

  it('does not change the user state when nothing changed, so an ordinary turn writes nothing more', () => {
    const user: Record<string, unknown> = {};
    noteDialogInProgress(user, 'samtal-a', false);
    expect(user).toEqual({});
    noteDialogInProgress(user, 'samtal-a', true, new Date('2026-01-01T08:00:00Z'));
    const before = JSON.stringify(user);
    noteDialogInProgress(user, 'samtal-a', true, new Date('2026-01-02T08:00:00Z'));
    expect(JSON.stringify(user)).toBe(before);
  });

  it('keeps the 20 most recent conversations', () => {
    const user: Record<string, unknown> = {};
    for (let i = 0; i < 25; i++) noteDialogInProgress(user, `samtal-${i}`, true, new Date(Date.UTC(2026, 0, 1, 0, i)));
    expect(wasDialogInProgress(user, 'samtal-4')).toBe(false);
    expect(wasDialogInProgress(user, 'samtal-5')).toBe(true);
    expect(wasDialogInProgress(user, 'samtal-24')).toBe(true);
  });

  it('reads a damaged note as none', () => {
    expect(wasDialogInProgress({ dialogsInProgress: 'x' }, 'samtal-a')).toBe(false);
    expect(wasDialogInProgress({ dialogsInProgress: { 'samtal-a': 5 } }, 'samtal-a')).toBe(false);
    expect(wasDialogInProgress({ dialogsInProgress: {} }, 'constructor')).toBe(false);
  });
});
