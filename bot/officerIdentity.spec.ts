// The officer behind an activity: in production only Teams vouches for the
// Entra object id, so another channel's activity names no one (issue 18,
// finding 5); dev mode keeps serving the Agents Playground and Web Chat
// clients. Ids are fictitious.
import { describe, expect, it } from 'vitest';
import { officerFromActivity, TEAMS_CHANNEL_ID } from './officerIdentity.js';

const OFFICER = '6f1c2a9e-0b7d-4c3e-9a51-2d8e7f6a5b40';
const from = { id: '29:1Fiktiv-Anvandar-Id', name: 'Testhandläggare', aadObjectId: OFFICER };

describe('officerFromActivity', () => {
  it('takes the Entra object id of a Teams activity, in production and in dev mode', () => {
    expect(officerFromActivity({ channelId: TEAMS_CHANNEL_ID, from }, false)).toEqual({ id: OFFICER });
    expect(officerFromActivity({ channelId: TEAMS_CHANNEL_ID, from }, true)).toEqual({ id: OFFICER });
  });

  it.each(['webchat', 'directline', 'emulator', undefined])('names no officer for a %s activity in production, whatever id it claims', (channelId) => {
    expect(officerFromActivity({ channelId, from }, false)).toBeUndefined();
  });

  it('names no officer for a Teams activity without an Entra id in production', () => {
    expect(officerFromActivity({ channelId: TEAMS_CHANNEL_ID, from: { id: '29:x', name: 'x' } }, false)).toBeUndefined();
  });

  it('serves any channel in dev mode, a client without Entra ids as a fictitious dev officer', () => {
    expect(officerFromActivity({ channelId: 'webchat', from }, true)).toEqual({ id: OFFICER });
    expect(officerFromActivity({ channelId: 'emulator', from: { id: 'user-1', name: 'x' } }, true)).toEqual({ id: 'dev:user-1' });
  });
});
