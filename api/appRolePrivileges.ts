// Everything the application role bops_app may do in the schema, stated in one
// place, because a database can lose it: a `pg_restore --no-owner` of a backup,
// or a bops_app created after the migrations ran, leaves the role without
// grants. The migrations granted piecemeal (002's default privileges, 008 for
// the tables of its day, 010, 041 and 074 for their own tables), so re-running
// any one of them cannot restore the whole; `npm run migrate` restates this
// map instead, as the owner, every time (api/migrator.ts).
//
// A table, sequence or function a migration adds must be decided here:
// test/leastPrivilege.test.ts and test/appRolePrivilegesRestored.test.ts
// compare the database with an expectation of their own and fail on an
// undecided object. Never UPDATE, DELETE or TRUNCATE on the audit log, no write
// on its chain head or the migration history, no CREATE in the schema: those
// are what keep the log append-only against the app's own login.

/** The role whose members run the server and the operators' commands (README, "Database roles and migrations"). */
export const APP_ROLE = 'bops_app';

export type TablePrivilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE' | 'REFERENCES' | 'TRIGGER';
export type SequencePrivilege = 'USAGE' | 'SELECT' | 'UPDATE';
export type FunctionPrivilege = 'EXECUTE';

export interface AppRolePrivilegeMap {
  /** On the schema itself: USAGE only, never CREATE (a role that may create could own, and so alter, what it makes). */
  schema: readonly 'USAGE'[];
  /** Every table of the schema, by name; an empty list is a decision too (nothing at all). */
  tables: Readonly<Record<string, readonly TablePrivilege[]>>;
  /** Every sequence, by name. */
  sequences: Readonly<Record<string, readonly SequencePrivilege[]>>;
  /**
   * Every function, by its signature as PostgreSQL prints it (`oid::regprocedure`): what bops_app is granted
   * itself. PUBLIC's default EXECUTE is left as the migrations made it; the app calls none of these, its writes
   * fire them as triggers, and firing a trigger checks no EXECUTE.
   */
  functions: Readonly<Record<string, readonly FunctionPrivilege[]>>;
  /**
   * Functions no role may execute but their owner: the SECURITY DEFINER ones that can be called directly,
   * which PUBLIC could otherwise run with the owner's rights (087). Their callers are triggers run as the owner.
   */
  closedToPublic: readonly string[];
  /** What a table or sequence the owner creates later gets before its decision is restated here (002, 008). */
  defaults: { tables: readonly TablePrivilege[]; sequences: readonly SequencePrivilege[] };
}

const DML = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const satisfies readonly TablePrivilege[];
const READ = ['SELECT'] as const satisfies readonly TablePrivilege[];

export const APP_ROLE_PRIVILEGES = {
  schema: ['USAGE'],
  tables: {
    // The domain: the API reads and changes it; retention erases from it (its SELECT … FOR UPDATE needs UPDATE).
    officers: DML,
    cases: DML,
    assessments: DML,
    assessment_answers: DML,
    idempotency_keys: DML,
    case_assignments: DML,
    case_persons: DML,
    protection_plans: DML,
    protection_measures: DML,
    reassessments: DML,
    conversation_references: DML,
    referrals: DML,
    referral_notices: DML,
    // The referral sweep's claims (085): written and re-claimed by the app role, erased with their referral.
    referral_announce_attempts: DML,
    // The notices a write causes (104): recorded by the write, claimed and settled by the app role; never deleted
    // by it (they go with their case, the foreign key's cascade running as the owner).
    notice_outbox: ['SELECT', 'INSERT', 'UPDATE'],
    // The reminders' ledger (055): the poller, running as the app role, claims and records.
    reminders: DML,
    reminder_deliveries: DML,
    // Issue 15: shares are withdrawn by an update and erased with their case by retention.
    case_shares: DML,
    case_share_recipients: DML,
    case_share_snapshots: DML,
    assessment_reviews: DML,
    rri_contacts: DML,
    rri_outcomes: DML,
    demo_data_cases: DML,
    // Issue 19: a document link is made, stamped when opened (it opens once, 096) and cleared away.
    document_links: DML,
    // The log: appended and read (the audit trail, verification); the chain trigger fills the chain columns
    // with its owner's rights.
    audit_log: ['SELECT', 'INSERT'],
    // Read only: the chain head (verification; only the SECURITY DEFINER chain trigger moves it), the migration
    // history (the start-up check that the schema is current), the audit vocabulary (010).
    audit_chain_head: READ,
    schema_migrations: READ,
    audit_actions: READ,
    audit_entity_types: READ,
    // Issue 16 item 5: the figures' facts are written by the database's own triggers (074), read by the app;
    // a fact the app could write would be a fact it could get wrong. Their work queue is the triggers' alone.
    figure_case_facts: READ,
    figure_assessment_facts: READ,
    figure_facts_pending: [],
    // Which catalogue measures social services decide, per published pack version (102): the published packs' word,
    // written by the owner (api/socialServicesMeasures.ts); a row the app could write would be a figure it could skew.
    figure_social_services_measures: READ,
  },
  sequences: {
    // audit_log.id is an identity column: inserting draws from it without any privilege on the sequence.
    audit_log_id_seq: [],
  },
  functions: {
    'audit_chain_field(text)': [],
    'audit_chain_hash(bigint,bigint,timestamp with time zone,text,text,text,text,text,text,jsonb,text)': [],
    'audit_log_chain()': [],
    'audit_log_refuse_change()': [],
    'figure_facts_mark(uuid[])': [],
    'figure_facts_of_answer_row()': [],
    'figure_facts_of_answers()': [],
    'figure_facts_of_assessment_row()': [],
    'figure_facts_of_assessments()': [],
    'figure_facts_of_cases()': [],
    'figure_facts_of_measures()': [],
    'figure_facts_of_plans()': [],
    'figure_facts_of_reassessments()': [],
    'figure_facts_of_rri_contacts()': [],
    'figure_facts_of_rri_outcomes()': [],
    'figure_facts_refresh(uuid[])': [],
    'figure_facts_settle()': [],
    'planned_assessment_stays_completed()': [],
    'protection_plan_answers_completed()': [],
  },
  closedToPublic: ['figure_facts_mark(uuid[])', 'figure_facts_refresh(uuid[])'],
  defaults: { tables: DML, sequences: ['USAGE', 'SELECT'] },
} as const satisfies AppRolePrivilegeMap;

const quoted = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** REVOKE everything, then GRANT what is decided: run in one transaction, the app role never sees a gap. */
function restated(kind: 'TABLE' | 'SEQUENCE' | 'FUNCTION', object: string, privileges: readonly string[], role: string): string[] {
  const revoke = `REVOKE ALL ON ${kind} ${object} FROM ${role}`;
  return privileges.length === 0 ? [revoke] : [revoke, `GRANT ${privileges.join(', ')} ON ${kind} ${object} TO ${role}`];
}

/**
 * The statements that give `appRole` exactly `map` in `schema` and nothing more, whatever it held before.
 * Idempotent; needs the owner of every object named (GRANT by anyone else grants nothing). Run them in one
 * transaction. Function keys are signatures and go into the SQL as they are: only this module's constant
 * (or a test's) is ever rendered.
 */
export function appRolePrivilegeStatements(schema: string, map: AppRolePrivilegeMap = APP_ROLE_PRIVILEGES, appRole: string = APP_ROLE): string[] {
  const role = quoted(appRole);
  const inSchema = (name: string) => `${quoted(schema)}.${quoted(name)}`;
  const defaults = `ALTER DEFAULT PRIVILEGES IN SCHEMA ${quoted(schema)}`;
  return [
    `REVOKE ALL ON SCHEMA ${quoted(schema)} FROM ${role}`,
    ...(map.schema.length ? [`GRANT ${map.schema.join(', ')} ON SCHEMA ${quoted(schema)} TO ${role}`] : []),
    ...Object.entries(map.tables).flatMap(([table, privileges]) => restated('TABLE', inSchema(table), privileges, role)),
    ...Object.entries(map.sequences).flatMap(([sequence, privileges]) => restated('SEQUENCE', inSchema(sequence), privileges, role)),
    ...Object.entries(map.functions).flatMap(([signature, privileges]) => restated('FUNCTION', `${quoted(schema)}.${signature}`, privileges, role)),
    ...map.closedToPublic.map((signature) => `REVOKE EXECUTE ON FUNCTION ${quoted(schema)}.${signature} FROM PUBLIC`),
    `${defaults} REVOKE ALL ON TABLES FROM ${role}`,
    ...(map.defaults.tables.length ? [`${defaults} GRANT ${map.defaults.tables.join(', ')} ON TABLES TO ${role}`] : []),
    `${defaults} REVOKE ALL ON SEQUENCES FROM ${role}`,
    ...(map.defaults.sequences.length ? [`${defaults} GRANT ${map.defaults.sequences.join(', ')} ON SEQUENCES TO ${role}`] : []),
  ];
}
