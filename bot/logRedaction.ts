// The logger's last line of defence (bot/logger.ts): callers log ids and counts,
// never message text, answers, case numbers or bodies — but should one pass
// them anyway, at whatever depth (an error's details, a nested request), the
// keys are dropped before the line is written. pino's own redact paths match
// fixed depths only, so this walks the object. Errors keep their class, message
// and stack; cycles and very deep values end in a marker instead of recursing.

/** Keys whose values never reach a log line. */
const REDACTED_KEYS: ReadonlySet<string> = new Set(['text', 'body', 'answer', 'caseNumber']);

const MAX_DEPTH = 10;

export function redactDeep(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Too deep]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1, seen));
    if (value instanceof Date || ArrayBuffer.isView(value)) return value;
    // An error keeps its prototype (pino's error serializer reads type, message and stack from it).
    const copy: Record<string, unknown> = value instanceof Error ? Object.create(Object.getPrototypeOf(value) as object) : {};
    if (value instanceof Error) {
      copy.message = value.message;
      copy.stack = value.stack;
      if (value.cause !== undefined) copy.cause = redactDeep(value.cause, depth + 1, seen);
    }
    for (const [key, v] of Object.entries(value)) {
      if (!REDACTED_KEYS.has(key)) copy[key] = redactDeep(v, depth + 1, seen);
    }
    return copy;
  } finally {
    seen.delete(value);
  }
}
