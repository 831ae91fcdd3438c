// The seven police regions, the unit for "same handling wherever the person
// lives": cases, officers and statistics carry one of these ids.
import { z } from 'zod';

export const POLICE_REGIONS = ['nord', 'mitt', 'stockholm', 'ost', 'vast', 'syd', 'bergslagen'] as const;
export type PoliceRegion = (typeof POLICE_REGIONS)[number];

export const REGION_NAMES: Record<PoliceRegion, string> = {
  nord: 'Nord',
  mitt: 'Mitt',
  stockholm: 'Stockholm',
  ost: 'Öst',
  vast: 'Väst',
  syd: 'Syd',
  bergslagen: 'Bergslagen',
};

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();

/** Accepts an id or a display name in any case and with or without diacritics ("Öst", "ost"). */
export const policeRegionSchema = z
  .string()
  .transform(fold)
  .pipe(z.enum(POLICE_REGIONS, { error: () => `expected one of ${POLICE_REGIONS.join(', ')}` }));
