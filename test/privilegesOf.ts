// What a role may do in the current schema, read from the catalogue rather
// than from api/appRolePrivileges.ts, so a test comparing it with its own
// expectation (test/pinnedAppRolePrivileges.ts) fails when the map is wrong.
// Every table, view, sequence and function of the schema is listed, so an
// object a migration adds shows up here whether or not anyone decided it.
import type { Queryable } from '../api/database.js';

export interface RolePrivileges {
  schema: { usage: boolean; create: boolean };
  /** Objects of the schema owned by the role or a role it belongs to: an owner could alter them (disable a trigger). */
  owns: number;
  /** Tables and views by name: the privileges the role holds, its memberships' included. */
  tables: Record<string, string[]>;
  sequences: Record<string, string[]>;
  /** Functions by signature: what the role and its memberships were granted themselves (PUBLIC's default aside). */
  functions: Record<string, string[]>;
  /** What the owner's default privileges give the role on what the owner creates next in the schema. */
  defaults: { tables: string[]; sequences: string[] };
}

const TABLE = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];
const SEQUENCE = ['USAGE', 'SELECT', 'UPDATE'];

/** The privileges of `role` in the current schema of `db`, and what `owner`'s default privileges grant it. */
export async function privilegesOf(db: Queryable, role: string, owner: string): Promise<RolePrivileges> {
  const { rows } = await db.query<RolePrivileges>(
    `WITH here AS (SELECT current_schema()::regnamespace AS ns),
     defaults AS (
       SELECT d.defaclobjtype AS kind, array_agg(DISTINCT a.privilege_type) AS granted
         FROM pg_default_acl d, here, aclexplode(d.defaclacl) a
        WHERE d.defaclrole = to_regrole($2) AND d.defaclnamespace = here.ns AND a.grantee <> 0 AND pg_has_role($1, a.grantee, 'MEMBER')
        GROUP BY d.defaclobjtype)
     SELECT json_build_object('usage', has_schema_privilege($1, current_schema(), 'USAGE'),
                              'create', has_schema_privilege($1, current_schema(), 'CREATE')) AS schema,
            (SELECT count(*)::int FROM pg_class c, here WHERE c.relnamespace = here.ns AND pg_has_role($1, c.relowner, 'USAGE'))
              + (SELECT count(*)::int FROM pg_proc p, here WHERE p.pronamespace = here.ns AND pg_has_role($1, p.proowner, 'USAGE')) AS owns,
            coalesce((SELECT json_object_agg(c.relname, array(SELECT p FROM unnest($3::text[]) p WHERE has_table_privilege($1, c.oid, p)))
                        FROM pg_class c, here WHERE c.relnamespace = here.ns AND c.relkind IN ('r', 'p', 'v', 'm', 'f')), '{}') AS tables,
            coalesce((SELECT json_object_agg(c.relname, array(SELECT p FROM unnest($4::text[]) p WHERE has_sequence_privilege($1, c.oid, p)))
                        FROM pg_class c, here WHERE c.relnamespace = here.ns AND c.relkind = 'S'), '{}') AS sequences,
            coalesce((SELECT json_object_agg(p.oid::regprocedure::text,
                               array(SELECT DISTINCT a.privilege_type FROM aclexplode(p.proacl) a WHERE a.grantee <> 0 AND pg_has_role($1, a.grantee, 'MEMBER')))
                        FROM pg_proc p, here WHERE p.pronamespace = here.ns), '{}') AS functions,
            json_build_object(
              'tables', array(SELECT p FROM unnest($3::text[]) p WHERE p = ANY (coalesce((SELECT granted FROM defaults WHERE kind = 'r'), '{}'))),
              'sequences', array(SELECT p FROM unnest($4::text[]) p WHERE p = ANY (coalesce((SELECT granted FROM defaults WHERE kind = 'S'), '{}')))) AS defaults`,
    [role, owner, TABLE, SEQUENCE],
  );
  return rows[0]!;
}
