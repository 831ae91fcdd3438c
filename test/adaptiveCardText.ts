// Renders an Adaptive Card as the lines an officer reads, so transcripts can
// compare cards as readable text: TextBlocks as text, facts as "title: value",
// buttons as [title], inputs as <id>. Only the elements our cards use are
// known; anything else fails loudly instead of being skipped.

type Element = Record<string, unknown> & { type: string };

export function adaptiveCardText(card: unknown): string {
  const c = card as { type?: string; body?: Element[]; actions?: Element[] };
  if (c.type !== 'AdaptiveCard') throw new Error(`not an Adaptive Card: ${JSON.stringify(card).slice(0, 80)}`);
  const lines: string[] = [];
  for (const element of c.body ?? []) lines.push(...elementLines(element));
  if (c.actions?.length) lines.push(actionsLine(c.actions));
  return lines.join('\n');
}

function actionsLine(actions: Element[]): string {
  return actions
    .map((a) => {
      if (a.type !== 'Action.Submit') throw new Error(`unexpected action type ${a.type}`);
      return `[${String(a.title)}]`;
    })
    .join(' ');
}

function elementLines(element: Element): string[] {
  switch (element.type) {
    case 'TextBlock':
      return [String(element.text)];
    case 'FactSet':
      return (element.facts as { title: string; value: string }[]).map((f) => `${f.title}: ${f.value}`);
    case 'ActionSet':
      return [actionsLine(element.actions as Element[])];
    case 'Input.Text':
      return [`<${String(element.id)}>`];
    case 'Input.ChoiceSet':
      return [`<${String(element.id)}: ${(element.choices as { title: string }[]).map((c) => c.title).join(' | ')}>`];
    default:
      throw new Error(`unexpected card element ${element.type}`);
  }
}

/** Every Action.Submit in the card, body and footer, with its data. */
export function submitActions(card: unknown): { title: string; data: Record<string, unknown> }[] {
  const out: { title: string; data: Record<string, unknown> }[] = [];
  const visit = (elements: Element[] | undefined) => {
    for (const e of elements ?? []) {
      if (e.type === 'Action.Submit') out.push({ title: String(e.title), data: (e.data ?? {}) as Record<string, unknown> });
      if (e.type === 'ActionSet') visit(e.actions as Element[]);
    }
  };
  const c = card as { body?: Element[]; actions?: Element[] };
  visit(c.body);
  visit(c.actions);
  return out;
}
