// Who is calling the API, after the token is verified: an officer calling
// directly, or a trusted service (the bot) that must name the officer it acts
// for. Authorisation is always decided for the officer, never for the service.
import type { OfficerRole } from './officerRoles.js';
import type { PoliceRegion } from './policeRegions.js';

export interface Officer {
  id: string;
  roles: OfficerRole[];
  region: PoliceRegion;
}

export type Principal =
  | { kind: 'officer'; officer: Officer }
  | { kind: 'service'; id: string };

/** The officer a request is authorised as, and the client that carried it. */
export interface Caller {
  officer: Officer;
  viaId: string | null;
}
