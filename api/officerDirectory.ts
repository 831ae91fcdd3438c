// Where the API learns an officer's roles and region when a trusted service
// (the bot) acts for them. Provisioned officers live in the officers table;
// in dev mode an unknown officer becomes a fictitious one from DEV_ROLES/DEV_REGION.
import { z } from 'zod';
import type { Database } from './database.js';
import { officerRoleSchema } from './officerRoles.js';
import { policeRegionSchema } from './policeRegions.js';
import type { Officer } from './principal.js';

export interface OfficerDirectory {
  find(officerId: string): Promise<Officer | undefined>;
}

const rowSchema = z.object({ id: z.string(), region: policeRegionSchema, roles: z.array(officerRoleSchema) });

export class SqlOfficerDirectory implements OfficerDirectory {
  constructor(private readonly db: Database) {}

  async find(officerId: string): Promise<Officer | undefined> {
    // Asked on every request the bot makes for an officer, and by every Entra token: kept prepared.
    const { rows } = await this.db.query('select id, region, roles from officers where id = $1 and active', [officerId], { prepareAs: 'officer_find' });
    return rows[0] ? rowSchema.parse(rows[0]) : undefined;
  }
}

/** Dev mode only: provisioned officers first, then the fictitious dev officer for anyone else. */
export class DevFallbackOfficerDirectory implements OfficerDirectory {
  constructor(
    private readonly inner: OfficerDirectory,
    private readonly fallback: Omit<Officer, 'id'>,
  ) {}

  async find(officerId: string): Promise<Officer> {
    return (await this.inner.find(officerId)) ?? { id: officerId, ...this.fallback };
  }
}
