// Where the API learns who an officer is — their roles and region — for every
// token and whenever the bot acts for them. Provisioned officers live in the
// officers table; in dev mode an officer never provisioned becomes a
// fictitious one from DEV_ROLES/DEV_REGION, but a deactivated one stays
// refused in every mode.
import { z } from 'zod';
import type { Database } from './database.js';
import { officerRoleSchema } from './officerRoles.js';
import { policeRegionSchema } from './policeRegions.js';
import type { Officer } from './principal.js';

export interface OfficerDirectory {
  find(officerId: string): Promise<Officer | undefined>;
}

const rowSchema = z.object({ id: z.string(), region: policeRegionSchema, roles: z.array(officerRoleSchema), active: z.boolean() });

/** A provisioned officer, active or deactivated. */
export interface ProvisionedOfficer {
  officer: Officer;
  active: boolean;
}

/** Every provisioned officer, deactivated ones included: what tells "never provisioned" from "deactivated". */
export interface OfficerRegistry {
  lookup(officerId: string): Promise<ProvisionedOfficer | undefined>;
}

export class SqlOfficerDirectory implements OfficerDirectory, OfficerRegistry {
  constructor(private readonly db: Database) {}

  async find(officerId: string): Promise<Officer | undefined> {
    const found = await this.lookup(officerId);
    return found?.active ? found.officer : undefined;
  }

  async lookup(officerId: string): Promise<ProvisionedOfficer | undefined> {
    // Asked on every request: by every token, and for every officer the bot acts for. Kept prepared.
    const { rows } = await this.db.query('select id, region, roles, active from officers where id = $1', [officerId], { prepareAs: 'officer_lookup' });
    if (!rows[0]) return undefined;
    const { active, ...officer } = rowSchema.parse(rows[0]);
    return { officer, active };
  }
}

/** Dev mode only: provisioned officers as they are, then the fictitious dev officer for anyone never provisioned. */
export class DevFallbackOfficerDirectory implements OfficerDirectory {
  constructor(
    private readonly inner: OfficerRegistry,
    private readonly fallback: Omit<Officer, 'id'>,
  ) {}

  async find(officerId: string): Promise<Officer | undefined> {
    const found = await this.inner.lookup(officerId);
    if (found) return found.active ? found.officer : undefined;
    return { id: officerId, ...this.fallback };
  }
}
