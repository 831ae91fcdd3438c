// Structured JSON logs. Callers pass ids and counts only: never message text,
// answers, case numbers or names (police data must not reach log storage).
import { pino, type DestinationStream, type Logger } from 'pino';
import { redactDeep } from './logRedaction.js';

export type { Logger };

/** `destination`: where the JSON lines go instead of stdout (tests read them back). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'bops-assistant' },
    // Belt and braces: should a caller pass text, bodies, answers or case numbers anyway, at any depth, they are dropped.
    formatters: { log: (object: Record<string, unknown>) => redactDeep(object) as Record<string, unknown> },
  };
  return destination ? pino(options, destination) : pino(options);
}
