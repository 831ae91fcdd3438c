// The state store (Redis) could not be reached or did not answer in time. A class of its own so
// the turn error handler can tell the officer "temporary fault, your answers are saved" instead of
// a generic error, and so nothing mistakes an outage for a compare-and-set conflict.

export type StateStoreUnavailableReason = 'disconnected' | 'timeout';

export class StateStoreUnavailableError extends Error {
  override readonly name = 'StateStoreUnavailableError';
  constructor(
    readonly reason: StateStoreUnavailableReason,
    operation: string,
    options: { cause: unknown },
  ) {
    super(`Storage: state store unavailable (${reason}) during ${operation}`, options);
  }
}

/** Whether error, or any error in its cause chain, is a state-store outage. */
export function isStateStoreUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    if (e instanceof StateStoreUnavailableError) return true;
  }
  return false;
}
