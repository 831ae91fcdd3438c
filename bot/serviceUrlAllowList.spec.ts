// Replies go only where the allow-list says: the Bot Connector hosts over https
// in production, this machine in dev mode — judged on the URL as it would be
// called, so spelling tricks neither open nor (where they name the same host)
// close the way.
import { describe, expect, it } from 'vitest';
import { checkServiceUrl, DEFAULT_BOT_SERVICE_URL_HOSTS, parseHostPattern, type HostPattern, type ServiceUrlAllowList } from './serviceUrlAllowList.js';

const production: ServiceUrlAllowList = {
  kind: 'hosts',
  protocols: ['https:'],
  hosts: DEFAULT_BOT_SERVICE_URL_HOSTS.split(',').map((entry) => parseHostPattern(entry)!),
};
const loopback: ServiceUrlAllowList = { kind: 'loopback' };
const exactOrigin: ServiceUrlAllowList = { kind: 'hosts', protocols: ['http:'], hosts: [{ host: '127.0.0.1', subdomains: false, port: 40123 }] };

const verdict = (raw: string, allowList: ServiceUrlAllowList) => {
  const check = checkServiceUrl(raw, allowList);
  return check.allowed ? 'allowed' : check.reason;
};

describe('the production allow-list (default BOT_SERVICE_URL_HOSTS)', () => {
  it('lets replies go to Teams and the Bot Framework channels over https', () => {
    for (const raw of [
      'https://smba.trafficmanager.net/emea/',
      'https://smba.trafficmanager.net/teams/',
      'https://smba.trafficmanager.net:443/amer/',
      'https://europe.webchat.botframework.com/',
      'https://directline.botframework.com/',
    ]) {
      expect(verdict(raw, production), raw).toBe('allowed');
    }
  });

  it('hands on the URL as it will be called: lower case, default port dropped, IDNA-mapped', () => {
    expect(checkServiceUrl('HTTPS://SMBA.TrafficManager.NET:443/emea/', production)).toEqual({ allowed: true, url: 'https://smba.trafficmanager.net/emea/' });
    // Full-width letters map to the same host name (as fetch would connect), so this is that host.
    expect(checkServiceUrl('https://ｓｍｂａ.trafficmanager.net/emea/', production)).toEqual({ allowed: true, url: 'https://smba.trafficmanager.net/emea/' });
  });

  it.each([
    ['the link-local metadata address', 'http://169.254.169.254/latest/meta-data/', 'scheme'],
    ['the metadata address over https', 'https://169.254.169.254/latest/meta-data/', 'host'],
    ['a private address', 'https://10.0.0.1/', 'host'],
    ['plain http to Teams', 'http://smba.trafficmanager.net/emea/', 'scheme'],
    ['a file URL', 'file:///etc/passwd', 'scheme'],
    ['a gopher URL', 'gopher://smba.trafficmanager.net/', 'scheme'],
    ['an allowed name as userinfo', 'https://smba.trafficmanager.net@evil.example/', 'userinfo'],
    ['an allowed name as user and password', 'https://smba.trafficmanager.net:443@evil.example/', 'userinfo'],
    ['an allowed name after a fragment', 'https://evil.example#@smba.trafficmanager.net/', 'query-or-fragment'],
    ['an allowed name in the query', 'https://evil.example/?smba.trafficmanager.net', 'query-or-fragment'],
    ['an allowed host with an empty query', 'https://smba.trafficmanager.net/emea/?', 'query-or-fragment'],
    ['an allowed name after a backslash', 'https://evil.example\\@smba.trafficmanager.net/', 'host'],
    ['an allowed name as a prefix of another domain', 'https://smba.trafficmanager.net.evil.example/', 'host'],
    ['a name that only ends like an allowed one', 'https://evilsmba.trafficmanager.net/', 'host'],
    ['the bare domain of a wildcard', 'https://botframework.com/', 'host'],
    ['a look-alike with a Cyrillic letter', 'https://smbа.trafficmanager.net/', 'host'],
    ['a look-alike already in punycode', 'https://xn--smb-8cd.trafficmanager.net/', 'host'],
    ['a trailing dot', 'https://smba.trafficmanager.net./emea/', 'host'],
    ['another port', 'https://smba.trafficmanager.net:8443/emea/', 'port'],
    ['text that is no URL', 'smba.trafficmanager.net/emea/', 'malformed'],
  ])('refuses %s', (_what, raw, reason) => {
    expect(verdict(raw, production)).toBe(reason);
  });
});

describe('the dev-mode allow-list (loopback)', () => {
  it('lets replies go to this machine on any port, over http or https', () => {
    for (const raw of ['http://127.0.0.1:3978/', 'http://localhost:56150/_connector', 'http://[::1]:8080/', 'https://127.0.0.5/', 'http://LOCALHOST:56150/']) {
      expect(verdict(raw, loopback), raw).toBe('allowed');
    }
    // Numeric forms of a loopback address are that address.
    expect(checkServiceUrl('http://2130706433:3978/', loopback)).toEqual({ allowed: true, url: 'http://127.0.0.1:3978/' });
  });

  it.each([
    ['the link-local metadata address', 'http://169.254.169.254/latest/meta-data/', 'host'],
    ['a private address', 'http://10.0.0.1/', 'host'],
    ['the any-address (which Linux connects to this machine)', 'http://0.0.0.0:3978/', 'host'],
    ['localhost with a trailing dot', 'http://localhost.:3978/', 'host'],
    ['a public name that resolves to loopback', 'http://127.0.0.1.nip.io/', 'host'],
    ['an IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/', 'host'],
    ['a file URL', 'file:///etc/passwd', 'scheme'],
    ['loopback as userinfo before another host', 'http://127.0.0.1:3978@10.0.0.1/', 'userinfo'],
    ['userinfo on loopback itself', 'http://user:secret@127.0.0.1:3978/', 'userinfo'],
  ])('refuses %s', (_what, raw, reason) => {
    expect(verdict(raw, loopback)).toBe(reason);
  });
});

describe('an exact origin (how the tests narrow dev mode to the connector stand-in)', () => {
  it('allows that scheme, address and port and nothing next to it', () => {
    expect(verdict('http://127.0.0.1:40123/', exactOrigin)).toBe('allowed');
    expect(verdict('http://127.0.0.1:040123/', exactOrigin)).toBe('allowed');
    expect(verdict('http://127.0.0.1:40124/', exactOrigin)).toBe('port');
    expect(verdict('http://127.0.0.1/', exactOrigin)).toBe('port');
    expect(verdict('http://127.0.0.2:40123/', exactOrigin)).toBe('host');
    expect(verdict('http://2130706434:40123/', exactOrigin)).toBe('host');
    expect(verdict('http://localhost:40123/', exactOrigin)).toBe('host');
    expect(verdict('https://127.0.0.1:40123/', exactOrigin)).toBe('scheme');
  });
});

describe('parseHostPattern (entries of BOT_SERVICE_URL_HOSTS)', () => {
  it('reads hosts, wildcards and ports, in lower case', () => {
    expect(parseHostPattern('SMBA.trafficmanager.net')).toEqual<HostPattern>({ host: 'smba.trafficmanager.net', subdomains: false, port: undefined });
    expect(parseHostPattern(' *.botframework.azure.us ')).toEqual<HostPattern>({ host: 'botframework.azure.us', subdomains: true, port: undefined });
    expect(parseHostPattern('connector.example:8443')).toEqual<HostPattern>({ host: 'connector.example', subdomains: false, port: 8443 });
    expect(parseHostPattern('xn--80ak6aa92e.example')).toEqual<HostPattern>({ host: 'xn--80ak6aa92e.example', subdomains: false, port: undefined });
  });

  it.each(['*', '*.com', 'com', '*.*.example.com', 'https://smba.trafficmanager.net', 'smba.trafficmanager.net/emea', 'host.example:0', 'host.example:65536', 'exa_mple.com', '-bad.example', 'a..example', 'ünicode.example', ''])(
    'refuses %j',
    (entry) => {
      expect(parseHostPattern(entry)).toBeUndefined();
    },
  );
});
