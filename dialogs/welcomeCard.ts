// The first thing an officer sees when the app is installed: what the bot does,
// what it never does — it never decides the risk, the officer does — and the
// commands to start with. One short card, in the officer's language. In a team
// or group chat, where others read along and assessments are refused, it names
// the look-up only and says where assessments are made.
import type { AdaptiveCard } from './cardRenderer.js';
import { t, type Locale, type MessageKey } from './messageCatalogue.js';

const COMMANDS: Record<'personal' | 'shared', readonly MessageKey[]> = {
  personal: ['welcome.command.initial', 'welcome.command.structured', 'welcome.command.search'],
  shared: ['welcome.command.search'],
};

export function welcomeCard(locale: Locale, conversation: 'personal' | 'shared'): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: t(locale, 'welcome.title'), weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'TextBlock', text: t(locale, 'welcome.does'), wrap: true },
      { type: 'TextBlock', text: t(locale, 'welcome.never'), wrap: true, weight: 'Bolder' },
      ...(conversation === 'shared' ? [{ type: 'TextBlock', text: t(locale, 'welcome.shared'), wrap: true }] : []),
      {
        type: 'FactSet',
        facts: COMMANDS[conversation].map((key) => {
          const [title, value] = t(locale, key).split('|');
          return { title: title ?? '', value: value ?? '' };
        }),
      },
      { type: 'TextBlock', text: t(locale, 'welcome.help'), wrap: true, isSubtle: true },
    ],
  };
}
