// The vocabularies of the case domain, one place each: what a case is about
// and where it stands, the roles persons have in it, and the parts and states
// of protection measures. migrations/003_case_domain.sql mirrors these lists
// (a spec checks that the database accepts exactly these values).

/** Chooses the structured instrument: SARA:SV, SAM, PATRIARK or the general threat assessment. */
export const VIOLENCE_TYPES = ['nara_relation', 'forfoljelse', 'heder', 'annat_hot'] as const;
export type ViolenceType = (typeof VIOLENCE_TYPES)[number];

/** intake: seen at the crime report; bops: taken on by Bops; closed: starts the retention clock. */
export const CASE_STATUSES = ['intake', 'bops', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * målsägande, misstänkt, vittne, anhörig, hotaktör, and the persons a plan protects — skyddsperson,
 * barn i hushållet (issue 12, item 8) — as explicit roles (directive 2016/680 art. 6).
 */
export const PERSON_ROLES = ['malsagande', 'misstankt', 'vittne', 'anhorig', 'hotaktor', 'skyddsperson', 'barn_i_hushallet'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/** The roles a protection plan can protect; a suspect or threat actor is never the protected person. */
export const PROTECTABLE_ROLES = ['malsagande', 'vittne', 'anhorig', 'skyddsperson', 'barn_i_hushallet'] as const satisfies readonly PersonRole[];

/** Skydd, Stöd, Reducering av hotaktör: every plan covers all three. */
/** How an officer came to see a case's protected persons (the rule is api/accessPolicy.ts's). */
export const PROTECTED_ACCESS_KINDS = ['assigned', 'recorded', 'break_glass'] as const;
export type ProtectedAccessKind = (typeof PROTECTED_ACCESS_KINDS)[number];

/** Why a person cannot be a plan's protected person — also what an officer is told of a protected person they may not see. */
export const NOT_PROTECTABLE = 'the protected person must be an injured party, witness, relative, skyddsperson or child in the household of the case';

export const PLAN_PARTS = ['skydd', 'stod', 'reducering'] as const;
export type PlanPart = (typeof PLAN_PARTS)[number];

export const PLAN_STATUSES = ['active', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const MEASURE_STATUSES = ['proposed', 'decided', 'in_progress', 'done', 'declined', 'cancelled'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

/** Statuses of a measure that rest on a decision and so must name its reference. */
export const DECIDED_MEASURE_STATUSES = ['decided', 'in_progress', 'done'] as const satisfies readonly MeasureStatus[];
/** Statuses of a measure still running, which must carry a follow-up date. */
export const RUNNING_MEASURE_STATUSES = ['decided', 'in_progress'] as const satisfies readonly MeasureStatus[];
/** Statuses of a measure that is over (carried out, turned down or called off): only these let a case close. */
export const SETTLED_MEASURE_STATUSES = ['done', 'declined', 'cancelled'] as const satisfies readonly MeasureStatus[];

export const REASSESSMENT_STATUSES = ['planned', 'done', 'cancelled'] as const;
export type ReassessmentStatus = (typeof REASSESSMENT_STATUSES)[number];
