// Where the bot may send what an activity asks it to send. The Bot Framework
// adapter posts every reply (and every update, delete or member look-up of the
// turn) to the `serviceUrl` the inbound activity names; unchecked, anyone who
// can post an activity makes the server call any address it can reach — a
// cloud metadata endpoint, an internal service (server-side request forgery).
// So a serviceUrl must be on an allow-list: in production the Bot Framework /
// Teams service hosts from BOT_SERVICE_URL_HOSTS over https; in dev mode this
// machine (loopback) only, where the Agents Playground and the test connector
// listen. The URL is judged as WHATWG parses it (lower case, IDNA-mapped,
// numeric IPv4 forms normalised, as fetch would connect), and the caller gets
// that parsed form back to hand on, so the host that was checked is the host
// that is called.
import { isLoopbackHost } from '../api/loopbackHost.js';

/** One allowed host: exact, or (`*.` in the pattern) any name below it; the scheme's default port unless one is named. */
export interface HostPattern {
  host: string;
  subdomains: boolean;
  port: number | undefined;
}

export type ServiceUrlAllowList =
  /** Dev mode: http or https to localhost, 127.0.0.0/8 or [::1], any port. */
  | { kind: 'loopback' }
  /** Production (https) and tests (an exact loopback origin): these hosts over these schemes. */
  | { kind: 'hosts'; protocols: readonly ('https:' | 'http:')[]; hosts: readonly HostPattern[] };

/** The public cloud's Bot Connector hosts: Teams (smba.trafficmanager.net) and the Bot Framework's own channels. */
export const DEFAULT_BOT_SERVICE_URL_HOSTS = 'smba.trafficmanager.net,*.botframework.com';

/**
 * `host`, `*.domain` or either with `:port`; lower-case ASCII labels (IDN hosts in their xn-- form) and at
 * least two labels, so neither `*` nor `*.com` can open a whole top-level domain.
 */
const HOST_PATTERN = /^(\*\.)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)(?::(\d{1,5}))?$/;

/** Parses one entry of BOT_SERVICE_URL_HOSTS; undefined when it is not a host pattern. */
export function parseHostPattern(text: string): HostPattern | undefined {
  const match = HOST_PATTERN.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  const port = match[3] === undefined ? undefined : Number(match[3]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { host: match[2]!, subdomains: match[1] !== undefined, port };
}

/** Why a serviceUrl was refused; none of them repeats the URL, so each can be logged. */
export const SERVICE_URL_REFUSALS = ['malformed', 'scheme', 'userinfo', 'query-or-fragment', 'host', 'port'] as const;
export type ServiceUrlRefusal = (typeof SERVICE_URL_REFUSALS)[number];

export type ServiceUrlCheck = { allowed: true; url: string } | { allowed: false; reason: ServiceUrlRefusal };

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** `*.domain` means the names below the domain, not the domain itself. */
const hostMatches = (hostname: string, pattern: HostPattern) => (pattern.subdomains ? hostname.endsWith(`.${pattern.host}`) : hostname === pattern.host);

/**
 * Whether replies may go to `raw`; when they may, `url` is the parsed form to hand to the adapter instead
 * of `raw`. A trailing dot, another port or any userinfo is refused, never guessed at.
 */
export function checkServiceUrl(raw: string, allowList: ServiceUrlAllowList): ServiceUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { allowed: false, reason: 'malformed' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { allowed: false, reason: 'scheme' };
  if (url.username !== '' || url.password !== '') return { allowed: false, reason: 'userinfo' };
  if (url.search !== '' || url.hash !== '' || raw.includes('#') || raw.includes('?')) return { allowed: false, reason: 'query-or-fragment' };
  switch (allowList.kind) {
    case 'loopback':
      if (!isLoopbackHost(url.hostname)) return { allowed: false, reason: 'host' };
      break;
    case 'hosts': {
      if (!allowList.protocols.includes(url.protocol as 'http:' | 'https:')) return { allowed: false, reason: 'scheme' };
      const candidates = allowList.hosts.filter((pattern) => hostMatches(url.hostname, pattern));
      if (candidates.length === 0) return { allowed: false, reason: 'host' };
      const port = url.port === '' ? DEFAULT_PORTS[url.protocol]! : Number(url.port);
      if (!candidates.some((pattern) => (pattern.port ?? DEFAULT_PORTS[url.protocol]) === port)) return { allowed: false, reason: 'port' };
      break;
    }
    default: {
      const unknown: never = allowList;
      throw new Error(`unknown allow-list ${JSON.stringify(unknown)}`);
    }
  }
  return { allowed: true, url: url.href };
}

/** For the start-up banner: where replies may go, without secrets (there are none in it). */
export function describeServiceUrlAllowList(allowList: ServiceUrlAllowList): string {
  switch (allowList.kind) {
    case 'loopback':
      return 'this machine only (localhost, 127.0.0.0/8, [::1])';
    case 'hosts':
      return allowList.hosts
        .map((p) => `${allowList.protocols.map((s) => `${s}//`).join('|')}${p.subdomains ? '*.' : ''}${p.host}${p.port === undefined ? '' : `:${p.port}`}`)
        .join(', ');
    default: {
      const unknown: never = allowList;
      throw new Error(`unknown allow-list ${JSON.stringify(unknown)}`);
    }
  }
}
