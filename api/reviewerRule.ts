// Who may give a completed assessment its second look (issue 15, item 4), per
// police region: by default any Bops officer of the region (or a specialist)
// other than the one who made it — "a second Bops officer"; or, where the
// region has named its supervisors, only those officers. Configured with
// REVIEWERS_BY_REGION, e.g. `syd=officer-a|officer-b;nord=bops_officers`:
// one `region=rule` per region, `bops_officers` or `|`-separated officer ids.
// A named supervisor still needs a role that reads the assessment (Bops
// officer of the region, or specialist); the access policy decides.
import { z } from 'zod';
import { POLICE_REGIONS, policeRegionSchema, type PoliceRegion } from './policeRegions.js';

export type ReviewerRule = { kind: 'bops_officers' } | { kind: 'named'; officerIds: readonly string[] };

export const DEFAULT_REVIEWER_RULE: ReviewerRule = { kind: 'bops_officers' };

export type ReviewerRules = Readonly<Record<PoliceRegion, ReviewerRule>>;

const officerIdPattern = /^[A-Za-z0-9:._@-]{1,128}$/;

const ruleSchema = z.union([
  z.literal('bops_officers').transform((): ReviewerRule => ({ kind: 'bops_officers' })),
  z
    .string()
    .transform((v) => v.split('|').map((id) => id.trim()))
    .pipe(z.array(z.string().regex(officerIdPattern, 'an officer id')).min(1))
    .transform((officerIds): ReviewerRule => ({ kind: 'named', officerIds })),
]);

/** REVIEWERS_BY_REGION as read from the environment; blank: every region by its Bops officers. */
export const reviewersByRegionSchema = z
  .string()
  .default('')
  .transform((v, ctx): ReviewerRules => {
    const rules = Object.fromEntries(POLICE_REGIONS.map((r) => [r, DEFAULT_REVIEWER_RULE])) as Record<PoliceRegion, ReviewerRule>;
    for (const part of v.split(';').map((p) => p.trim()).filter(Boolean)) {
      const [region, rule] = part.split('=', 2).map((p) => p.trim());
      const parsedRegion = policeRegionSchema.safeParse(region);
      const parsedRule = ruleSchema.safeParse(rule ?? '');
      if (!parsedRegion.success || !parsedRule.success) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not region=bops_officers or region=officer-id|officer-id` });
        return z.NEVER;
      }
      rules[parsedRegion.data] = parsedRule.data;
    }
    return rules;
  });
