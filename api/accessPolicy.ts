// One explicit access policy for the API: role × region × action × own work.
// Routes ask it before touching data; a denial is recorded by the caller.
// This is the walking skeleton's policy; the full matrix (case membership,
// protected identities, sharing to investigations) extends this table.
import type { AssessmentLevel } from './assessmentRepository.js';
import type { OfficerRole } from './officerRoles.js';
import type { PoliceRegion } from './policeRegions.js';
import type { Officer } from './principal.js';

export type Action =
  | 'assessment.create'
  | 'assessment.answer'
  | 'assessment.complete'
  | 'assessment.read'
  | 'case.assessments.list'
  | 'audit.read';

export interface Resource {
  region: PoliceRegion;
  level?: AssessmentLevel;
  /** The officer who owns the assessment, when the resource is one. */
  ownerId?: string;
}

export type Decision = { allowed: true } | { allowed: false; reason: string };

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
const deny = (reason: string): Decision => ({ allowed: false, reason });
const allow: Decision = { allowed: true };

function mayMake(officer: Officer, level: AssessmentLevel, region: PoliceRegion): boolean {
  return MAKERS[level].some((m) => has(officer, m.role) && (m.national || officer.region === region));
}

export function decide(officer: Officer, action: Action, resource: Resource): Decision {
  switch (action) {
    case 'assessment.create':
      if (!resource.level) return deny('level is required to create');
      return mayMake(officer, resource.level, resource.region) ? allow : deny(`no role may make ${resource.level} assessments in this region`);
    case 'assessment.answer':
    case 'assessment.complete':
      // A draft is the personal work of the officer who started it until completed.
      if (resource.ownerId !== officer.id) return deny('only the officer who started the assessment may change it');
      if (!resource.level || !mayMake(officer, resource.level, resource.region)) return deny('the officer no longer holds a role for this assessment');
      return allow;
    case 'assessment.read':
      if (resource.ownerId === officer.id) return allow;
      if (has(officer, 'specialist')) return allow;
      if (has(officer, 'bops_officer') && officer.region === resource.region) return allow;
      return deny('not the officer’s own assessment and no Bops role for its region');
    case 'case.assessments.list':
      if (has(officer, 'specialist')) return allow;
      if ((has(officer, 'bops_officer') || has(officer, 'intake_officer')) && officer.region === resource.region) return allow;
      return deny('no Bops or intake role for the case region');
    case 'audit.read':
      return has(officer, 'auditor') ? allow : deny('only auditors read the audit log');
    default: {
      const never: never = action;
      return never;
    }
  }
}
