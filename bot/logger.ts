// Structured JSON logs. Callers pass ids and counts only: never message text,
// answers, case numbers or names (police data must not reach log storage).
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** `destination`: where the JSON lines go instead of stdout (tests read them back). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'bops-assistant' },
    // Belt and braces: should a caller pass these anyway they are dropped.
    redact: { paths: ['text', '*.text', 'body', '*.body', 'answer', '*.answer', 'caseNumber', '*.caseNumber'], remove: true },
  };
  return destination ? pino(options, destination) : pino(options);
}
