// The measures that are sensitive whatever a sharing.yaml says (issue 15,
// item 1): their very existence or status tells who a protected person is or
// where they live — protected population registration, a fictitious
// identity, a confidentiality marking in the registers, protected housing.
// sharing.yaml's own `sensitive` list is empty unless someone fills it, and
// a version's declaration can be edited without a new method version, so the
// protection of these cannot rest on it: it is fixed here, in code, where no
// declaration can remove it. `npm run pack -- validate` refuses any of them as
// shareable (checkSharingDeclaration) and a snapshot drops them all the same
// (api/shareSnapshot.ts). A pack naming such a measure otherwise lists it in
// its sharing.yaml's `sensitive` as well — and this list grows with it.
// Free text has no way in at all: the declaration has no key for it, and a
// judgement is shared only when its item is a choice.
export const NEVER_SHARED_MEASURES = ['skyddad_folkbokforing', 'fingerade_personuppgifter', 'sekretessmarkering', 'skyddat_boende'] as const;

/** Whether a measure is sensitive: fixed here, or marked so by the declaration (its `sensitive` part; typed so to keep this file free of the declaration's). */
export function isSensitiveMeasure(declaration: { sensitive: { measures: readonly string[] } }, measureId: string): boolean {
  return (NEVER_SHARED_MEASURES as readonly string[]).includes(measureId) || declaration.sensitive.measures.includes(measureId);
}
