// What the app role (a login role in bops_app) must be able to do and no
// more, pinned by hand, apart from api/appRolePrivileges.ts which states it
// for the database: a test compares the catalogue (test/privilegesOf.ts) with
// this, so a slip in either fails. A table, sequence or function a migration
// adds fails here until its privileges are decided in both places: plain DML
// by default (002, 008), less for a log.
import type { RolePrivileges } from './privilegesOf.js';

const DML = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];

export const PINNED_APP_ROLE_PRIVILEGES: RolePrivileges = {
  // USAGE, never CREATE; owning nothing, it cannot switch the append-only trigger off.
  schema: { usage: true, create: false },
  owns: 0,
  tables: {
    assessment_answers: DML,
    assessment_reviews: DML,
    assessments: DML,
    audit_actions: ['SELECT'],
    audit_chain_head: ['SELECT'],
    audit_entity_types: ['SELECT'],
    audit_log: ['SELECT', 'INSERT'],
    case_assignments: DML,
    case_persons: DML,
    // Issue 15: shares are withdrawn by an update and erased with their case by retention.
    case_share_recipients: DML,
    case_share_snapshots: DML,
    case_shares: DML,
    cases: DML,
    conversation_references: DML,
    demo_data_cases: DML,
    // Issue 19: a document link is made, stamped on its one opening (099) and cleared away.
    document_links: DML,
    // Issue 16 item 5: the figures' facts are written by the database's own triggers (074), read by the app.
    figure_assessment_facts: ['SELECT'],
    figure_case_facts: ['SELECT'],
    figure_facts_pending: [],
    // 102: which catalogue measures social services decide, per published pack version; the owner writes them from the packs.
    figure_social_services_measures: ['SELECT'],
    idempotency_keys: DML,
    officers: DML,
    protection_measures: DML,
    protection_plans: DML,
    reassessments: DML,
    // The referral sweep's claims (085): written and re-claimed by the app role, erased with their referral.
    referral_announce_attempts: DML,
    // The notices a write causes (104): recorded by the write, claimed and settled by the app role; never deleted
    // by it (they go with their case, the foreign key's cascade running as the owner).
    notice_outbox: ['SELECT', 'INSERT', 'UPDATE'],
    referral_notices: DML,
    referrals: DML,
    // The reminders' ledger (055): the poller, running as the app role, claims and records.
    reminder_deliveries: DML,
    reminders: DML,
    rri_contacts: DML,
    rri_outcomes: DML,
    schema_migrations: ['SELECT'],
  },
  // An identity column draws from its sequence without any privilege on it.
  sequences: { audit_log_id_seq: [] },
  // Granted nothing itself: triggers run these (firing one checks no EXECUTE); the SECURITY DEFINER ones with
  // their owner's rights.
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
  defaults: { tables: DML, sequences: ['USAGE', 'SELECT'] },
};
