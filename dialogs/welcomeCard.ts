// The first thing an officer sees when the app is installed: what the bot does,
// what it never does — it never decides the risk, the officer does — and the
// three commands to start with. One short card, in the officer's language.
import type { AdaptiveCard } from './cardRenderer.js';
import { t, type Locale } from './messageCatalogue.js';

export function welcomeCard(locale: Locale): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: t(locale, 'welcome.title'), weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'TextBlock', text: t(locale, 'welcome.does'), wrap: true },
      { type: 'TextBlock', text: t(locale, 'welcome.never'), wrap: true, weight: 'Bolder' },
      {
        type: 'FactSet',
        facts: (['welcome.command.initial', 'welcome.command.structured', 'welcome.command.search'] as const).map((key) => {
          const [title, value] = t(locale, key).split('|');
          return { title: title ?? '', value: value ?? '' };
        }),
      },
      { type: 'TextBlock', text: t(locale, 'welcome.help'), wrap: true, isSubtle: true },
    ],
  };
}
