// What answers one operation of the table (api/apiOperations.ts): an Express
// handler, whose thrown ProblemError (or AccessDeniedError) becomes problem
// JSON on the way out. Each handler module returns its operations' handlers by
// operationId, and the router refuses to type-check while one is missing.
import type { Request, Response } from 'express';
import type { OperationId } from './apiOperations.js';

export type OperationHandler = (req: Request, res: Response) => Promise<void> | void;

export type OperationHandlers<Id extends OperationId> = Readonly<Record<Id, OperationHandler>>;
