// A fictitious methodology pack with one structured instrument (measures in
// two parts, an overall judgement) and an API double that holds one plan per
// assessment, as protection_plans does: the fixtures of the protection-plan
// specs of the dialogs and of the bot's turn pipeline.
import { parse } from 'yaml';
import type { AssessmentResponse } from '../api/assessmentContract.js';
import type { ChangeCaseRequest, CreatePlanRequest } from '../api/caseContract.js';
import type { CaseStatus, ViolenceType } from '../api/caseDomain.js';
import { problemTypeUri } from '../api/problem.js';
import { ApiError, type AssessmentApi, type CasePerson, type CaseRecord } from '../dialogs/assessmentApi.js';
import { canonicalHash } from '../methodology/canonicalHash.js';
import type { LoadedPack, MethodologySource } from '../methodology/methodologySource.js';
import { parsePack } from '../methodology/packValidation.js';

const PACK_YAML = `
id: planpaket
version: 0.1.0
status: active
effectiveFrom: "2026-01-01"
title: { sv: Planpaket }
answerSets:
  - id: risk
    options:
      - { code: lag, text: { sv: Låg } }
      - { code: hog, text: { sv: Hög } }
instruments:
  - id: hot_test
    level: structured
    title: { sv: Hot (test) }
    judgements: { overall: samlad }
    sections:
      - id: hantering
        title: { sv: Hantering }
        items:
          - { id: atgarder_skydd, type: measures, parts: [skydd], text: { sv: Skydd? }, shortText: { sv: Skydd } }
          - { id: atgarder_reducering, type: measures, parts: [reducering], text: { sv: Reducering? }, shortText: { sv: Reducering } }
      - id: slutsats
        title: { sv: Slutsats }
        items:
          - { id: samlad, type: choice, answerSet: risk, rationale: required, text: { sv: Samlad risk }, shortText: { sv: Samlad risk } }
measures:
  - { id: larmpaket, part: skydd, title: { sv: Larmpaket }, description: { sv: Larm. }, decidedBy: [polis], preconditions: { sv: Hot. }, followUp: { sv: Återlämning. } }
  - { id: rri, part: reducering, title: { sv: RRI }, description: { sv: Samtal. }, decidedBy: [polis], preconditions: { sv: Frivilligt. }, followUp: { sv: Utvärdering. } }
  - { id: kontaktforbud, part: reducering, title: { sv: Kontaktförbud }, description: { sv: Förbud. }, decidedBy: [aklagare], preconditions: { sv: Risk. }, followUp: { sv: Kontroll. } }
reassessmentIntervals:
  - { level: lag, days: 90 }
  - { level: hog, days: 7 }
`;

const parsed = parsePack(parse(PACK_YAML));
if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
export const pack: LoadedPack = { pack: parsed.pack, hash: canonicalHash(parsed.pack) };
export const methodology: MethodologySource = {
  defaultPackId: pack.pack.id,
  active: () => pack,
  get: (id, version) => (id === pack.pack.id && version === pack.pack.version ? pack : undefined),
  published: () => [],
};

export const ID = '11111111-2222-4333-8444-555555555555';
export const CASE = '5000-K123456-25';
export const OFFICER = 'fiktiv-1';
/** The due date the API derives; deliberately not today + 7, so the test shows whose date the plan carries. */
export const DUE = '2027-01-10';
export const REASON = 'Upprepade hot om våld.';

/** The API as far as the plan goes: one draft, one plan per assessment, assignments, and failures on demand. */
export class CaseApiDouble implements AssessmentApi {
  status: 'draft' | 'completed' = 'draft';
  answers = new Map<string, { value: string | string[]; rationale: string | null }>();
  assignees: string[] = [];
  plans: CreatePlanRequest[] = [];
  calls: string[] = [];
  planFailure: ApiError | undefined;
  /** The case as the API holds it; every change bumps its version, the ETag a change must send. */
  kase: { status: CaseStatus; violenceType: ViolenceType | null; version: number } = { status: 'intake', violenceType: null, version: 1 };
  caseChanges: ChangeCaseRequest[] = [];
  caseFailure: ApiError | undefined;
  /** Someone else changes the case this many times just after it is read (the next change then meets 412). */
  changedByOthersAfterRead = 0;

  async create() {
    return { id: ID };
  }
  async saveAnswer(_o: unknown, _id: string, itemId: string, request: { value: string | string[]; rationale?: string | null }) {
    this.calls.push(`save ${itemId}`);
    if (this.status === 'completed') throw new ApiError('not_draft', problemTypeUri('not-draft'), 'API 409');
    this.answers.set(itemId, { value: request.value, rationale: request.rationale ?? null });
  }
  async complete() {
    this.calls.push('complete');
    if (this.status === 'completed') throw new ApiError('not_draft', problemTypeUri('not-draft'), 'API 409');
    this.status = 'completed';
    return { caseNumber: CASE, reassessOn: DUE };
  }
  async get(): Promise<AssessmentResponse> {
    return {
      ...this.summary(),
      versionChoice: null,
      mode: 'step',
      activeSeconds: 0,
      answers: [...this.answers].map(([itemId, a]) => ({ itemId, ...a, answeredBy: OFFICER, answeredAt: '2026-11-25T10:00:00.000Z' })),
      derived:
        this.status === 'completed'
          ? { packId: pack.pack.id, packVersion: pack.pack.version, instrumentId: 'hot_test', domains: [], judgements: { overall: 'hog' }, flags: [], suggestedMeasures: [], reassessment: { level: 'hog', days: 7, dueOn: DUE } }
          : null,
    };
  }
  async listForCase(_o: unknown, caseNumber: string) {
    if (caseNumber !== CASE) throw new ApiError('rejected', problemTypeUri('not-found'), 'API 404');
    return [this.summary()];
  }
  async caseAssignees() {
    this.calls.push('read case');
    return [...this.assignees];
  }
  async assign(_o: unknown, _c: string, officerId: string) {
    this.calls.push(`assign ${officerId}`);
    if (!this.assignees.includes(officerId)) this.assignees.push(officerId);
  }
  async createPlan(_o: unknown, _c: string, request: CreatePlanRequest) {
    this.calls.push('create plan');
    if (this.planFailure) throw this.planFailure;
    if (this.plans.some((p) => p.assessmentId === request.assessmentId)) return { status: 'already_created' } as const;
    this.plans.push(request);
    return { status: 'created', planId: '99999999-2222-4333-8444-555555555555' } as const;
  }
  /** The case's persons as the officer may see them (issue 12, item 8); none unless a spec records some. */
  persons: CasePerson[] = [];
  async casePersons() {
    return [...this.persons];
  }
  /** The officer's own re-assessment dates set, per plan (issue 14). */
  readonly ownDates: { planId: string; dueOn: string; reason: string | null }[] = [];
  async setReassessmentDate(_o: unknown, planId: string, request: { dueOn: string; reason?: string | null }) {
    this.calls.push('set reassessment date');
    this.ownDates.push({ planId, dueOn: request.dueOn, reason: request.reason ?? null });
    return { dueOn: request.dueOn, derivedDueOn: DUE };
  }
  async readCase(): Promise<CaseRecord> {
    this.calls.push('read case record');
    if (this.caseFailure) throw this.caseFailure;
    const read = this.caseRecord();
    if (this.changedByOthersAfterRead > 0) {
      this.changedByOthersAfterRead -= 1;
      this.kase = { ...this.kase, version: this.kase.version + 1 };
    }
    return read;
  }
  async changeCase(_o: unknown, _c: string, change: ChangeCaseRequest, etag: string): Promise<CaseRecord> {
    this.calls.push('change case');
    if (etag !== `"v${this.kase.version}"`) throw new ApiError('stale', problemTypeUri('precondition-failed'), 'API 412');
    this.caseChanges.push(change);
    this.kase = { status: change.status ?? this.kase.status, violenceType: change.violenceType ?? this.kase.violenceType, version: this.kase.version + 1 };
    return this.caseRecord();
  }
  private caseRecord(): CaseRecord {
    return { status: this.kase.status, violenceType: this.kase.violenceType, etag: `"v${this.kase.version}"` };
  }
  private summary() {
    const at = '2026-11-25T10:00:00.000Z';
    return {
      id: ID,
      caseNumber: CASE,
      region: 'stockholm' as const,
      level: 'structured' as const,
      instrumentId: 'hot_test',
      pack: { id: pack.pack.id, version: pack.pack.version, hash: pack.hash },
      status: this.status,
      officerId: OFFICER,
      createdAt: at,
      updatedAt: at,
      completedAt: this.status === 'completed' ? at : null,
      discardedAt: null,
      discardReason: null,
      reassessmentOf: null,
    };
  }
}

