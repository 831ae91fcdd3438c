// The page a followed document link shows: the link's language, its expiry on
// Stockholm's clock, one button that posts back, nothing of the case, no script.
import { describe, expect, it } from 'vitest';
import { DOCUMENT_CATALOGUE } from './documentCatalogue.js';
import { DOCUMENT_LINK_PAGE_HEADERS, documentLinkPage, documentLinkRefusalPage } from './documentLinkPage.js';

describe('document link page', () => {
  it('says in Swedish what the link opens and until when (Stockholm time, summer and winter), with one button posting back', () => {
    const winter = documentLinkPage('sv', new Date('2026-12-04T10:05:00Z'));
    expect(winter).toContain('<html lang="sv">');
    expect(winter).toContain('Länken öppnar dokumentet en gång och gäller till 11:05.');
    expect(winter).toContain('<form method="post"><button type="submit">Öppna dokumentet</button></form>');
    expect(winter.match(/<form/g)).toHaveLength(1);
    expect(winter).not.toMatch(/<script|action=|https?:/);
    expect(documentLinkPage('sv', new Date('2026-07-01T10:05:00Z'))).toContain('gäller till 12:05.');
    expect(documentLinkPage('en', new Date('2026-12-04T10:05:00Z'))).toContain('is valid until 11:05.');
  });

  it('says why a link opens nothing and how to get a new one, in either language, with no button and nothing of the case', () => {
    const used = documentLinkRefusalPage('sv', 'used');
    expect(used).toContain('<html lang="sv">');
    expect(used).toContain('<h1>Länken öppnar inget</h1>');
    expect(used).toContain('Länken har redan öppnats en gång');
    expect(used).toContain('Skriv dokument och diarienumret i din personliga chatt');
    expect(documentLinkRefusalPage('sv', 'gone')).toContain('Länken finns inte eller har gått ut.');
    expect(documentLinkRefusalPage('en', 'gone')).toContain('The link does not exist or has expired.');
    for (const page of [used, documentLinkRefusalPage('en', 'used')]) expect(page).not.toMatch(/<form|<button|<script|https?:/);
  });

  it('escapes what the catalogue holds, so a text with markup cannot become markup', () => {
    const sv = DOCUMENT_CATALOGUE.sv;
    const saved = sv['documentLink.page.button'];
    try {
      sv['documentLink.page.button'] = '<img src=x onerror="alert(1)">';
      const page = documentLinkPage('sv', new Date('2026-12-04T10:05:00Z'));
      expect(page).not.toContain('<img');
      expect(page).toContain('&#60;img src=x onerror=&#34;alert(1)&#34;&#62;');
    } finally {
      sv['documentLink.page.button'] = saved;
    }
  });

  it('is sent with headers that load nothing else, post only to itself and leak no address', () => {
    expect(DOCUMENT_LINK_PAGE_HEADERS['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    expect(DOCUMENT_LINK_PAGE_HEADERS['referrer-policy']).toBe('no-referrer');
  });
});
