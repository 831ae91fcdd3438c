// Who the officer behind a Teams activity is. In Teams that is the Entra
// object id (from.aadObjectId), which the API maps to roles and region. In dev
// mode (bot auth off) a client without Entra ids, like the Agents Playground,
// gets a stable fictitious id derived from the channel's user id.
import type { Activity } from 'botbuilder';
import type { OfficerRef } from '../dialogs/assessmentApi.js';

export function officerFromActivity(activity: Partial<Activity>, devMode: boolean): OfficerRef | undefined {
  const aad = activity.from?.aadObjectId;
  if (aad && /^[A-Za-z0-9-]{1,64}$/.test(aad)) return { id: aad };
  if (!devMode) return undefined;
  const local = (activity.from?.id ?? 'okand').replace(/[^A-Za-z0-9:._@-]/g, '').slice(0, 100) || 'okand';
  return { id: `dev:${local}` };
}
