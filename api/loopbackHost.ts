// This machine, however a host is written: a dev server listens only here, a dev reply goes only
// here, and a production security endpoint may use plain http only here (a stand-in on the same
// machine). One rule for all three.

/** Whether `host` names this machine: localhost, IPv6 ::1 (bare or bracketed, as WHATWG URLs write it), or 127.x.y.z (WHATWG turns 2130706433 or 127.1 into that). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Why a production setting's URL is refused, or undefined when it is acceptable: signing keys,
 * tokens and the bot's client secret cross it, so anything but https is readable or replaceable on
 * the way — except to this machine.
 */
export function insecureUrlProblem(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const url = new URL(raw);
  return url.protocol === 'https:' || isLoopbackHost(url.hostname) ? undefined : 'must be an https URL in production (signing keys, tokens or the bot\'s secret cross it); plain http only to this machine';
}
