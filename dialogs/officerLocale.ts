// The officer's language, remembered in the user scope of the bot's state (as
// their assessment mode is, assessmentMode.ts): Swedish unless configured or
// chosen otherwise, since activity.locale is not trusted (DESIGN.md: the Agents
// Playground always sends en-US).
import { LOCALES, type Locale } from './messageCatalogue.js';

const LOCALE_PROPERTY = 'locale';

/** The officer's chosen language; `fallback` until they choose (or when what is stored is not a language). */
export function localeOf(user: Record<string, unknown>, fallback: Locale): Locale {
  const chosen = user[LOCALE_PROPERTY];
  return (LOCALES as readonly unknown[]).includes(chosen) ? (chosen as Locale) : fallback;
}

export function chooseLocale(user: Record<string, unknown>, locale: Locale): void {
  user[LOCALE_PROPERTY] = locale;
}
