// The figures for following the method up (issue 16, item 2), as data: each
// figure's columns — the dimensions a row is about (region, instrument, risk
// level, outcome…), the counts of cases or assessments in it, and what is
// derived from the counts (shares, medians, ratios) with the count each rests
// on, so suppression (api/figureTable.ts) knows which cell reveals which.
// Labels are Swedish first, English second; the dashboard and the CSV use them.
// Never a name, a case number or free text: only codes and numbers.
import { POLICE_REGIONS, type PoliceRegion } from './policeRegions.js';
import { RRI_OUTCOMES } from './rriContract.js';

export const FIGURE_IDS = ['rri', 'rri-outcomes', 'consistency', 'judgements', 'measures-by-risk', 'prioritisation', 'prioritisation-outcomes'] as const;
export type FigureId = (typeof FIGURE_IDS)[number];

export interface Label {
  sv: string;
  en: string;
}

/** The row of all regions together, beside the seven. */
export const ALL_REGIONS = 'alla';
/** Risk levels of the summary judgement, and 'ingen' for a case without one. */
export const JUDGEMENT_LEVELS = ['hog', 'medel', 'lag'] as const;
export const QUEUE_JUDGEMENTS = [...JUDGEMENT_LEVELS, 'ingen'] as const;
/** How long a case has waited in the Bops queue, in days since it was registered. */
export const AGE_BANDS = ['0-7', '8-30', '31-90', '91+'] as const;

export type ColumnSpec =
  | { key: string; label: Label; kind: 'dimension' }
  /** A number of cases (or assessments, plans, measures): suppressed below the minimum. */
  | { key: string; label: Label; kind: 'count' }
  /** The sum of count `of` over the rows that share the dimensions `by` (a group total): a count like any other. */
  | { key: string; label: Label; kind: 'total'; of: string; by: readonly string[] }
  /** numerator / denominator, both counts of the row: suppressed when either is. */
  | { key: string; label: Label; kind: 'share'; of: readonly [string, string] }
  /** numerator / denominator as a plain ratio (e.g. measures per plan): suppressed when either is, as a share. */
  | { key: string; label: Label; kind: 'ratio'; of: readonly [string, string] }
  /** A median of days or minutes over `basis` cases: suppressed when the basis is. */
  | { key: string; label: Label; kind: 'median'; basis: string };

export interface FigureDefinition {
  id: FigureId;
  title: Label;
  columns: readonly ColumnSpec[];
  /** Counts of a row that add up to another count of it: a hidden part must not be had by subtraction. */
  sums?: readonly { total: string; parts: readonly string[] }[];
  /**
   * A count whose sum over each region's rows (a group total counted once a group) another output
   * publishes too, so neither may give a hidden cell of the other back. `as: 'region-count'`: one
   * count a region beside the all-regions row, suppressed by the same rule (consistency's
   * judgements): this table works out which are hidden there, and keeps a shown one from leaving a
   * single hidden part and a hidden one from being the sum of shown parts. `as: 'cell-sum'`: the sum
   * of the other output's own cells, hidden there or not (the case statistics' cases in status bops):
   * at least two parts of each region are hidden here, so neither gives the sum or a part away.
   */
  regionTotalElsewhere?: { of: string; as: 'region-count' | 'cell-sum' };
}

const dim = (key: string, sv: string, en: string): ColumnSpec => ({ key, label: { sv, en }, kind: 'dimension' });
const count = (key: string, sv: string, en: string): ColumnSpec => ({ key, label: { sv, en }, kind: 'count' });
const share = (key: string, sv: string, en: string, of: readonly [string, string]): ColumnSpec => ({ key, label: { sv, en }, kind: 'share', of });
const ratio = (key: string, sv: string, en: string, of: readonly [string, string]): ColumnSpec => ({ key, label: { sv, en }, kind: 'ratio', of });
const median = (key: string, sv: string, en: string, basis: string): ColumnSpec => ({ key, label: { sv, en }, kind: 'median', basis });

const REGION = dim('region', 'Region', 'Region');

export const FIGURES: Readonly<Record<FigureId, FigureDefinition>> = {
  'rri': {
    id: 'rri',
    title: { sv: 'Riskreducerande insatser (RRI)', en: 'Risk-reducing interventions (RRI)' },
    columns: [
      REGION,
      count('offered', 'Ärenden där RRI erbjudits', 'Cases offered RRI'),
      count('accepted', 'Ärenden där RRI accepterats', 'Cases that accepted RRI'),
      share('shareAccepted', 'Andel accepterade', 'Share accepted', ['accepted', 'offered']),
      count('withOutcome', 'Accepterade med registrerat utfall', 'Accepted with an outcome recorded'),
      share('shareWithOutcome', 'Andel med utfall', 'Share with outcome', ['withOutcome', 'accepted']),
      count('timed', 'Uppföljda efter accepterad kontakt', 'Followed up after an accepted contact'),
      median('medianDaysToFollowUp', 'Dagar till uppföljning (median)', 'Days to follow-up (median)', 'timed'),
    ],
  },
  'rri-outcomes': {
    id: 'rri-outcomes',
    title: { sv: 'Utfall av RRI vid uppföljning', en: 'RRI outcomes at follow-up' },
    columns: [
      REGION,
      dim('outcome', 'Utfall', 'Outcome'),
      count('cases', 'Ärenden', 'Cases'),
      { key: 'withOutcome', label: { sv: 'Ärenden med utfall', en: 'Cases with an outcome' }, kind: 'total', of: 'cases', by: ['region'] },
      share('share', 'Andel', 'Share', ['cases', 'withOutcome']),
    ],
  },
  'consistency': {
    id: 'consistency',
    title: { sv: 'Enhetlighet mellan regionerna', en: 'Consistency between the regions' },
    columns: [
      REGION,
      count('reports', 'Anmälningar', 'Reports'),
      count('withInitial', 'Med initial bedömning', 'With an initial assessment'),
      share('shareWithInitial', 'Andel med initial bedömning', 'Share with an initial assessment', ['withInitial', 'reports']),
      count('referred', 'Remitterade till Bops', 'Referred to Bops'),
      share('shareReferred', 'Andel remitterade', 'Share referred', ['referred', 'withInitial']),
      count('structuredInTime', 'Strukturerad bedömning inom måltid', 'Structured assessment within the target time'),
      share('shareStructuredInTime', 'Andel inom måltid', 'Share within the target time', ['structuredInTime', 'referred']),
      count('judgements', 'Samlade bedömningar', 'Summary judgements'),
      count('departed', 'Avvikit från konsistensflagga', 'Departed from a consistency flag'),
      share('shareDeparted', 'Andel avvikelser', 'Share departing', ['departed', 'judgements']),
      count('plannedReassessments', 'Planerade omprövningar', 'Planned re-assessments'),
      count('overdueReassessments', 'Försenade omprövningar', 'Overdue re-assessments'),
      share('shareOverdue', 'Andel försenade', 'Share overdue', ['overdueReassessments', 'plannedReassessments']),
      count('timedAssessments', 'Bedömningar med registrerad aktiv tid', 'Assessments with a recorded active time'),
      median('medianMinutesPerAssessment', 'Aktiva minuter per bedömning (median)', 'Active minutes per assessment (median)', 'timedAssessments'),
    ],
  },
  'judgements': {
    id: 'judgements',
    title: { sv: 'Samlad bedömning per instrument', en: 'Summary judgement per instrument' },
    columns: [
      REGION,
      dim('instrument', 'Instrument', 'Instrument'),
      dim('judgement', 'Samlad risk', 'Overall risk'),
      count('assessments', 'Bedömningar', 'Assessments'),
      { key: 'ofInstrument', label: { sv: 'Bedömningar med instrumentet', en: 'Assessments with the instrument' }, kind: 'total', of: 'assessments', by: ['region', 'instrument'] },
      share('share', 'Andel', 'Share', ['assessments', 'ofInstrument']),
    ],
    // A region's judgements over all instruments are consistency's 'judgements'.
    regionTotalElsewhere: { of: 'ofInstrument', as: 'region-count' },
  },
  'measures-by-risk': {
    id: 'measures-by-risk',
    title: { sv: 'Åtgärder per risknivå', en: 'Measures per risk level' },
    columns: [
      REGION,
      dim('judgement', 'Samlad risk', 'Overall risk'),
      count('plans', 'Skyddsplaner', 'Protection plans'),
      count('measures', 'Åtgärder', 'Measures'),
      ratio('measuresPerPlan', 'Åtgärder per plan', 'Measures per plan', ['measures', 'plans']),
      count('skydd', 'Skydd', 'Protection'),
      count('stod', 'Stöd', 'Support'),
      count('reducering', 'Reducering av hotaktör', 'Reducing the threat actor'),
    ],
    sums: [{ total: 'measures', parts: ['skydd', 'stod', 'reducering'] }],
  },
  'prioritisation': {
    id: 'prioritisation',
    title: { sv: 'Bops-kön efter senaste bedömning och ålder', en: 'The Bops queue by latest judgement and age' },
    columns: [
      REGION,
      dim('judgement', 'Senaste samlade risk', 'Latest overall risk'),
      dim('age', 'Dagar i kön', 'Days in the queue'),
      count('cases', 'Ärenden', 'Cases'),
      count('reassessmentOverdue', 'Omprövning försenad', 'Re-assessment overdue'),
      count('reassessmentDueWithin7', 'Omprövning inom 7 dagar', 'Re-assessment due within 7 days'),
    ],
    // A region's queue is its cases in status bops, which GET /statistics/cases counts by violence type.
    regionTotalElsewhere: { of: 'cases', as: 'cell-sum' },
  },
  'prioritisation-outcomes': {
    id: 'prioritisation-outcomes',
    title: { sv: 'Vad remitterade ärenden leder till', en: 'What referred cases lead to' },
    columns: [
      REGION,
      count('referred', 'Remitterade', 'Referred'),
      count('structured', 'Fått strukturerad bedömning', 'Got a structured assessment'),
      share('shareStructured', 'Andel strukturerat bedömda', 'Share with a structured assessment', ['structured', 'referred']),
      count('waiting', 'Väntar', 'Waiting'),
      share('shareWaiting', 'Andel väntande', 'Share waiting', ['waiting', 'referred']),
      count('closedWithoutStructured', 'Avslutade utan strukturerad bedömning', 'Closed without a structured assessment'),
      share('shareClosedWithoutStructured', 'Andel avslutade utan', 'Share closed without', ['closedWithoutStructured', 'referred']),
      count('socialServicesOnly', 'Endast till socialtjänsten', 'Handed to social services only'),
      share('shareSocialServicesOnly', 'Andel endast socialtjänsten', 'Share social services only', ['socialServicesOnly', 'referred']),
    ],
    sums: [{ total: 'referred', parts: ['structured', 'waiting', 'closedWithoutStructured'] }],
  },
};

/**
 * The values of a figure's dimension every table shows, zero rows included (the seven regions and
 * 'alla', or the one region filtered on and 'alla'); an empty list: the values found (instruments).
 */
export function dimensionValues(figure: FigureId, dimension: string, region: PoliceRegion | undefined): readonly string[] {
  switch (dimension) {
    case 'region':
      return [...(region ? [region] : POLICE_REGIONS), ALL_REGIONS];
    case 'outcome':
      return RRI_OUTCOMES;
    case 'age':
      return AGE_BANDS;
    case 'judgement':
      return figure === 'judgements' ? JUDGEMENT_LEVELS : QUEUE_JUDGEMENTS;
    default:
      return [];
  }
}
