// GET /api/v1/worklist: the calling officer's work, from every source
// (api/workItem.ts), each row kept only when the access policy lets the
// officer read what it shows, ordered by api/workListOrder.ts and paged. Every
// case on the page shown is a 'worklist.read' audit row.
import type { Request, Response } from 'express';
import { addDays } from '../methodology/calendarDate.js';
import { decide } from './accessPolicy.js';
import type { AuditContext } from './auditLog.js';
import { callerOf } from './authentication.js';
import type { OperationHandlers } from './operationHandler.js';
import { auditContextOf } from './requestAudit.js';
import { authorise, parseRequestPart } from './routeGuards.js';
import type { WorkItem, WorkListSource } from './workItem.js';
import { WORK_LIST_HORIZON_DAYS, workListQuerySchema, workListResponseSchema } from './workListContract.js';
import { compareWorkItems } from './workListOrder.js';

export interface WorkListDeps {
  sources: readonly WorkListSource[];
  recordRead(caseIds: readonly string[], audit: AuditContext): Promise<void>;
  /** Today's date (YYYY-MM-DD) on the method's calendar (Europe/Stockholm), from the API's clock. */
  today(): string;
}

async function getWorkList(deps: WorkListDeps, req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  const query = parseRequestPart(workListQuerySchema, req.query, 'query');
  authorise(caller, 'worklist.read', { region: caller.officer.region });
  const today = deps.today();
  const window = { today, horizon: addDays(today, WORK_LIST_HORIZON_DAYS) };
  const found = (await Promise.all(deps.sources.map((s) => s.itemsFor(caller.officer, window)))).flat();
  const items: WorkItem[] = found
    .filter(({ item, access }) => (query.kind === undefined || item.kind === query.kind) && decide(caller.officer, access.action, access.resource).allowed)
    .map(({ item }) => item)
    .sort(compareWorkItems);
  const page = items.slice(query.offset, query.offset + query.limit);
  await deps.recordRead([...new Set(page.map((i) => i.caseId))], auditContextOf(req, res));
  const next = query.offset + query.limit;
  res.json(
    workListResponseSchema.parse({
      today,
      total: items.length,
      offset: query.offset,
      items: page.map((i) => ({ ...i, overdue: i.dueOn !== null && i.dueOn < today })),
      nextOffset: next < items.length ? next : null,
    }),
  );
}

export function workListHandlers(deps: WorkListDeps): OperationHandlers<'getWorkList'> {
  return { getWorkList: (req, res) => getWorkList(deps, req, res) };
}
