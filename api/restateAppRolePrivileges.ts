// Gives bops_app exactly what api/appRolePrivileges.ts states, on the database
// at hand, so an owner repairs a restored database (or one migrated before
// bops_app existed) with the command every release runs anyway, `npm run
// migrate`, instead of hunting for the migrations that once granted it.
import { z } from 'zod';
import { APP_ROLE, APP_ROLE_PRIVILEGES, appRolePrivilegeStatements, type AppRolePrivilegeMap } from './appRolePrivileges.js';
import type { Queryable } from './database.js';
import { MigrationError } from './migrationError.js';

export type AppRolePrivilegesRestated =
  /** Every statement ran: the role (bops_app) holds exactly the map. */
  | { outcome: 'restated'; role: string }
  /** The role does not exist in this cluster: nothing to grant to; the DBA creates it, then migrates again. */
  | { outcome: 'role-missing'; role: string }
  /** The connected role is not the schema's owner, so any GRANT would grant nothing: left as it is. */
  | { outcome: 'not-owner'; role: string; connectedRole: string }
  /** PGlite: one superuser and the app never switches to bops_app, so nothing depends on its grants. */
  | { outcome: 'embedded'; role: string };

const Situation = z.object({
  schema: z.string().min(1),
  roleExists: z.boolean(),
  /** Objects of the map that the connected role does not own (GRANT on them would only warn) or that are missing. */
  notOwned: z.array(z.string()),
});

export interface RestateOptions {
  map?: AppRolePrivilegeMap;
  /** bops_app but in a test, which cannot drop the role other test files share. */
  role?: string;
}

/**
 * Restates bops_app's privileges on `tx`, which must be a transaction of a PostgreSQL database (the
 * statements revoke before they grant: outside a transaction the app role would see the gap) and should hold
 * the migration lock (concurrent GRANTs on one object fail with "tuple concurrently updated"). Returns
 * 'role-missing' without writing when bops_app does not exist; throws MigrationError 'privileges_need_owner'
 * when some object of the map belongs to another role or does not exist (the schema is not current).
 */
export async function restateAppRolePrivileges(
  tx: Queryable,
  { map = APP_ROLE_PRIVILEGES, role = APP_ROLE }: RestateOptions = {},
): Promise<AppRolePrivilegesRestated> {
  const { rows } = await tx.query(
    `WITH objects (name, owner) AS (
       SELECT t.name, (SELECT c.relowner FROM pg_class c WHERE c.oid = to_regclass(format('%I.%I', current_schema(), t.name)))
         FROM unnest($2::text[]) AS t (name)
       UNION ALL
       SELECT f.signature, (SELECT p.proowner FROM pg_proc p WHERE p.oid = to_regprocedure(format('%I.', current_schema()) || f.signature))
         FROM unnest($3::text[]) AS f (signature))
     SELECT current_schema()::text AS schema,
            EXISTS (SELECT FROM pg_roles WHERE rolname = $1) AS "roleExists",
            array(SELECT o.name FROM objects o WHERE o.owner IS NULL OR NOT pg_has_role(o.owner, 'USAGE') ORDER BY o.name) AS "notOwned"`,
    [role, [...Object.keys(map.tables), ...Object.keys(map.sequences)], Object.keys(map.functions)],
  );
  const situation = Situation.parse(rows[0]);
  if (!situation.roleExists) return { outcome: 'role-missing', role };
  if (situation.notOwned.length > 0) {
    throw new MigrationError(
      'privileges_need_owner',
      `Cannot restate the privileges of ${role}: the connected role does not own ${situation.notOwned.join(', ')} ` +
        '(or they do not exist). Run `npm run migrate` as the role that owns the schema and every object in it.',
    );
  }
  for (const statement of appRolePrivilegeStatements(situation.schema, map, role)) await tx.query(statement);
  return { outcome: 'restated', role };
}
