// One explicit access policy for the API: role × region × action × own work.
// Routes ask it before touching data. Denials are answered 403 (or 404 where
// even existence is need-to-know) and audited as 'access.denied' with the
// denial's code (api/accessDenial.ts): a code from a fixed vocabulary, so the
// audit row says why without holding anything about a person.
// Case membership (assignment) gates plan and RRI changes; a person with
// protected identity is need-to-know beyond that (clearance): it opens by an
// assignment from an officer of the case's region who holds clearance
// (assignsProtectedAccess), by recording the case's first protected person, or
// by the officer's own reasoned, audited break-glass, which the case's officers
// are told of. Everything that shows or changes such a person — the person,
// a plan protecting them, an RRI contact naming them — asks the same gate.
// Investigators read no route of the case domain, whatever is shared with
// them: they read only the snapshots of the shares addressed to them
// (share.read, issue 15).
import type { AssessmentLevel } from './assessmentRepository.js';
import type { PolicyAction } from './auditLog.js';
import type { OfficerRole } from './officerRoles.js';
import type { PoliceRegion } from './policeRegions.js';
import type { Officer } from './principal.js';
import type { ReviewerRule } from './reviewerRule.js';


export interface Resource {
  region: PoliceRegion;
  level?: AssessmentLevel;
  /** The officer who owns the assessment, when the resource is one. */
  ownerId?: string;
  /** Whether the officer is assigned to the case the resource belongs to. */
  caseMember?: boolean;
  /** Whether the officer holds clearance for the case's protected persons (see assignsProtectedAccess). */
  protectedClearance?: boolean;
  /** Whether the resource is (or would be) a person with protected identity. */
  protectedIdentity?: boolean;
  /** A share: the officer who made it (only they withdraw it). */
  sharerId?: string;
  /** A share: whether the officer is among its recipients, and whether it is withdrawn. */
  shareRecipient?: boolean;
  shareWithdrawn?: boolean;
  /** Who may review assessments in the resource's region (api/reviewerRule.ts). */
  reviewers?: ReviewerRule;
}

/** Why a request is refused, as recorded on its audit row; the reason text beside it is for the client. */
export const DENIAL_CODES = [
  'level_required',
  'no_role_for_level',
  'not_owner',
  'role_not_held',
  'no_role_for_region',
  'auditors_only',
  'nothing_shared_yet',
  'statistics_only',
  'packs_only',
  'audit_log_only',
  'protected_identity',
  'not_assigned',
  'statistics_roles_only',
  'figures_roles_only',
  // Issue 15: sharing and reviews.
  'not_sharer',
  'investigators_only',
  'not_recipient',
  'share_withdrawn',
  'own_assessment',
  'not_reviewer',
  // Not decide()'s: authentication refuses an officer who is not provisioned or is deactivated (api/authentication.ts).
  'officer_not_provisioned',
  // Not decide()'s: what only the bot's own credential may do, on behalf of the officer (api/conversationReferenceHandlers.ts).
  'bot_only',
  // Not decide()'s: a document link opened a second time (api/assessmentHandlers.ts); a link opens once.
  'link_used',
] as const;
export type DenialCode = (typeof DENIAL_CODES)[number];

export type Decision = { allowed: true } | { allowed: false; code: DenialCode; reason: string };

/** Who may make an assessment of each level, and whether only in their own region. */
const MAKERS: Record<AssessmentLevel, { role: OfficerRole; national: boolean }[]> = {
  initial: [
    { role: 'intake_officer', national: false },
    { role: 'bops_officer', national: false },
    { role: 'specialist', national: true },
  ],
  structured: [
    { role: 'bops_officer', national: false },
    { role: 'specialist', national: true },
  ],
  in_depth: [{ role: 'specialist', national: true }],
};

const has = (officer: Officer, role: OfficerRole) => officer.roles.includes(role);
const deny = (code: DenialCode, reason: string): Decision => ({ allowed: false, code, reason });
const allow: Decision = { allowed: true };

/** A Bops or intake role for the case's region, or a specialist (national). */
function worksCase(officer: Officer, region: PoliceRegion, roles: OfficerRole[]): boolean {
  return has(officer, 'specialist') || roles.some((role) => has(officer, role) && officer.region === region);
}

/**
 * Why an officer without a case-working role is refused, by the role they do
 * hold: the case domain is personal data, and these roles see none of it.
 */
function caseDenial(officer: Officer): Decision {
  if (has(officer, 'investigator')) return deny('nothing_shared_yet', 'investigators read only what is shared to their investigation (GET /api/v1/shares), never the case itself');
  if (has(officer, 'analyst')) return deny('statistics_only', 'analysts see statistics, never personal data');
  if (has(officer, 'method_owner')) return deny('packs_only', 'method owners manage methodology packs only');
  if (has(officer, 'auditor')) return deny('audit_log_only', 'auditors read the audit log only');
  return deny('no_role_for_region', 'no Bops, intake or specialist role for the case region');
}

/**
 * A person with protected identity is seen, and anything about them (a plan protecting them, an RRI
 * contact naming them) changed, only by an officer holding clearance, whatever their role; recording
 * one takes an assignment to the case (the officer knows what they record).
 */
function protectedGate(resource: Resource, then: Decision, needs: 'clearance' | 'membership' = 'clearance'): Decision {
  if (!then.allowed || !resource.protectedIdentity) return then;
  if (needs === 'membership' && !resource.caseMember) return deny('protected_identity', 'a person with protected identity is recorded only by officers assigned to the case');
  if (needs === 'clearance' && !resource.protectedClearance) {
    return deny('protected_identity', 'a person with protected identity is visible only to officers a cleared officer of the region assigned, who recorded the case’s first one, or who opened it with a stated reason');
  }
  return then;
}

/**
 * A change within the case by its assigned officers. Where it touches a protected person, the
 * protection refuses first, so an uncleared officer is answered as if there were nothing there
 * (api/routeGuards.ts authoriseOrHide), member or not.
 */
function memberUnlessHidden(resource: Resource, notAssigned: string): Decision {
  const gate = protectedGate(resource, allow);
  if (!gate.allowed) return gate;
  return resource.caseMember ? allow : deny('not_assigned', notAssigned);
}

/** A Bops officer or specialist of the case's own region: who may vouch for a colleague's need-to-know, or break glass. */
function ofTheRegion(officer: Officer, region: PoliceRegion): boolean {
  return officer.region === region && (has(officer, 'bops_officer') || has(officer, 'specialist'));
}

/**
 * Whether an assignment opens the case's protected persons to the officer assigned: only when the
 * assigner already holds clearance on the case and works it in its region (a Bops officer or
 * specialist of the region) — so clearance passes only from someone who has it, and two officers
 * without it cannot open a protected person for each other. An officer assigning themself (as the bot
 * does to save a plan) opens nothing; break-glass is the audited way then.
 */
export function assignsProtectedAccess(assigner: Officer, assignerCleared: boolean, assigneeId: string, caseRegion: PoliceRegion): boolean {
  return assigner.id !== assigneeId && assignerCleared && ofTheRegion(assigner, caseRegion);
}

function mayMake(officer: Officer, level: AssessmentLevel, region: PoliceRegion): boolean {
  return MAKERS[level].some((m) => has(officer, m.role) && (m.national || officer.region === region));
}

export function decide(officer: Officer, action: PolicyAction, resource: Resource): Decision {
  switch (action) {
    case 'assessment.create':
      if (!resource.level) return deny('level_required', 'level is required to create');
      return mayMake(officer, resource.level, resource.region) ? allow : deny('no_role_for_level', `no role may make ${resource.level} assessments in this region`);
    case 'assessment.answer':
    case 'assessment.complete':
    case 'assessment.discard':
    case 'assessment.version_choice':
      // A draft is the personal work of the officer who started it until completed.
      if (resource.ownerId !== officer.id) return deny('not_owner', 'only the officer who started the assessment may change it');
      if (!resource.level || !mayMake(officer, resource.level, resource.region)) return deny('role_not_held', 'the officer no longer holds a role for this assessment');
      return allow;
    case 'assessment.read':
      if (resource.ownerId === officer.id) return allow;
      if (has(officer, 'specialist')) return allow;
      if (has(officer, 'bops_officer') && officer.region === resource.region) return allow;
      return deny('no_role_for_region', 'not the officer’s own assessment and no Bops role for its region');
    case 'case.assessments.list':
      if (has(officer, 'specialist')) return allow;
      if ((has(officer, 'bops_officer') || has(officer, 'intake_officer')) && officer.region === resource.region) return allow;
      return deny('no_role_for_region', 'no Bops or intake role for the case region');
    case 'audit.read':
      return has(officer, 'auditor') ? allow : deny('auditors_only', 'only auditors read the audit log');
    case 'case.create':
    case 'case.read':
      return worksCase(officer, resource.region, ['intake_officer', 'bops_officer']) ? allow : caseDenial(officer);
    case 'case.assign':
    case 'case.update':
      // Managing a case (who works it, where it stands, closing it) is Bops' work in the region, or a specialist's.
      return worksCase(officer, resource.region, ['bops_officer']) ? allow : caseDenial(officer);
    case 'case.break_glass':
      // Only for the case's own region: a specialist elsewhere sees protected persons only once a cleared officer of the region assigns them.
      if (!worksCase(officer, resource.region, ['bops_officer'])) return caseDenial(officer);
      return ofTheRegion(officer, resource.region) ? allow : deny('no_role_for_region', 'break-glass is for Bops officers and specialists of the case’s region; ask a cleared officer there to assign you');
    case 'person.add':
      return protectedGate(resource, worksCase(officer, resource.region, ['intake_officer', 'bops_officer']) ? allow : caseDenial(officer), 'membership');
    case 'person.read':
      // An intake officer records persons at the report but reads them back only in a case they are assigned to.
      if (worksCase(officer, resource.region, ['bops_officer'])) return protectedGate(resource, allow);
      if (has(officer, 'intake_officer') && officer.region === resource.region) {
        return resource.caseMember ? protectedGate(resource, allow) : deny('not_assigned', 'an intake officer reads persons only in cases assigned to them');
      }
      return caseDenial(officer);
    case 'plan.write':
      // A plan protecting a protected person is changed only by those who may read it (plan.read).
      if (!worksCase(officer, resource.region, ['bops_officer'])) return caseDenial(officer);
      return memberUnlessHidden(resource, 'only officers assigned to the case change its protection plan');
    case 'statistics.read':
      // National aggregates with small counts suppressed: no personal data, so no region or membership applies.
      return has(officer, 'analyst') || has(officer, 'bops_officer') || has(officer, 'specialist')
        ? allow
        : deny('statistics_roles_only', 'statistics are for analysts, Bops officers and specialists');
    case 'plan.read':
      // A plan protecting a person with protected identity tells about that person (e.g. skyddad folkbokföring).
      return protectedGate(resource, worksCase(officer, resource.region, ['bops_officer']) ? allow : caseDenial(officer));
    case 'rri.write':
      // The RRI log is Bops' work in the case: an assigned Bops officer of the region, or an assigned specialist.
      // A contact naming a threat actor with protected identity is recorded only by those who may see them.
      if (!worksCase(officer, resource.region, ['bops_officer'])) return caseDenial(officer);
      return memberUnlessHidden(resource, 'only officers assigned to the case record its RRI contacts and outcomes');
    case 'rri.read':
      // As the persons list: contacts naming a protected threat actor are left out for those the gate refuses.
      return protectedGate(resource, worksCase(officer, resource.region, ['bops_officer']) ? allow : caseDenial(officer));
    case 'figures.read':
      // Aggregates for following the method up, small cells suppressed: the roles that evaluate, not those who work cases.
      return has(officer, 'analyst') || has(officer, 'method_owner') || has(officer, 'auditor')
        ? allow
        : deny('figures_roles_only', 'the figures are for analysts, method owners and auditors');
    case 'conversation_reference.save':
      // The officer's own chat with the bot, kept so the bot can bring them case work — and an
      // investigator what was shared with their investigation (issue 15) — (that the bot itself
      // stores it is the route's check).
      return has(officer, 'intake_officer') || has(officer, 'bops_officer') || has(officer, 'specialist') || has(officer, 'investigator') ? allow : caseDenial(officer);
    case 'worklist.read':
      // The officer's own list; each row on it is decided again under the action that reads what it shows.
      return has(officer, 'intake_officer') || has(officer, 'bops_officer') || has(officer, 'specialist') ? allow : caseDenial(officer);
    case 'share.create':
    case 'share.refresh':
      // Sharing is Bops' work on a case they are assigned to.
      if (!worksCase(officer, resource.region, ['bops_officer'])) return caseDenial(officer);
      return resource.caseMember ? allow : deny('not_assigned', 'only officers assigned to the case share it');
    case 'share.list':
      // The case's shares are Bops' work on it, read like its plans and RRI log (a share names no protected person).
      return worksCase(officer, resource.region, ['bops_officer']) ? allow : caseDenial(officer);
    case 'share.withdraw':
      if (!worksCase(officer, resource.region, ['bops_officer'])) return caseDenial(officer);
      return resource.sharerId === officer.id ? allow : deny('not_sharer', 'only the officer who made the share withdraws it');
    case 'share.read':
      // A share is read by its recipients only, and not once withdrawn; it opens nothing else of the case.
      if (!has(officer, 'investigator')) return deny('investigators_only', 'shares are read by the investigators they are addressed to');
      if (!resource.shareRecipient) return deny('not_recipient', 'the share is not addressed to this investigator');
      return resource.shareWithdrawn ? deny('share_withdrawn', 'the share was withdrawn') : allow;
    case 'assessment.review': {
      if (resource.ownerId === officer.id) return deny('own_assessment', 'an officer does not review their own assessment');
      const reads = has(officer, 'specialist') || (has(officer, 'bops_officer') && officer.region === resource.region);
      if (!reads) return deny('no_role_for_region', 'no Bops role for the assessment’s region');
      const rule = resource.reviewers ?? { kind: 'bops_officers' };
      if (rule.kind === 'named' && !rule.officerIds.includes(officer.id)) return deny('not_reviewer', 'the region names its reviewers, and this officer is not one');
      return allow;
    }
    default: {
      const never: never = action;
      return never;
    }
  }
}
