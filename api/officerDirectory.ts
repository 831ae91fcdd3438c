// Where the API learns who an officer is — their roles and region — for every
// token and whenever the bot acts for them. Provisioned officers live in the
// officers table; in dev mode an officer the bot acts for who was never
// provisioned is provisioned as the fictitious dev officer (DEV_ROLES,
// DEV_REGION), audited and marked as dev mode's stand-in (migration 101: their
// dev tokens keep the roles they name), so that like anyone else they can be
// assigned; a deactivated officer stays refused in every mode.
import { z } from 'zod';
import type { Database } from './database.js';
import { officerRoleSchema } from './officerRoles.js';
import { policeRegionSchema } from './policeRegions.js';
import type { Officer } from './principal.js';

export interface OfficerDirectory {
  find(officerId: string): Promise<Officer | undefined>;
}

const rowSchema = z.object({ id: z.string(), region: policeRegionSchema, roles: z.array(officerRoleSchema), active: z.boolean(), dev_stand_in: z.boolean() });

/** A provisioned officer, active or deactivated. */
export interface RegisteredOfficer {
  officer: Officer;
  active: boolean;
  /** Provisioned by dev mode as the fictitious dev officer, not by an administrator (migration 101). */
  devStandIn: boolean;
}

/** Every provisioned officer, deactivated ones included: what tells "never provisioned" from "deactivated". */
export interface OfficerRegistry {
  lookup(officerId: string): Promise<RegisteredOfficer | undefined>;
}

export class SqlOfficerDirectory implements OfficerDirectory, OfficerRegistry {
  /**
   * `devStandIns`: whether a row dev mode made up counts as an officer — in dev mode only. Outside it
   * such a row (a database once run in dev mode) is nobody's word, so it opens nothing: only an
   * administrator's `npm run officers -- add` makes that officer one.
   */
  constructor(
    private readonly db: Database,
    private readonly options: { devStandIns: boolean } = { devStandIns: false },
  ) {}

  async find(officerId: string): Promise<Officer | undefined> {
    const found = await this.lookup(officerId);
    return found?.active && (this.options.devStandIns || !found.devStandIn) ? found.officer : undefined;
  }

  /** How many active rows dev mode made up: said at a start outside dev mode, as they open nothing there. */
  async activeDevStandIns(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM officers WHERE dev_stand_in AND active');
    return Number(rows[0]!.n);
  }

  async lookup(officerId: string): Promise<RegisteredOfficer | undefined> {
    // Asked on every request: by every token, and for every officer the bot acts for. Kept prepared.
    const { rows } = await this.db.query('select id, region, roles, active, dev_stand_in from officers where id = $1', [officerId], { prepareAs: 'officer_lookup' });
    if (!rows[0]) return undefined;
    const { active, dev_stand_in: devStandIn, ...officer } = rowSchema.parse(rows[0]);
    return { officer, active, devStandIn };
  }
}

/** Dev mode only: provisioned officers as they are; anyone never provisioned is provisioned as the fictitious dev officer. */
export class DevFallbackOfficerDirectory implements OfficerDirectory {
  constructor(
    private readonly inner: OfficerRegistry,
    private readonly fallback: Omit<Officer, 'id'>,
    /** Provisions the officer as dev mode's stand-in, audited (api/officerAdministration.ts). */
    private readonly provision: (officer: Officer) => Promise<unknown>,
  ) {}

  async find(officerId: string): Promise<Officer | undefined> {
    const found = await this.inner.lookup(officerId);
    if (found) return found.active ? found.officer : undefined;
    const officer: Officer = { id: officerId, ...this.fallback };
    await this.provision(officer).catch(async (err: unknown) => {
      // A concurrent request provisioned them a moment ago: that is the outcome wanted.
      if (!(await this.inner.lookup(officerId))) throw err;
    });
    return officer;
  }
}
