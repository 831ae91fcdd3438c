// A fictitious data set for the figures (issue 16, item 4), pure and seeded:
// cases over the two years before `today` in the seven regions, each region
// with its own (invented) habits — how often an initial assessment is made,
// how often Bops is referred to and how fast it assesses, how often RRI is
// offered and accepted and what follows, how often a second Bops officer of
// the region reviews a structured assessment (issue 15's second look), blind
// or not, and regrades it. Nothing here is real: no person, no
// real case number (unit 0000 does not exist), no real habit of any region.
// The same set feeds `npm run demo-data` and the figures' tests, which
// compute the expected figures from it on their own.
import { createHash } from 'node:crypto';
import type { CaseStatus, ViolenceType } from './caseDomain.js';
import { POLICE_REGIONS, type PoliceRegion } from './policeRegions.js';
import type { RriContactKind, RriOutcome, RriOutcomeSource } from './rriContract.js';

/** Demo case numbers: police unit 0000, which no real case carries. */
export const DEMO_CASE_NUMBER = /^0000-K\d{1,7}-\d{2}$/;
export const DEMO_OFFICER_PREFIX = 'demo-officer-';

export interface DemoAssessment {
  id: string;
  level: 'initial' | 'structured';
  instrumentId: string;
  createdAt: Date;
  completedAt: Date;
  /** The officer's active time (api/activeTime.ts): part of the time the draft lay open, never all of it. */
  activeSeconds: number;
  /** Initial: whether it referred the case to Bops. */
  referred?: boolean;
  /** Structured: the overall judgement and the flags still raised at completion. */
  judgement?: 'hog' | 'medel' | 'lag';
  flags: string[];
}

/**
 * A measure as the product records it: saved by the chat as proposed with the officer responsible
 * (dialogs/protectionPlanSaving.ts), then decided or declined on the decision card, which records the
 * catalogue's decider (an authority code of DECISION_MAKERS) with the day and, for a decision, its reference.
 */
export interface DemoMeasure {
  part: 'skydd' | 'stod' | 'reducering';
  measureId: string;
  responsible: string;
  status: 'proposed' | 'decided' | 'declined';
  /** The decision's authority and day; null while proposed. */
  decision: { by: string; on: string; ref: string | null } | null;
}

/**
 * A second look at the case's structured assessment (api/sqlReviews.ts) by another fictitious Bops officer of its
 * region: agreeing, or regrading the overall judgement — with a fictitious reason, which a blind regrade gets only
 * afterwards, once its reviewer has seen the original, and may still lack.
 */
export interface DemoReview {
  id: string;
  reviewerId: string;
  blind: boolean;
  verdict: 'agree' | 'regrade';
  /** The reviewer's overall judgement. */
  overall: 'hog' | 'medel' | 'lag';
  reason: string | null;
  createdAt: Date;
}

export interface DemoCase {
  id: string;
  caseNumber: string;
  region: PoliceRegion;
  violenceType: ViolenceType;
  status: CaseStatus;
  createdAt: Date;
  closedAt: Date | null;
  initial: DemoAssessment | null;
  structured: DemoAssessment | null;
  plan: { id: string; measures: DemoMeasure[]; reassessmentDueOn: string } | null;
  rriContacts: { contactedOn: string; kind: RriContactKind; accepted: boolean; talksHeld: number }[];
  rriOutcomes: { followedUpOn: string; outcome: RriOutcome; source: RriOutcomeSource }[];
  /** Reviews of the structured assessment, oldest first. */
  reviews: DemoReview[];
}

interface RegionHabits {
  weight: number;
  initial: number;
  refer: number;
  structured: number;
  meanDaysToStructured: number;
  flagged: number;
  high: number;
  socialOnly: number;
  rriOffer: number;
  rriAccept: number;
  stopped: number;
  /** Share of structured assessments reviewed; of the reviews, the share blind; how often a reviewer grades otherwise. */
  review: number;
  blind: number;
  regrade: number;
}

/** Invented habits, different on purpose so the charts differ; not any region's real practice. */
const HABITS: Record<PoliceRegion, RegionHabits> = {
  nord: { weight: 0.09, initial: 0.92, refer: 0.45, structured: 0.7, meanDaysToStructured: 10, flagged: 0.1, high: 0.2, socialOnly: 0.1, rriOffer: 0.25, rriAccept: 0.6, stopped: 0.65, review: 0.35, blind: 0.5, regrade: 0.15 },
  mitt: { weight: 0.1, initial: 0.85, refer: 0.55, structured: 0.6, meanDaysToStructured: 20, flagged: 0.2, high: 0.15, socialOnly: 0.2, rriOffer: 0.15, rriAccept: 0.5, stopped: 0.6, review: 0.25, blind: 0.2, regrade: 0.3 },
  stockholm: { weight: 0.25, initial: 0.97, refer: 0.6, structured: 0.85, meanDaysToStructured: 6, flagged: 0.08, high: 0.25, socialOnly: 0.05, rriOffer: 0.35, rriAccept: 0.7, stopped: 0.75, review: 0.5, blind: 0.6, regrade: 0.1 },
  ost: { weight: 0.1, initial: 0.8, refer: 0.4, structured: 0.5, meanDaysToStructured: 25, flagged: 0.25, high: 0.1, socialOnly: 0.25, rriOffer: 0.1, rriAccept: 0.45, stopped: 0.55, review: 0.2, blind: 0.1, regrade: 0.35 },
  vast: { weight: 0.18, initial: 0.9, refer: 0.5, structured: 0.75, meanDaysToStructured: 12, flagged: 0.12, high: 0.2, socialOnly: 0.1, rriOffer: 0.3, rriAccept: 0.65, stopped: 0.7, review: 0.4, blind: 0.4, regrade: 0.2 },
  syd: { weight: 0.18, initial: 0.95, refer: 0.55, structured: 0.9, meanDaysToStructured: 5, flagged: 0.06, high: 0.22, socialOnly: 0.05, rriOffer: 0.5, rriAccept: 0.75, stopped: 0.72, review: 0.6, blind: 0.7, regrade: 0.12 },
  bergslagen: { weight: 0.1, initial: 0.75, refer: 0.35, structured: 0.45, meanDaysToStructured: 30, flagged: 0.3, high: 0.12, socialOnly: 0.3, rriOffer: 0.06, rriAccept: 0.4, stopped: 0.5, review: 0.15, blind: 0.3, regrade: 0.4 },
};

const INSTRUMENT_OF: Record<ViolenceType, string> = { nara_relation: 'sarasv', forfoljelse: 'sam', heder: 'patriark', annat_hot: 'generell_hotbild' };
const VIOLENCE: [ViolenceType, number][] = [['nara_relation', 0.6], ['forfoljelse', 0.15], ['heder', 0.08], ['annat_hot', 0.17]];
const KINDS: RriContactKind[] = ['personligt_mote', 'telefon', 'brev', 'digitalt_mote'];
const SOURCES: RriOutcomeSource[] = ['skyddsperson', 'hotaktor', 'polisens_register', 'annan_myndighet'];
/** A regrade's reasons: fictitious, about the method, never about a person. */
const REVIEW_REASONS = [
  'Demodata (fiktiv): skyddsfaktorerna väger tyngre än bedömningen anger.',
  'Demodata (fiktiv): eskaleringen under senaste månaden talar för en högre risk.',
  'Demodata (fiktiv): flera riskfaktorer är osäkert belagda; lägre risk motiverad.',
  'Demodata (fiktiv): tidigare överträdelse av kontaktförbud är inte beaktad.',
];
/** The other Bops officers of a region who review: never the author, `${DEMO_OFFICER_PREFIX}${region}`. */
const REVIEWERS = ['granskare-1', 'granskare-2', 'granskare-3'];
const LEVELS = ['hog', 'medel', 'lag'] as const;
const DAY = 86_400_000;
const REASSESS_DAYS = { hog: 7, medel: 30, lag: 90 } as const;

/** mulberry32: small, fast, good enough for fictitious data, and the same for a seed everywhere. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uuid derived from the seed and a name, so the same set has the same ids. */
function uuidOf(seed: number, name: string): string {
  const h = createHash('sha256').update(`${seed}:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const dateOf = (d: Date) => d.toISOString().slice(0, 10);

export interface DemoDataOptions {
  cases: number;
  seed: number;
  /** The last day of the set (YYYY-MM-DD); cases start up to two years before. */
  today: string;
}

export function demoDataSet({ cases: count, seed, today }: DemoDataOptions): DemoCase[] {
  const rnd = random(seed);
  // The active time's own stream, so adding it left every other draw of a seed, and the sets the tests know, as they were.
  const pace = random(seed ^ 0x5eed);
  // The measures' decisions draw from theirs, for the same reason.
  const decide = random(seed ^ 0xdec1de);
  // And the reviews from theirs.
  const look = random(seed ^ 0x2eeb);
  const activeOf = (created: Date, completed: Date) => Math.round(((completed.getTime() - created.getTime()) / 1000) * (0.3 + 0.6 * pace()));
  const pick = <T>(weighted: [T, number][]): T => {
    let r = rnd() * weighted.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of weighted) if ((r -= w) < 0) return v;
    return weighted[weighted.length - 1]![0];
  };
  const end = new Date(`${today}T18:00:00Z`).getTime();
  const regions = POLICE_REGIONS.map((r): [PoliceRegion, number] => [r, HABITS[r].weight]);
  const out: DemoCase[] = [];
  for (let i = 0; i < count; i++) {
    const region = pick(regions);
    const h = HABITS[region];
    const ageDays = Math.floor(rnd() * 730);
    const createdAt = new Date(new Date(`${today}T00:00:00Z`).getTime() - ageDays * DAY + (8 + rnd() * 8) * 3_600_000);
    const violenceType = pick(VIOLENCE);
    const id = uuidOf(seed, `case ${i}`);
    const year = String(createdAt.getUTCFullYear()).slice(2);
    const c: DemoCase = {
      id, caseNumber: `0000-K${String(i + 1).padStart(6, '0')}-${year}`, region, violenceType, status: 'intake', createdAt, closedAt: null,
      initial: null, structured: null, plan: null, rriContacts: [], rriOutcomes: [], reviews: [],
    };
    if (rnd() < h.initial) {
      const created = new Date(createdAt.getTime() + rnd() * 2 * 3_600_000);
      const completed = new Date(created.getTime() + (5 + rnd() * 35) * 60_000);
      if (completed.getTime() <= end) c.initial = { id: uuidOf(seed, `initial ${i}`), level: 'initial', instrumentId: 'initial', createdAt: created, completedAt: completed, activeSeconds: activeOf(created, completed), referred: rnd() < h.refer, flags: [] };
    }
    const referred = c.initial?.referred === true;
    if (referred && rnd() < h.structured) {
      const days = Math.round(-Math.log(1 - rnd()) * h.meanDaysToStructured);
      const created = new Date(c.initial!.completedAt.getTime() + days * DAY);
      const completed = new Date(created.getTime() + (30 + rnd() * 90) * 60_000);
      if (completed.getTime() <= end) {
        const judgement = rnd() < h.high ? 'hog' : rnd() < 0.55 ? 'medel' : 'lag';
        c.structured = { id: uuidOf(seed, `structured ${i}`), level: 'structured', instrumentId: INSTRUMENT_OF[violenceType], createdAt: created, completedAt: completed, activeSeconds: activeOf(created, completed), judgement, flags: rnd() < h.flagged ? ['manga_faktorer_lag_risk'] : [], };
      }
    }
    // Where the case stands today.
    const closeAfter = (minDays: number, p: number) => {
      if (ageDays > minDays && rnd() < p) {
        c.status = 'closed';
        const from = Math.max(createdAt.getTime(), c.structured?.completedAt.getTime() ?? 0, c.initial?.completedAt.getTime() ?? 0);
        c.closedAt = new Date(Math.min(end - 3_600_000, from + (20 + rnd() * 60) * DAY));
      }
    };
    if (c.structured) {
      c.status = 'bops';
      closeAfter(120, 0.8);
    } else if (referred) {
      c.status = 'bops';
      closeAfter(60, 0.5);
    } else closeAfter(20, 0.9);
    if (c.structured) {
      // Every measure is the officer's (the chat names them responsible); who decides is the catalogue's word.
      const officer = `${DEMO_OFFICER_PREFIX}${region}`;
      const decidedOn = dateOf(new Date(Math.min(end, c.structured.completedAt.getTime() + (1 + Math.floor(decide() * 10)) * DAY)));
      const proposed = (part: DemoMeasure['part'], measureId: string): DemoMeasure => ({ part, measureId, responsible: officer, status: 'proposed', decision: null });
      const socialOnly = rnd() < h.socialOnly;
      const measures: DemoMeasure[] = [];
      if (socialOnly) {
        // Handed to social services only: sheltered housing, which social services decide — decided by them
        // (the decision card's sole decider) or still proposed to them.
        const housing = proposed('stod', 'skyddat_boende');
        measures.push(decide() < 0.6 ? { ...housing, status: 'decided', decision: { by: 'socialtjanst', on: decidedOn, ref: `DEMO-${i + 1}` } } : housing);
      } else {
        // Contact with social services is the police's own act (the pack, from 1.1.0), beside the police's protection.
        measures.push(proposed('stod', 'socialtjanst'));
        measures.push(proposed('skydd', rnd() < 0.5 ? 'larmpaket' : 'sakerhetssamtal'));
        if (c.structured.judgement !== 'lag' || rnd() < 0.3) {
          const ban = proposed('reducering', 'kontaktforbud');
          measures.push(rnd() < 0.3 ? { ...ban, status: 'declined', decision: { by: 'aklagare', on: decidedOn, ref: null } } : ban);
        }
      }
      const offered = !socialOnly && rnd() < h.rriOffer;
      if (offered) measures.push(proposed('reducering', 'rri'));
      const due = dateOf(new Date(c.structured.completedAt.getTime() + REASSESS_DAYS[c.structured.judgement!] * DAY));
      c.plan = { id: uuidOf(seed, `plan ${i}`), measures, reassessmentDueOn: due };
      if (offered) {
        const first = c.structured.completedAt.getTime() + (1 + Math.floor(rnd() * 14)) * DAY;
        if (first <= end) {
          const accepted = rnd() < h.rriAccept;
          c.rriContacts.push({ contactedOn: dateOf(new Date(first)), kind: KINDS[Math.floor(rnd() * KINDS.length)]!, accepted, talksHeld: accepted ? 1 + Math.floor(rnd() * 5) : 0 });
          let followUp = first + (30 + Math.floor(rnd() * 90)) * DAY;
          if (accepted && followUp <= end && rnd() < 0.85) {
            const outcome = (): RriOutcome => (rnd() < h.stopped ? 'stopped' : pick([['decreased', 0.5], ['unchanged', 0.35], ['increased', 0.15]]));
            c.rriOutcomes.push({ followedUpOn: dateOf(new Date(followUp)), outcome: outcome(), source: SOURCES[Math.floor(rnd() * SOURCES.length)]! });
            followUp += (60 + Math.floor(rnd() * 60)) * DAY;
            if (followUp <= end && rnd() < 0.3) c.rriOutcomes.push({ followedUpOn: dateOf(new Date(followUp)), outcome: outcome(), source: SOURCES[Math.floor(rnd() * SOURCES.length)]! });
          } else if (!accepted && followUp <= end && rnd() < 0.3) {
            c.rriOutcomes.push({ followedUpOn: dateOf(new Date(followUp)), outcome: pick([['stopped', 0.4], ['unchanged', 0.4], ['increased', 0.2]]), source: 'polisens_register' });
          }
        }
      }
    }
    if (c.structured && look() < h.review) {
      // One reviewer, now and then a second; each another officer of the region, a few days after completion.
      const first = Math.floor(look() * REVIEWERS.length);
      const reviewers = [REVIEWERS[first]!, ...(look() < 0.15 ? [REVIEWERS[(first + 1 + Math.floor(look() * (REVIEWERS.length - 1))) % REVIEWERS.length]!] : [])];
      reviewers.forEach((reviewer, n) => {
        const structured = c.structured!;
        const createdAt = new Date(structured.completedAt.getTime() + (1 + look() * 20) * DAY + n * 3_600_000);
        if (createdAt.getTime() > end) return;
        const blind = look() < h.blind;
        const regrade = look() < h.regrade;
        const others = LEVELS.filter((l) => l !== structured.judgement);
        const overall = regrade ? others[Math.floor(look() * others.length)]! : structured.judgement!;
        // A blind regrade's reason comes after the original is shown; some are still waiting for it.
        const reason = regrade && (!blind || look() < 0.7) ? REVIEW_REASONS[Math.floor(look() * REVIEW_REASONS.length)]! : null;
        c.reviews.push({ id: uuidOf(seed, `review ${i} ${n}`), reviewerId: `${DEMO_OFFICER_PREFIX}${region}-${reviewer}`, blind, verdict: regrade ? 'regrade' : 'agree', overall, reason, createdAt });
      });
    }
    out.push(c);
  }
  return out;
}
