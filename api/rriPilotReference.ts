// The public figure from the RRI pilot (issue 16): in region Syd, of 118 cases
// 2019–2021 the crime stopped in 72 % (see methodology guidance, domain.md). It
// is shown beside our own figures as a reference line, never as data: it is
// not counted, filtered or suppressed, and it says where it comes from.
export const RRI_PILOT_REFERENCE = {
  label: { sv: 'Pilot i region Syd 2019–2021 (offentlig uppgift, referenslinje)', en: 'Pilot in region Syd 2019–2021 (public figure, reference line)' },
  cases: 118,
  shareStopped: 0.72,
  /** What the reference is: a line to compare with, not a row of our data. */
  kind: 'reference',
} as const;
