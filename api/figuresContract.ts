// The HTTP contract of the figures (issue 16, item 2): the filters every figure
// takes (period of registration, region, violence type, instrument) and the
// table it answers with — columns with Swedish and English labels, rows of
// codes and numbers, suppressed cells null — plus, for the RRI figures, the
// pilot's public figure as a reference line beside the data, never in it.
import { z } from 'zod';
import { VIOLENCE_TYPES } from './caseDomain.js';
import { FIGURE_IDS } from './figureDefinitions.js';
import { itemIdSchema } from './idSchemas.js';
import { POLICE_REGIONS, policeRegionSchema } from './policeRegions.js';

const isoDate = z.iso.date().refine((d) => d >= '2000-01-01' && d <= '2199-12-31', 'must be a date between 2000 and 2199');
const label = z.object({ sv: z.string(), en: z.string() });

export const figureIdSchema = z.enum(FIGURE_IDS);

/**
 * Cases registered from `from` to `to` (Swedish calendar days, both inclusive), of one region, of one violence type,
 * and on one instrument — a count of cases counts those with a completed assessment on it, a count of assessments
 * the completed assessments on it themselves. The descriptions go into the OpenAPI document.
 */
export const figuresQuerySchema = z
  .strictObject({
    from: isoDate.optional().meta({ description: 'First day of the period of registration (a Swedish calendar day, Europe/Stockholm): cases registered on or after it, and their assessments' }),
    to: isoDate.optional().meta({ description: 'Last day of the period of registration, inclusive (a Swedish calendar day)' }),
    region: policeRegionSchema.optional().meta({ description: "The case's police region (the table then has that region's row and 'alla', the same cases)" }),
    violenceType: z.enum(VIOLENCE_TYPES).optional().meta({ description: "The case's violence type" }),
    instrument: itemIdSchema.optional().meta({
      description:
        'An instrument id (sarasv, sam, patriark, generell_hotbild, fordjupad, initial). A count of cases (reports, referrals, RRI, the queue, what referrals led to) counts the cases with at least one completed assessment on it; '
        + 'a count of assessments (summary judgements, departures from a consistency flag, minutes per assessment, plans and measures per risk level) counts the completed assessments on it themselves, not the other assessments of their cases',
    }),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'the period ends before it starts' });
export type FiguresQuery = z.output<typeof figuresQuerySchema>;

export const figureResponseSchema = z.object({
  figure: figureIdSchema,
  title: label,
  /** Cells resting on fewer cases than this are null (suppressed). */
  suppressedBelow: z.number().int().min(2),
  /** The day the figure was computed for (overdue, queue age). */
  asOf: z.iso.date(),
  filters: z.object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    region: z.enum(POLICE_REGIONS).optional(),
    violenceType: z.enum(VIOLENCE_TYPES).optional(),
    instrument: z.string().optional(),
  }),
  columns: z.array(z.object({ key: z.string(), label, kind: z.enum(['dimension', 'count', 'total', 'share', 'ratio', 'median']) })),
  /** One row per combination of the dimensions; a suppressed cell is null. Shares are fractions (0–1). */
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  /** For the RRI figures: the public pilot figure, a reference line and not data. */
  reference: z.object({ label, cases: z.number().int(), shareStopped: z.number(), kind: z.literal('reference') }).nullable(),
});
export type FigureResponse = z.infer<typeof figureResponseSchema>;
