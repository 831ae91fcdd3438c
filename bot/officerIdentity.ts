// Who the officer behind a Teams activity is. In Teams that is the Entra
// object id (from.aadObjectId), which the API maps to roles and region. Only
// Teams vouches for that id: the Bot Framework signs activities of every
// channel the bot is registered on, and a Web Chat or Direct Line client puts
// whatever it likes in from.aadObjectId. So in production an activity of any
// other channel names no officer (issue 18, finding 5). In dev mode (bot auth
// off, loopback only) a client without Entra ids, like the Agents Playground,
// gets a stable fictitious id derived from the channel's user id.
import type { Activity } from 'botbuilder';
import type { OfficerRef } from '../dialogs/assessmentApi.js';

/** The Bot Framework's channel id of Microsoft Teams. */
export const TEAMS_CHANNEL_ID = 'msteams';

export function officerFromActivity(activity: Partial<Activity>, devMode: boolean): OfficerRef | undefined {
  if (!devMode && activity.channelId !== TEAMS_CHANNEL_ID) return undefined;
  const aad = activity.from?.aadObjectId;
  if (aad && /^[A-Za-z0-9-]{1,64}$/.test(aad)) return { id: aad };
  if (!devMode) return undefined;
  const local = (activity.from?.id ?? 'okand').replace(/[^A-Za-z0-9:._@-]/g, '').slice(0, 100) || 'okand';
  return { id: `dev:${local}` };
}
