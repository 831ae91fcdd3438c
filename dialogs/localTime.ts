// A time as officers read it in chat: on the method's clock (Europe/Stockholm), whatever the server's.
import { METHOD_TIME_ZONE } from '../methodology/calendarDate.js';

/** '2026-12-04 21:05' on the method's clock (Europe/Stockholm). */
export function localTime(iso: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: METHOD_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}
