// Provisioning and deactivating officers, an administrator's work: who exists
// as an officer decides who can act at all (a token for an unprovisioned or
// inactive officer is refused) and who can be assigned to a case, so every
// change is audited ('officer.provision', 'officer.deactivate' on the entity
// 'officer') in the same transaction, naming the operator as the actor. No
// HTTP route does this: no role of the access policy administers officers,
// and inventing one belongs with the organisation's identity management.
// `npm run officers` (api/officerCli.ts) is the way in.
import { appendAudit, type AuditContext } from './auditLog.js';
import type { Database } from './database.js';
import type { OfficerRole } from './officerRoles.js';
import type { PoliceRegion } from './policeRegions.js';

export interface OfficerProvisioning {
  /** An Entra object id (a UUID) in production, a free work id in dev. */
  id: string;
  region: PoliceRegion;
  roles: OfficerRole[];
}

export interface ProvisionedOfficer {
  id: string;
  region: PoliceRegion;
  roles: OfficerRole[];
  active: boolean;
  /** Whether the id is the officer's Entra object id (tokens then name the officer by it). */
  entra: boolean;
}

export type ProvisionOutcome = 'created' | 'updated' | 'reactivated' | 'unchanged';
export type DeactivateOutcome = 'deactivated' | 'already_inactive' | 'unknown';

const ENTRA_OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id an officer is stored under: an Entra object id in lower case, as
 * api/entraTokenVerifier.ts looks it up; any other id as given.
 */
export function storedOfficerId(id: string): { id: string; entraObjectId: string | null } {
  return ENTRA_OBJECT_ID.test(id) ? { id: id.toLowerCase(), entraObjectId: id.toLowerCase() } : { id, entraObjectId: null };
}

interface OfficerRow {
  id: string;
  region: PoliceRegion;
  roles: OfficerRole[];
  active: boolean;
  entra: boolean;
}

const SELECT_OFFICER = 'SELECT id, region, roles, active, entra_object_id IS NOT NULL AS entra FROM officers';

const sameRoles = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * Creates the officer, or gives an existing one this region and these roles
 * and makes them active again. Audited as 'officer.provision' with what the
 * officer became; the region and roles are work facts, not personal data of a case.
 * `devStandIn`: dev mode provisions an officer it stands in for (migration 101), whose dev
 * tokens keep the roles and region they name; any other provisioning is an administrator's
 * word, and makes a stand-in's row theirs.
 */
export function provisionOfficer(
  db: Database,
  input: OfficerProvisioning,
  operator: AuditContext,
  { devStandIn = false }: { devStandIn?: boolean } = {},
): Promise<{ officer: ProvisionedOfficer; outcome: ProvisionOutcome }> {
  const { id, entraObjectId } = storedOfficerId(input.id);
  const roles = [...new Set(input.roles)];
  return db.transaction(async (tx) => {
    const before = (await tx.query<OfficerRow & { dev_stand_in: boolean }>(`SELECT id, region, roles, active, dev_stand_in FROM officers WHERE id = $1 FOR UPDATE`, [id])).rows[0];
    let outcome: ProvisionOutcome;
    if (!before) {
      await tx.query('INSERT INTO officers (id, region, roles, entra_object_id, dev_stand_in) VALUES ($1, $2, $3, $4, $5)', [id, input.region, roles, entraObjectId, devStandIn]);
      outcome = 'created';
    } else {
      const changed = before.region !== input.region || !sameRoles(before.roles, roles) || (before.dev_stand_in && !devStandIn);
      outcome = !before.active ? 'reactivated' : changed ? 'updated' : 'unchanged';
      await tx.query('UPDATE officers SET region = $2, roles = $3, active = true, dev_stand_in = dev_stand_in AND $4, updated_at = now() WHERE id = $1', [id, input.region, roles, devStandIn]);
    }
    await appendAudit(tx, operator, 'officer.provision', { type: 'officer', id }, { outcome, region: input.region, roles });
    const officer = (await tx.query<OfficerRow>(`${SELECT_OFFICER} WHERE id = $1`, [id])).rows[0]!;
    return { officer, outcome };
  });
}

/**
 * Makes the officer inactive: their tokens are refused and they can no longer
 * be assigned. Their past assignments and work stay as the record of what
 * they did. Their stored Teams chats (conversation references) are erased in
 * the same transaction: nothing speaks to them any more (their reminders go to
 * the region), and the references are personal data kept only to reach them.
 * The audit row counts the references erased. An unknown officer changes
 * nothing and is not audited.
 */
export function deactivateOfficer(db: Database, officerId: string, operator: AuditContext): Promise<DeactivateOutcome> {
  const { id } = storedOfficerId(officerId);
  return db.transaction(async (tx) => {
    const before = (await tx.query<{ active: boolean }>('SELECT active FROM officers WHERE id = $1 FOR UPDATE', [id])).rows[0];
    if (!before) return 'unknown';
    if (before.active) await tx.query('UPDATE officers SET active = false, updated_at = now() WHERE id = $1', [id]);
    const { rowCount } = await tx.query('DELETE FROM conversation_references WHERE officer_id = $1', [id]);
    await appendAudit(tx, operator, 'officer.deactivate', { type: 'officer', id }, { changed: before.active, conversationReferencesErased: rowCount ?? 0 });
    return before.active ? 'deactivated' : 'already_inactive';
  });
}

/** Every officer, active or not, by id. The officer register is not case data, so reading it is not audited. */
export async function listOfficers(db: Database): Promise<ProvisionedOfficer[]> {
  return (await db.query<OfficerRow>(`${SELECT_OFFICER} ORDER BY id`)).rows;
}
