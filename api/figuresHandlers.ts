// GET /figures/{figure} (issue 16, item 2): one figure for analysts, method
// owners and auditors — never names, case numbers or free text — filtered by
// period, region, violence type and instrument, every cell under the minimum
// suppressed, as JSON or, for Accept: text/csv, as CSV with the same cells.
// Anyone else is refused (403, audited as 'access.denied').
import type { Request, Response } from 'express';
import { calendarDate } from '../methodology/calendarDate.js';
import { callerOf } from './authentication.js';
import { systemClock, type Clock } from './clock.js';
import { dimensionValues, FIGURES, type FigureId } from './figureDefinitions.js';
import { figureIdSchema, figureResponseSchema, figuresQuerySchema, type FiguresQuery } from './figuresContract.js';
import { figuresCsv } from './figuresCsv.js';
import { figureRows, type RawRow } from './figureTable.js';
import type { OperationHandlers } from './operationHandler.js';
import { authorise, parseRequestPart } from './routeGuards.js';
import { RRI_PILOT_REFERENCE } from './rriPilotReference.js';
import type { FigureFacts } from './sqlFigures.js';

export interface FigureSource {
  raw(figure: FigureId, query: FiguresQuery, facts: FigureFacts): Promise<RawRow[]>;
}

export interface FiguresHandlersDeps {
  figures: FigureSource;
  /** FIGURES_MIN_CELL_SIZE and FIGURES_TARGET_DAYS. */
  settings: { minCellSize: number; targetDays: number };
  clock?: Clock;
}

export function figuresHandlers(deps: FiguresHandlersDeps): OperationHandlers<'getFigure'> {
  const { figures, settings, clock = systemClock } = deps;
  async function getFigure(req: Request, res: Response): Promise<void> {
    const caller = callerOf(res);
    // A request for no figure is malformed (400) before it is a refusal (403, audited), as for every id of the API.
    const figure = parseRequestPart(figureIdSchema, req.params.figure, 'path');
    const query = parseRequestPart(figuresQuerySchema, req.query, 'query');
    authorise(caller, 'figures.read', { region: caller.officer.region });
    const today = calendarDate(clock.now());
    const definition = FIGURES[figure];
    const raw = await figures.raw(figure, query, { today, targetDays: settings.targetDays });
    const rows = figureRows(definition, raw, settings.minCellSize, (dimension) => dimensionValues(figure, dimension, query.region));
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      res.type('text/csv; charset=utf-8').set('content-disposition', `attachment; filename="${figure}.csv"`).send(figuresCsv(definition.columns, rows));
      return;
    }
    res.json(
      figureResponseSchema.parse({
        figure,
        title: definition.title,
        suppressedBelow: settings.minCellSize,
        asOf: today,
        filters: query,
        columns: definition.columns.map(({ key, label, kind }) => ({ key, label, kind })),
        rows,
        reference: figure === 'rri' || figure === 'rri-outcomes' ? RRI_PILOT_REFERENCE : null,
      }),
    );
  }
  return { getFigure };
}
