// The access policy as a table: every action, for an officer holding each
// single role, on an initial assessment that is the officer's own or someone
// else's, in the officer's region or another. Read a row as "a <role> may/may
// not <action> on <resource>". Every refusal carries a code of the fixed
// vocabulary and leaves authorise() as the AccessDeniedError that is audited
// as 'access.denied'. Officers and ids are fictitious.
import { describe, expect, it } from 'vitest';
import { AccessDeniedError } from './accessDenial.js';
import { assignsProtectedAccess, decide, DENIAL_CODES, type Resource } from './accessPolicy.js';
import type { PolicyAction as Action } from './auditLog.js';
import type { AssessmentLevel } from './assessmentRepository.js';
import { OFFICER_ROLES, type OfficerRole } from './officerRoles.js';
import type { PoliceRegion } from './policeRegions.js';
import type { Officer } from './principal.js';
import { authorise } from './routeGuards.js';

const HOME = 'stockholm';
const AWAY = 'syd';
const officer = (roles: OfficerRole[]): Officer => ({ id: 'officer-a', roles, region: HOME });

/** The four resources every action is decided on; all are initial assessments. */
const RESOURCES = {
  'own, own region': { region: HOME, level: 'initial', ownerId: 'officer-a' },
  'own, other region': { region: AWAY, level: 'initial', ownerId: 'officer-a' },
  'other’s, own region': { region: HOME, level: 'initial', ownerId: 'officer-b' },
  'other’s, other region': { region: AWAY, level: 'initial', ownerId: 'officer-b' },
} as const satisfies Record<string, Resource>;
type ResourceName = keyof typeof RESOURCES;
const RESOURCE_NAMES = Object.keys(RESOURCES) as ResourceName[];

// Every Action; the type check fails when one is added to the union but not here.
const ACTIONS = [
  'assessment.create',
  'assessment.answer',
  'assessment.complete',
  'assessment.discard',
  'assessment.version_choice',
  'assessment.read',
  'case.assessments.list',
  'audit.read',
] as const satisfies readonly Action[];
// The case domain's actions, decided on the case resources below.
const CASE_ACTIONS = ['case.create', 'case.read', 'case.assign', 'case.update', 'case.break_glass', 'person.add', 'person.read', 'plan.write', 'plan.read', 'rri.write', 'rri.read', 'share.list'] as const satisfies readonly Action[];
// Actions on no particular resource.
const NATIONAL_ACTIONS = ['statistics.read'] as const satisfies readonly Action[];
// The figures for following the method up (issue 16): aggregates only, for the roles that evaluate.
const FIGURE_ACTIONS = ['figures.read'] as const satisfies readonly Action[];
// The officer's own work list (each row is decided again under the action that reads it), and their chat kept to bring them work.
const OWN_LIST_ACTIONS = ['worklist.read'] as const satisfies readonly Action[];
// Their chat kept to bring them work, or (investigators) news of a share (issue 15).
const OWN_CHAT_ACTIONS = ['conversation_reference.save'] as const satisfies readonly Action[];
// Issue 15: sharing a case with an investigation, reading a share, reviewing an assessment.
const SHARE_ACTIONS = ['share.create', 'share.refresh', 'share.withdraw'] as const satisfies readonly Action[];
const SHARE_READ_ACTIONS = ['share.read'] as const satisfies readonly Action[];
const REVIEW_ACTIONS = ['assessment.review'] as const satisfies readonly Action[];
const allActionsListed: Exclude<
  Action,
  | (typeof ACTIONS)[number]
  | (typeof CASE_ACTIONS)[number]
  | (typeof NATIONAL_ACTIONS)[number]
  | (typeof OWN_LIST_ACTIONS)[number]
  | (typeof OWN_CHAT_ACTIONS)[number]
  | (typeof FIGURE_ACTIONS)[number]
  | (typeof SHARE_ACTIONS)[number]
  | (typeof SHARE_READ_ACTIONS)[number]
  | (typeof REVIEW_ACTIONS)[number]
> extends never
  ? true
  : false = true;

type Expected = 'allow' | 'deny';
const Y: Expected = 'allow';
const N: Expected = 'deny';

/** One policy line: a role and an action, then the decision for each resource in RESOURCES order. */
const line = (role: OfficerRole, action: Action, ...decisions: [Expected, Expected, Expected, Expected]) =>
  RESOURCE_NAMES.map((resource, i) => [role, action, resource, decisions[i]!] as const);

// prettier-ignore
const POLICY: (readonly [OfficerRole, Action, ResourceName, Expected])[] = [
  //                                               own,      own,        other’s,   other’s,
  //                                               own reg.  other reg.  own reg.   other reg.
  ...line('intake_officer', 'assessment.create',     Y,        N,          Y,         N),
  ...line('intake_officer', 'assessment.answer',     Y,        N,          N,         N),
  ...line('intake_officer', 'assessment.complete',   Y,        N,          N,         N),
  ...line('intake_officer', 'assessment.discard',    Y,        N,          N,         N),
  ...line('intake_officer', 'assessment.version_choice',Y,        N,          N,         N),
  ...line('intake_officer', 'assessment.read',       Y,        Y,          N,         N),
  ...line('intake_officer', 'case.assessments.list', Y,        N,          Y,         N),
  ...line('intake_officer', 'audit.read',            N,        N,          N,         N),

  ...line('bops_officer',   'assessment.create',     Y,        N,          Y,         N),
  ...line('bops_officer',   'assessment.answer',     Y,        N,          N,         N),
  ...line('bops_officer',   'assessment.complete',   Y,        N,          N,         N),
  ...line('bops_officer',   'assessment.discard',    Y,        N,          N,         N),
  ...line('bops_officer',   'assessment.version_choice',Y,        N,          N,         N),
  ...line('bops_officer',   'assessment.read',       Y,        Y,          Y,         N),
  ...line('bops_officer',   'case.assessments.list', Y,        N,          Y,         N),
  ...line('bops_officer',   'audit.read',            N,        N,          N,         N),

  ...line('specialist',     'assessment.create',     Y,        Y,          Y,         Y),
  ...line('specialist',     'assessment.answer',     Y,        Y,          N,         N),
  ...line('specialist',     'assessment.complete',   Y,        Y,          N,         N),
  ...line('specialist',     'assessment.discard',    Y,        Y,          N,         N),
  ...line('specialist',     'assessment.version_choice',Y,        Y,          N,         N),
  ...line('specialist',     'assessment.read',       Y,        Y,          Y,         Y),
  ...line('specialist',     'case.assessments.list', Y,        Y,          Y,         Y),
  ...line('specialist',     'audit.read',            N,        N,          N,         N),

  // Roles that make no assessments: only an own assessment (which they cannot start) is readable.
  ...line('investigator',   'assessment.create',     N,        N,          N,         N),
  ...line('investigator',   'assessment.answer',     N,        N,          N,         N),
  ...line('investigator',   'assessment.complete',   N,        N,          N,         N),
  ...line('investigator',   'assessment.discard',    N,        N,          N,         N),
  ...line('investigator',   'assessment.version_choice',N,        N,          N,         N),
  ...line('investigator',   'assessment.read',       Y,        Y,          N,         N),
  ...line('investigator',   'case.assessments.list', N,        N,          N,         N),
  ...line('investigator',   'audit.read',            N,        N,          N,         N),

  ...line('analyst',        'assessment.create',     N,        N,          N,         N),
  ...line('analyst',        'assessment.answer',     N,        N,          N,         N),
  ...line('analyst',        'assessment.complete',   N,        N,          N,         N),
  ...line('analyst',        'assessment.discard',    N,        N,          N,         N),
  ...line('analyst',        'assessment.version_choice',N,        N,          N,         N),
  ...line('analyst',        'assessment.read',       Y,        Y,          N,         N),
  ...line('analyst',        'case.assessments.list', N,        N,          N,         N),
  ...line('analyst',        'audit.read',            N,        N,          N,         N),

  ...line('method_owner',   'assessment.create',     N,        N,          N,         N),
  ...line('method_owner',   'assessment.answer',     N,        N,          N,         N),
  ...line('method_owner',   'assessment.complete',   N,        N,          N,         N),
  ...line('method_owner',   'assessment.discard',    N,        N,          N,         N),
  ...line('method_owner',   'assessment.version_choice',N,        N,          N,         N),
  ...line('method_owner',   'assessment.read',       Y,        Y,          N,         N),
  ...line('method_owner',   'case.assessments.list', N,        N,          N,         N),
  ...line('method_owner',   'audit.read',            N,        N,          N,         N),

  ...line('auditor',        'assessment.create',     N,        N,          N,         N),
  ...line('auditor',        'assessment.answer',     N,        N,          N,         N),
  ...line('auditor',        'assessment.complete',   N,        N,          N,         N),
  ...line('auditor',        'assessment.discard',    N,        N,          N,         N),
  ...line('auditor',        'assessment.version_choice',N,        N,          N,         N),
  ...line('auditor',        'assessment.read',       Y,        Y,          N,         N),
  ...line('auditor',        'case.assessments.list', N,        N,          N,         N),
  ...line('auditor',        'audit.read',            Y,        Y,          Y,         Y),
];

// Who may start an assessment of each level, in the own region and in another.
// prettier-ignore
const MAKERS: [OfficerRole, AssessmentLevel, own: Expected, other: Expected][] = [
  ['intake_officer', 'initial',    Y, N],
  ['intake_officer', 'structured', N, N],
  ['intake_officer', 'in_depth',   N, N],
  ['bops_officer',   'initial',    Y, N],
  ['bops_officer',   'structured', Y, N],
  ['bops_officer',   'in_depth',   N, N],
  ['specialist',     'initial',    Y, Y],
  ['specialist',     'structured', Y, Y],
  ['specialist',     'in_depth',   Y, Y],
  ...(['investigator', 'analyst', 'method_owner', 'auditor'] as const).flatMap((role) =>
    (['initial', 'structured', 'in_depth'] as const).map((level): [OfficerRole, AssessmentLevel, Expected, Expected] => [role, level, N, N]),
  ),
];

const verdict = (roles: OfficerRole[], action: Action, resource: Resource): Expected =>
  decide(officer(roles), action, resource).allowed ? 'allow' : 'deny';

describe('access policy', () => {
  it('has a line for every role × action × resource', () => {
    expect(allActionsListed).toBe(true);
    const covered = new Set(POLICY.map(([role, action, resource]) => `${role} ${action} ${resource}`));
    const expected = OFFICER_ROLES.flatMap((role) => ACTIONS.flatMap((action) => RESOURCE_NAMES.map((resource) => `${role} ${action} ${resource}`)));
    expect(POLICY).toHaveLength(expected.length);
    expect([...covered].sort()).toEqual(expected.sort());
  });

  it.each(POLICY)('a %s: %s on an initial assessment (%s) → %s', (role, action, resource, expected) => {
    expect(verdict([role], action, RESOURCES[resource])).toBe(expected);
  });

  it.each(MAKERS)('a %s may start a %s assessment: own region → %s, other region → %s', (role, level, own, other) => {
    expect(verdict([role], 'assessment.create', { region: HOME, level })).toBe(own);
    expect(verdict([role], 'assessment.create', { region: AWAY, level })).toBe(other);
  });

  it('lets only the owner keep working on a draft of a level their roles still allow', () => {
    // An intake officer cannot change a structured assessment even if it is recorded as theirs.
    const ownStructured: Resource = { region: HOME, level: 'structured', ownerId: 'officer-a' };
    expect(verdict(['intake_officer'], 'assessment.answer', ownStructured)).toBe('deny');
    expect(verdict(['bops_officer'], 'assessment.answer', ownStructured)).toBe('allow');
    expect(verdict(['bops_officer'], 'assessment.complete', { region: HOME, ownerId: 'officer-a' })).toBe('deny');
  });

  it('refuses to create without a level', () => {
    expect(verdict(['specialist'], 'assessment.create', { region: HOME })).toBe('deny');
  });

  it('adds up the rights of several roles', () => {
    expect(verdict(['intake_officer', 'bops_officer'], 'assessment.read', RESOURCES['other’s, own region'])).toBe('allow');
    expect(verdict(['intake_officer', 'auditor'], 'audit.read', RESOURCES['other’s, other region'])).toBe('allow');
    expect(verdict(['analyst', 'investigator'], 'assessment.read', RESOURCES['other’s, own region'])).toBe('deny');
  });

  it('gives a reason with every denial', () => {
    for (const action of ACTIONS) {
      const decision = decide(officer(['analyst']), action, RESOURCES['other’s, other region']);
      expect(decision.allowed).toBe(false);
      if (!decision.allowed) expect(decision.reason).toMatch(/\w{3,}/);
    }
  });
});

/**
 * The case domain: every case action for an officer holding each single role,
 * on a case in the officer's region or another, assigned to it or not, and on
 * a person with protected identity (for a plan: one protecting such a person)
 * by an officer holding clearance ('cleared': assigned by a cleared officer of
 * the region, recorder of the case's first one, or by break-glass), one assigned without
 * that, and one not assigned. For case-level actions the protected flag
 * changes nothing.
 */
const CASE_RESOURCES = {
  'own region, assigned': { region: HOME, caseMember: true },
  'own region, not assigned': { region: HOME, caseMember: false },
  'other region, assigned': { region: AWAY, caseMember: true },
  'other region, not assigned': { region: AWAY, caseMember: false },
  'protected person, own region, cleared': { region: HOME, caseMember: true, protectedClearance: true, protectedIdentity: true },
  'protected person, own region, assigned': { region: HOME, caseMember: true, protectedIdentity: true },
  'protected person, own region, not assigned': { region: HOME, caseMember: false, protectedIdentity: true },
} as const satisfies Record<string, Resource>;
type CaseResourceName = keyof typeof CASE_RESOURCES;
const CASE_RESOURCE_NAMES = Object.keys(CASE_RESOURCES) as CaseResourceName[];
type CaseAction = (typeof CASE_ACTIONS)[number];

const caseLine = (role: OfficerRole, action: CaseAction, ...decisions: [Expected, Expected, Expected, Expected, Expected, Expected, Expected]) =>
  CASE_RESOURCE_NAMES.map((resource, i) => [role, action, resource, decisions[i]!] as const);

/** Roles that see no personal data in the case domain at all. */
const noCaseAccess = (role: OfficerRole) => CASE_ACTIONS.flatMap((action) => caseLine(role, action, N, N, N, N, N, N, N));

// prettier-ignore
const CASE_POLICY: (readonly [OfficerRole, CaseAction, CaseResourceName, Expected])[] = [
  //                                            own reg.  own reg.  other reg. other reg. protected  protected  protected
  //                                            assigned  not ass.  assigned   not ass.   cleared    assigned   not ass.
  ...caseLine('intake_officer', 'case.create',      Y,        Y,        N,         N,         Y,         Y,         Y),
  ...caseLine('intake_officer', 'case.read',        Y,        Y,        N,         N,         Y,         Y,         Y),
  ...caseLine('intake_officer', 'case.assign',      N,        N,        N,         N,         N,         N,         N),
  ...caseLine('intake_officer', 'case.update',      N,        N,        N,         N,         N,         N,         N),
  ...caseLine('intake_officer', 'case.break_glass', N,        N,        N,         N,         N,         N,         N),
  ...caseLine('intake_officer', 'person.add',       Y,        Y,        N,         N,         Y,         Y,         N),
  ...caseLine('intake_officer', 'person.read',      Y,        N,        N,         N,         Y,         N,         N),
  ...caseLine('intake_officer', 'plan.write',       N,        N,        N,         N,         N,         N,         N),
  ...caseLine('intake_officer', 'plan.read',        N,        N,        N,         N,         N,         N,         N),
  ...caseLine('intake_officer', 'rri.write',        N,        N,        N,         N,         N,         N,         N),
  ...caseLine('intake_officer', 'rri.read',         N,        N,        N,         N,         N,         N,         N),
  ...caseLine('intake_officer', 'share.list',       N,        N,        N,         N,         N,         N,         N),

  ...caseLine('bops_officer',   'case.create',      Y,        Y,        N,         N,         Y,         Y,         Y),
  ...caseLine('bops_officer',   'case.read',        Y,        Y,        N,         N,         Y,         Y,         Y),
  ...caseLine('bops_officer',   'case.assign',      Y,        Y,        N,         N,         Y,         Y,         Y),
  ...caseLine('bops_officer',   'case.update',      Y,        Y,        N,         N,         Y,         Y,         Y),
  ...caseLine('bops_officer',   'case.break_glass', Y,        Y,        N,         N,         Y,         Y,         Y),
  ...caseLine('bops_officer',   'person.add',       Y,        Y,        N,         N,         Y,         Y,         N),
  ...caseLine('bops_officer',   'person.read',      Y,        Y,        N,         N,         Y,         N,         N),
  ...caseLine('bops_officer',   'plan.write',       Y,        N,        N,         N,         Y,         N,         N),
  ...caseLine('bops_officer',   'plan.read',        Y,        Y,        N,         N,         Y,         N,         N),
  ...caseLine('bops_officer',   'rri.write',        Y,        N,        N,         N,         Y,         N,         N),
  ...caseLine('bops_officer',   'rri.read',         Y,        Y,        N,         N,         Y,         N,         N),
  ...caseLine('bops_officer',   'share.list',       Y,        Y,        N,         N,         Y,         Y,         Y),

  ...caseLine('specialist',     'case.create',      Y,        Y,        Y,         Y,         Y,         Y,         Y),
  ...caseLine('specialist',     'case.read',        Y,        Y,        Y,         Y,         Y,         Y,         Y),
  ...caseLine('specialist',     'case.assign',      Y,        Y,        Y,         Y,         Y,         Y,         Y),
  ...caseLine('specialist',     'case.update',      Y,        Y,        Y,         Y,         Y,         Y,         Y),
  // A specialist works cases nationally, but breaks glass only in their own region (issue 18, finding 2).
  ...caseLine('specialist',     'case.break_glass', Y,        Y,        N,         N,         Y,         Y,         Y),
  ...caseLine('specialist',     'person.add',       Y,        Y,        Y,         Y,         Y,         Y,         N),
  ...caseLine('specialist',     'person.read',      Y,        Y,        Y,         Y,         Y,         N,         N),
  ...caseLine('specialist',     'plan.write',       Y,        N,        Y,         N,         Y,         N,         N),
  ...caseLine('specialist',     'plan.read',        Y,        Y,        Y,         Y,         Y,         N,         N),
  ...caseLine('specialist',     'rri.write',        Y,        N,        Y,         N,         Y,         N,         N),
  ...caseLine('specialist',     'rri.read',         Y,        Y,        Y,         Y,         Y,         N,         N),
  ...caseLine('specialist',     'share.list',       Y,        Y,        Y,         Y,         Y,         Y,         Y),

  // Sharing to an investigation is not built, so an investigator reads nothing yet;
  // analysts, method owners and auditors never see case personal data.
  ...noCaseAccess('investigator'),
  ...noCaseAccess('analyst'),
  ...noCaseAccess('method_owner'),
  ...noCaseAccess('auditor'),
];

describe('access policy for cases, persons and plans', () => {
  it('has a line for every role × case action × case resource', () => {
    const expected = OFFICER_ROLES.flatMap((role) => CASE_ACTIONS.flatMap((action) => CASE_RESOURCE_NAMES.map((resource) => `${role} ${action} ${resource}`)));
    expect(CASE_POLICY.map(([role, action, resource]) => `${role} ${action} ${resource}`).sort()).toEqual(expected.sort());
  });

  it.each(CASE_POLICY)('a %s: %s on a case (%s) → %s', (role, action, resource, expected) => {
    expect(verdict([role], action, CASE_RESOURCES[resource])).toBe(expected);
  });

  it('hides a protected person from every officer whose assignment does not open them, even one holding every role', () => {
    const all = [...OFFICER_ROLES];
    expect(verdict(all, 'person.read', CASE_RESOURCES['protected person, own region, not assigned'])).toBe('deny');
    expect(verdict(all, 'person.read', CASE_RESOURCES['protected person, own region, assigned'])).toBe('deny');
    expect(verdict(all, 'person.add', CASE_RESOURCES['protected person, own region, not assigned'])).toBe('deny');
    expect(verdict(all, 'person.read', CASE_RESOURCES['protected person, own region, cleared'])).toBe('allow');
  });

  // Who an assignment clears: the assigner, whether they hold clearance on the case, the case's region → opens.
  // prettier-ignore
  const GRANTS: [string, Officer, boolean, PoliceRegion, boolean][] = [
    ['a cleared Bops officer of the region',                { id: 'officer-a', roles: ['bops_officer'], region: HOME }, true,  HOME, true],
    ['a cleared specialist of the region',                  { id: 'officer-a', roles: ['specialist'], region: HOME },   true,  HOME, true],
    ['a Bops officer of the region without clearance',      { id: 'officer-a', roles: ['bops_officer'], region: HOME }, false, HOME, false],
    ['a specialist of the region without clearance',        { id: 'officer-a', roles: ['specialist'], region: HOME },   false, HOME, false],
    ['a cleared specialist of another region',              { id: 'officer-a', roles: ['specialist'], region: AWAY },   true,  HOME, false],
    ['a cleared Bops officer and specialist of another region', { id: 'officer-a', roles: ['specialist', 'bops_officer'], region: AWAY }, true, HOME, false],
    ['a cleared intake officer of the region (who recorded the person)', { id: 'officer-a', roles: ['intake_officer'], region: HOME }, true, HOME, false],
  ];
  it.each(GRANTS)('an assignment of a colleague by %s opens protected persons → %s', (_who, assigner, cleared, region, opens) => {
    expect(assignsProtectedAccess(assigner, cleared, 'officer-b', region)).toBe(opens);
  });

  it('opens nothing by assigning oneself, and nothing by two uncleared officers assigning each other (issue 18, finding 1)', () => {
    const a: Officer = { id: 'officer-a', roles: ['bops_officer'], region: HOME };
    const b: Officer = { id: 'officer-b', roles: ['bops_officer'], region: HOME };
    expect(assignsProtectedAccess(a, true, 'officer-a', HOME)).toBe(false);
    expect(assignsProtectedAccess(a, false, b.id, HOME)).toBe(false);
    expect(assignsProtectedAccess(b, false, a.id, HOME)).toBe(false);
  });

  it('refuses an uncleared officer a change about a protected person for the protection, member or not, so the route answers 404', () => {
    for (const action of ['plan.write', 'rri.write'] as const) {
      for (const resource of ['protected person, own region, assigned', 'protected person, own region, not assigned'] as const) {
        for (const role of ['bops_officer', 'specialist'] as const) {
          expect(decide(officer([role]), action, CASE_RESOURCES[resource])).toMatchObject({ allowed: false, code: 'protected_identity' });
        }
      }
    }
  });

  it('says why each non-case role is refused', () => {
    const reason = (role: OfficerRole) => {
      const decision = decide(officer([role]), 'person.read', CASE_RESOURCES['own region, assigned']);
      return decision.allowed ? '' : decision.reason;
    };
    expect(reason('investigator')).toMatch(/shared to their investigation/);
    expect(reason('analyst')).toMatch(/statistics/);
    expect(reason('method_owner')).toMatch(/packs/);
    expect(reason('auditor')).toMatch(/audit log/);
  });
});

// Aggregate statistics carry no personal data; region and membership do not apply.
// prettier-ignore
const STATISTICS: [OfficerRole, Expected][] = [
  ['intake_officer', N], ['bops_officer', Y], ['specialist', Y], ['investigator', N],
  ['analyst', Y], ['method_owner', N], ['auditor', N],
];

describe('access policy for statistics', () => {
  it('has a line for every role', () => {
    expect(STATISTICS.map(([role]) => role).sort()).toEqual([...OFFICER_ROLES].sort());
  });

  it.each(STATISTICS)('a %s: statistics.read in any region → %s', (role, expected) => {
    for (const action of NATIONAL_ACTIONS) {
      expect(verdict([role], action, { region: HOME })).toBe(expected);
      expect(verdict([role], action, { region: AWAY })).toBe(expected);
    }
  });
});

// prettier-ignore
const FIGURES: [OfficerRole, Expected][] = [
  ['intake_officer', N], ['bops_officer', N], ['specialist', N], ['investigator', N],
  ['analyst', Y], ['method_owner', Y], ['auditor', Y],
];

describe('access policy for the figures', () => {
  it('has a line for every role', () => {
    expect(FIGURES.map(([role]) => role).sort()).toEqual([...OFFICER_ROLES].sort());
  });

  it.each(FIGURES)('a %s: figures.read in any region → %s', (role, expected) => {
    for (const action of FIGURE_ACTIONS) {
      expect(verdict([role], action, { region: HOME })).toBe(expected);
      expect(verdict([role], action, { region: AWAY })).toBe(expected);
    }
  });
});

// A work list for those who work cases; what it shows is decided row by row.
// prettier-ignore
const WORK_LIST: [OfficerRole, Expected][] = [
  ['intake_officer', Y], ['bops_officer', Y], ['specialist', Y], ['investigator', N],
  ['analyst', N], ['method_owner', N], ['auditor', N],
];

describe('access policy for the work list', () => {
  it('has a line for every role', () => {
    expect(WORK_LIST.map(([role]) => role).sort()).toEqual([...OFFICER_ROLES].sort());
  });

  it.each(WORK_LIST)('a %s: worklist.read → %s', (role, expected) => {
    for (const action of OWN_LIST_ACTIONS) expect(verdict([role], action, { region: HOME })).toBe(expected);
  });
});

// The officer's chat kept by the bot: those who work cases, and investigators (told of shares).
// prettier-ignore
const OWN_CHAT: [OfficerRole, Expected][] = [
  ['intake_officer', Y], ['bops_officer', Y], ['specialist', Y], ['investigator', Y],
  ['analyst', N], ['method_owner', N], ['auditor', N],
];

describe('access policy for the stored chat', () => {
  it('has a line for every role', () => {
    expect(OWN_CHAT.map(([role]) => role).sort()).toEqual([...OFFICER_ROLES].sort());
  });

  it.each(OWN_CHAT)('a %s: conversation_reference.save → %s', (role, expected) => {
    for (const action of OWN_CHAT_ACTIONS) expect(verdict([role], action, { region: HOME })).toBe(expected);
  });
});

/**
 * Sharing (issue 15): an officer sharing a case (as 'officer-a') in their
 * region or another, assigned or not, and withdrawing a share they made or a
 * colleague's. Only Bops officers of the region and specialists, assigned to
 * the case, share; only the sharer withdraws.
 */
const SHARE_RESOURCES = {
  'own region, assigned, own share': { region: HOME, caseMember: true, sharerId: 'officer-a' },
  'own region, assigned, colleague’s share': { region: HOME, caseMember: true, sharerId: 'officer-b' },
  'own region, not assigned, own share': { region: HOME, caseMember: false, sharerId: 'officer-a' },
  'other region, assigned, own share': { region: AWAY, caseMember: true, sharerId: 'officer-a' },
} as const satisfies Record<string, Resource>;
type ShareResourceName = keyof typeof SHARE_RESOURCES;
const SHARE_RESOURCE_NAMES = Object.keys(SHARE_RESOURCES) as ShareResourceName[];
const shareLine = (role: OfficerRole, action: (typeof SHARE_ACTIONS)[number], ...decisions: [Expected, Expected, Expected, Expected]) =>
  SHARE_RESOURCE_NAMES.map((resource, i) => [role, action, resource, decisions[i]!] as const);
const noSharing = (role: OfficerRole) => SHARE_ACTIONS.flatMap((action) => shareLine(role, action, N, N, N, N));

// prettier-ignore
const SHARE_POLICY: (readonly [OfficerRole, (typeof SHARE_ACTIONS)[number], ShareResourceName, Expected])[] = [
  //                                               own reg.  own reg.     own reg.   other reg.
  //                                               assigned  colleague’s  not ass.   assigned
  ...shareLine('bops_officer',   'share.create',   Y,        Y,           N,         N),
  ...shareLine('bops_officer',   'share.refresh',  Y,        Y,           N,         N),
  ...shareLine('bops_officer',   'share.withdraw', Y,        N,           Y,         N),
  ...shareLine('specialist',     'share.create',   Y,        Y,           N,         Y),
  ...shareLine('specialist',     'share.refresh',  Y,        Y,           N,         Y),
  ...shareLine('specialist',     'share.withdraw', Y,        N,           Y,         Y),
  // Intake officers work cases but do not share them; the recipients never manage shares.
  ...noSharing('intake_officer'),
  ...noSharing('investigator'),
  ...noSharing('analyst'),
  ...noSharing('method_owner'),
  ...noSharing('auditor'),
];

/** Reading a share: addressed to the officer or not, withdrawn or not. */
const SHARE_READ_RESOURCES = {
  'recipient, live': { region: AWAY, shareRecipient: true, shareWithdrawn: false },
  'recipient, withdrawn': { region: AWAY, shareRecipient: true, shareWithdrawn: true },
  'not recipient, live': { region: HOME, shareRecipient: false, shareWithdrawn: false },
} as const satisfies Record<string, Resource>;
type ShareReadResourceName = keyof typeof SHARE_READ_RESOURCES;
// prettier-ignore
const SHARE_READ_POLICY: (readonly [OfficerRole, ShareReadResourceName, Expected])[] = OFFICER_ROLES.flatMap((role) => [
  [role, 'recipient, live', role === 'investigator' ? Y : N] as const,
  [role, 'recipient, withdrawn', N] as const,
  [role, 'not recipient, live', N] as const,
]);

/** Reviewing an assessment: someone else's or one's own, in the region or not, where the region names its reviewers or not. */
const REVIEW_RESOURCES = {
  'other’s, own region': { region: HOME, level: 'structured', ownerId: 'officer-b' },
  'own, own region': { region: HOME, level: 'structured', ownerId: 'officer-a' },
  'other’s, other region': { region: AWAY, level: 'structured', ownerId: 'officer-b' },
  'other’s, own region, named reviewer': { region: HOME, level: 'structured', ownerId: 'officer-b', reviewers: { kind: 'named', officerIds: ['officer-a'] } },
  'other’s, own region, others named': { region: HOME, level: 'structured', ownerId: 'officer-b', reviewers: { kind: 'named', officerIds: ['officer-c'] } },
} as const satisfies Record<string, Resource>;
type ReviewResourceName = keyof typeof REVIEW_RESOURCES;
const REVIEW_RESOURCE_NAMES = Object.keys(REVIEW_RESOURCES) as ReviewResourceName[];
const reviewLine = (role: OfficerRole, ...decisions: [Expected, Expected, Expected, Expected, Expected]) =>
  REVIEW_RESOURCE_NAMES.map((resource, i) => [role, resource, decisions[i]!] as const);
// prettier-ignore
const REVIEW_POLICY: (readonly [OfficerRole, ReviewResourceName, Expected])[] = [
  //                                other’s   own       other’s    named      others
  //                                own reg.  own reg.  other reg. reviewer   named
  ...reviewLine('bops_officer',     Y,        N,        N,         Y,         N),
  ...reviewLine('specialist',       Y,        N,        Y,         Y,         N),
  ...reviewLine('intake_officer',   N,        N,        N,         N,         N),
  ...reviewLine('investigator',     N,        N,        N,         N,         N),
  ...reviewLine('analyst',          N,        N,        N,         N,         N),
  ...reviewLine('method_owner',     N,        N,        N,         N,         N),
  ...reviewLine('auditor',          N,        N,        N,         N,         N),
];

describe('access policy for sharing and reviews (issue 15)', () => {
  it('has a line for every role × action × resource', () => {
    const expected = OFFICER_ROLES.flatMap((role) => SHARE_ACTIONS.flatMap((action) => SHARE_RESOURCE_NAMES.map((resource) => `${role} ${action} ${resource}`)));
    expect(SHARE_POLICY.map(([role, action, resource]) => `${role} ${action} ${resource}`).sort()).toEqual(expected.sort());
    expect(REVIEW_POLICY.map(([role, resource]) => `${role} ${resource}`).sort()).toEqual(OFFICER_ROLES.flatMap((role) => REVIEW_RESOURCE_NAMES.map((r) => `${role} ${r}`)).sort());
  });

  it.each(SHARE_POLICY)('a %s: %s (%s) → %s', (role, action, resource, expected) => {
    expect(verdict([role], action, SHARE_RESOURCES[resource])).toBe(expected);
  });

  it.each(SHARE_READ_POLICY)('a %s: share.read (%s) → %s', (role, resource, expected) => {
    expect(verdict([role], 'share.read', SHARE_READ_RESOURCES[resource])).toBe(expected);
  });

  it.each(REVIEW_POLICY)('a %s: assessment.review (%s) → %s', (role, resource, expected) => {
    expect(verdict([role], 'assessment.review', REVIEW_RESOURCES[resource])).toBe(expected);
  });

  it('opens no case, person, plan or assessment route to an investigator, whatever is shared with them', () => {
    for (const action of [...ACTIONS, ...CASE_ACTIONS]) {
      // (An assessment of their own they could read; an investigator makes none.)
      for (const resource of [...Object.values(RESOURCES).filter((r) => r.ownerId !== 'officer-a'), ...Object.values(CASE_RESOURCES)]) {
        expect(verdict(['investigator'], action, { ...resource, shareRecipient: true, shareWithdrawn: false } as Resource)).toBe('deny');
      }
    }
  });
});

/**
 * Every 'deny' of the tables above, as the route guard throws it: an
 * AccessDeniedError carrying what the 'access.denied' audit row records (the
 * action tried, the policy's code, the entity, 403) — so each refusal of the
 * matrix is audited. test/accessDenialAudit.test.ts proves the row is written.
 */
describe('every refusal of the policy is an audited denial', () => {
  const TARGET = { type: 'case', id: '00000000-0000-4000-8000-00000000c0de' } as const;
  const refusals: [OfficerRole, Action, Resource][] = [
    ...POLICY.filter(([, , , expected]) => expected === N).map(([role, action, resource]): [OfficerRole, Action, Resource] => [role, action, RESOURCES[resource]]),
    ...CASE_POLICY.filter(([, , , expected]) => expected === N).map(([role, action, resource]): [OfficerRole, Action, Resource] => [role, action, CASE_RESOURCES[resource]]),
    ...STATISTICS.filter(([, expected]) => expected === N).flatMap(([role]) => NATIONAL_ACTIONS.map((action): [OfficerRole, Action, Resource] => [role, action, { region: AWAY }])),
    ...WORK_LIST.filter(([, expected]) => expected === N).flatMap(([role]) => OWN_LIST_ACTIONS.map((action): [OfficerRole, Action, Resource] => [role, action, { region: HOME }])),
    ...OWN_CHAT.filter(([, expected]) => expected === N).flatMap(([role]) => OWN_CHAT_ACTIONS.map((action): [OfficerRole, Action, Resource] => [role, action, { region: HOME }])),
    ...FIGURES.filter(([, expected]) => expected === N).flatMap(([role]) => FIGURE_ACTIONS.map((action): [OfficerRole, Action, Resource] => [role, action, { region: HOME }])),
    ...SHARE_POLICY.filter(([, , , expected]) => expected === N).map(([role, action, resource]): [OfficerRole, Action, Resource] => [role, action, SHARE_RESOURCES[resource]]),
    ...SHARE_READ_POLICY.filter(([, , expected]) => expected === N).map(([role, resource]): [OfficerRole, Action, Resource] => [role, 'share.read', SHARE_READ_RESOURCES[resource]]),
    ...REVIEW_POLICY.filter(([, , expected]) => expected === N).map(([role, resource]): [OfficerRole, Action, Resource] => [role, 'assessment.review', REVIEW_RESOURCES[resource]]),
  ];

  it.each(refusals)('a %s refused %s is thrown as a denial with its code', (role, action, resource) => {
    const caller = { officer: officer([role]), viaId: 'bops-bot' };
    const decision = decide(caller.officer, action, resource);
    expect(decision.allowed).toBe(false);
    let thrown: unknown;
    try {
      authorise(caller, action, resource, TARGET);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AccessDeniedError);
    const denied = thrown as AccessDeniedError;
    expect(denied.type).toBe('forbidden');
    expect(denied.caller).toBe(caller);
    expect(denied.denial).toEqual({ action, code: decision.allowed ? undefined : decision.code, target: TARGET, answeredAs: 'forbidden' });
    expect(DENIAL_CODES).toContain(denied.denial.code);
  });

  it('covers a refusal of every action', () => {
    const refused = new Set(refusals.map(([, action]) => action));
    expect([...refused].sort()).toEqual([...ACTIONS, ...CASE_ACTIONS, ...NATIONAL_ACTIONS, ...OWN_LIST_ACTIONS, ...OWN_CHAT_ACTIONS, ...FIGURE_ACTIONS, ...SHARE_ACTIONS, ...SHARE_READ_ACTIONS, ...REVIEW_ACTIONS].sort());
  });
});
