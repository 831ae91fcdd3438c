// The page a document link shows when it is followed (issue 19, item 5): what
// the link opens and until when, and one button that opens it. Following a
// link must not use it up — Teams' link previews and mail scanners fetch every
// link in a message before the officer does — so only the button's POST opens
// the document. The page holds no data of the case: no number, no name, no
// script; its only form posts back to the same address.
import { documentText, type DocumentLocale } from './documentCatalogue.js';

/** Headers of the page: nothing loads but its own style, it posts only to itself, and no other site frames it or learns its address. */
export const DOCUMENT_LINK_PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
} as const;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Why a link opens nothing: unknown or past its time, or opened already. */
export type DocumentLinkRefusal = 'gone' | 'used';

/** The page in the link's language, with the link's expiry as Stockholm's clock shows it. */
export function documentLinkPage(locale: DocumentLocale, expiresAt: Date): string {
  const time = expiresAt.toLocaleTimeString(locale === 'en' ? 'en-GB' : 'sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' });
  return page(
    locale,
    documentText(locale, 'documentLink.page.title'),
    `<p>${escape(documentText(locale, 'documentLink.page.text', { time }))}</p>
<form method="post"><button type="submit">${escape(documentText(locale, 'documentLink.page.button'))}</button></form>`,
  );
}

/**
 * What an officer's browser shows for a link that opens nothing — a problem JSON would be a
 * wall of braces to them — and how to get a new one. No button: there is nothing to open.
 */
export function documentLinkRefusalPage(locale: DocumentLocale, refusal: DocumentLinkRefusal): string {
  return page(locale, documentText(locale, 'documentLink.refused.title'), `<p>${escape(documentText(locale, `documentLink.refused.${refusal}`))}</p>
<p>${escape(documentText(locale, 'documentLink.refused.again'))}</p>`);
}

function page(locale: DocumentLocale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escape(title)}</title>
<style>body{font-family:"Segoe UI",system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#242424}button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:4px;background:#1f3a93;color:#fff;cursor:pointer}button:focus-visible{outline:3px solid #000;outline-offset:2px}</style>
</head>
<body>
<main>
<h1>${escape(title)}</h1>
${body}
</main>
</body>
</html>
`;
}
