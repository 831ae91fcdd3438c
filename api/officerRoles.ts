// Role ids an officer can hold (Entra app roles in production, DEV_ROLES or a
// dev token locally). What each role may do is decided in accessPolicy.ts.
import { z } from 'zod';

export const OFFICER_ROLES = [
  'intake_officer',
  'bops_officer',
  'specialist',
  'investigator',
  'analyst',
  'method_owner',
  'auditor',
] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];
export const officerRoleSchema = z.enum(OFFICER_ROLES);

/** The role carried by the bot's own service credential; it never acts on its own behalf. */
export const BOT_SERVICE_ROLE = 'bot_service' as const;
