// The dashboard's bar colours, in one place so a test can hold every one of
// them to WCAG 2.1's 3:1 for graphics against the white page (1.4.11,
// non-text contrast): Okabe–Ito's hues, told apart with the common colour-vision
// deficiencies, with its orange and sky blue darkened (2.3:1 as published) to
// pass. No colour carries meaning alone: every chart labels its bars on an
// axis and has its numbers as a table beside it.

/** Series in the order they are first used. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#AD7A00', '#3A87C0'] as const;

/** The summary judgements, by their Swedish names as the charts label them: the warmer, the higher the risk. */
export const JUDGEMENT_COLOURS = { 'Hög': '#D55E00', 'Medel': '#AD7A00', 'Låg': '#009E73', 'Ingen bedömning': '#767676' } as const;
