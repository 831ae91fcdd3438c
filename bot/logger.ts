// Structured JSON logs. Callers pass ids and counts only: never message text,
// answers, case numbers or names (police data must not reach log storage).
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'bops-assistant' },
    // Belt and braces: should a caller pass these anyway they are dropped.
    redact: { paths: ['text', '*.text', 'body', '*.body', 'answer', '*.answer', 'caseNumber', '*.caseNumber'], remove: true },
  });
}
