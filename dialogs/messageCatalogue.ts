// Every sentence the bot writes, in Swedish first (swedishMessages.ts, with
// sharing and the second look in swedishSharingMessages.ts) and English second
// (englishMessages.ts, englishSharingMessages.ts), looked up through one catalogue.

import { DOCUMENT_LOCALES, type DocumentLocale } from '../api/documentCatalogue.js';
import { ENGLISH_MESSAGES } from './englishMessages.js';
import { SWEDISH_MESSAGES, type MessageKey } from './swedishMessages.js';

export type { MessageKey };

/** The chat's languages are the document's. */
export const LOCALES = DOCUMENT_LOCALES;
export type Locale = DocumentLocale;


const catalogue: Record<Locale, Record<MessageKey, string>> = { sv: SWEDISH_MESSAGES, en: ENGLISH_MESSAGES };

export type MessageParams = Record<string, string | number>;

/** The message for key in locale, with {name} placeholders filled. */
export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return catalogue[locale][key]
    // "{days|dag|dagar}": the word as the language's plural rule has it for the number days holds.
    .replace(/\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g, (whole, name: string, one: string, other: string) =>
      name in params ? (pluralRules[locale].select(Number(params[name])) === 'one' ? one : other) : whole,
    )
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

const pluralRules: Record<Locale, Intl.PluralRules> = { sv: new Intl.PluralRules('sv'), en: new Intl.PluralRules('en') };

/** Picks the officer's language of a localised pack text, falling back to Swedish. */
export function localize(text: { sv: string; en?: string | undefined }, locale: Locale): string {
  return locale === 'en' ? (text.en ?? text.sv) : text.sv;
}

/** A pack name as it stands inside a sentence: its first letter small, abbreviations kept ("riskreducerande insatser (RRI)", "RRI"). */
export const lowerFirst = (name: string): string => (/^\p{Lu}{2,}(?!\p{Ll})/u.test(name) ? name : name.charAt(0).toLowerCase() + name.slice(1));
