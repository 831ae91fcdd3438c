// A logger whose JSON lines a test reads back, with the redaction of the real
// one (bot/logger.ts): for asserting what a refusal logs — a reason code, no
// content, no stack trace.
import { createLogger, type Logger } from '../bot/logger.js';

export type LogLine = Record<string, unknown> & { level: number; msg?: string };

export interface CapturedLog {
  log: Logger;
  /** Every line so far. */
  lines: LogLine[];
  /** Removes and returns the lines so far. */
  take(): LogLine[];
}

export function captureLog(level = 'debug'): CapturedLog {
  const lines: LogLine[] = [];
  const log = createLogger(level, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { log, lines, take: () => lines.splice(0) };
}
