// The log line of an API answer a command turns into a message to the officer:
// its reason and problem type only — never the problem's detail, which may
// name a case. Anything that is not an API answer is not the command's to
// swallow, so it goes on up.
import type { Logger } from 'pino';
import { ApiError } from './assessmentApi.js';

export function warnApiFailure(log: Logger, err: unknown, what: string): asserts err is ApiError {
  if (!(err instanceof ApiError)) throw err;
  log.warn({ reason: err.reason, problemType: err.problemType }, what);
}
