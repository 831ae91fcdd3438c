// Renders an Adaptive Card as the lines an officer reads, so transcripts can
// compare cards as readable text: TextBlocks as text, facts as "title: value",
// buttons as [title], inputs as <id …> with everything that changes what the
// officer can enter (multi-select, a preselected value, a length limit, the
// placeholder). Every property of every element is either shown or named
// below as presentation only; an unknown element or property fails loudly, so
// a card cannot change in a way the transcripts do not see.

type Element = Record<string, unknown> & { type: string };

/** Properties that only style the card: size, colour, spacing, the card's own frame. */
const PRESENTATION = new Set(['type', 'wrap', 'size', 'weight', 'isSubtle', 'color', 'spacing', 'separator', 'style', 'horizontalAlignment']);
const CARD_FRAME = new Set(['type', '$schema', 'version', 'body', 'actions', 'fallbackText', 'speak', 'msteams']);

function checkKeys(element: Record<string, unknown>, shown: string[], where: string, allowed = PRESENTATION): void {
  for (const key of Object.keys(element)) {
    if (!shown.includes(key) && !allowed.has(key)) throw new Error(`${where}: property "${key}" is neither shown in the transcript text nor known as presentation`);
  }
}

export function adaptiveCardText(card: unknown): string {
  const c = card as { type?: string; body?: Element[]; actions?: Element[] } & Record<string, unknown>;
  if (c.type !== 'AdaptiveCard') throw new Error(`not an Adaptive Card: ${JSON.stringify(card).slice(0, 80)}`);
  checkKeys(c, [], 'AdaptiveCard', CARD_FRAME);
  const lines: string[] = [];
  for (const element of c.body ?? []) lines.push(...elementLines(element));
  if (c.actions?.length) lines.push(actionsLine(c.actions));
  return lines.join('\n');
}

function actionsLine(actions: Element[]): string {
  return actions
    .map((a) => {
      if (a.type !== 'Action.Submit') throw new Error(`unexpected action type ${a.type}`);
      // data is the wiring a click sends; the runner sends it, so it is tested by the next reply.
      checkKeys(a, ['title', 'data', 'associatedInputs'], 'Action.Submit');
      // ∅: a button that neither checks nor sends the card's fields (Tillbaka, Avbryt on a card with required ones).
      return `[${String(a.title)}${a.associatedInputs === 'none' ? ' ∅' : ''}]`;
    })
    .join(' ');
}

const quoted = (s: unknown) => `"${String(s)}"`;

function elementLines(element: Element): string[] {
  switch (element.type) {
    case 'TextBlock':
      checkKeys(element, ['text'], 'TextBlock');
      return [String(element.text)];
    case 'FactSet':
      checkKeys(element, ['facts'], 'FactSet');
      return (element.facts as { title: string; value: string }[]).map((f) => `${f.title}: ${f.value}`);
    case 'ActionSet':
      checkKeys(element, ['actions'], 'ActionSet');
      return [actionsLine(element.actions as Element[])];
    case 'Input.Text': {
      checkKeys(element, ['id', 'isMultiline', 'maxLength', 'placeholder', 'value', 'isRequired', 'errorMessage', 'label'], 'Input.Text');
      const marks = [
        element.label !== undefined ? `label ${quoted(element.label)}` : '',
        element.isMultiline ? 'multiline' : '',
        element.maxLength !== undefined ? `max ${String(element.maxLength)}` : '',
        element.isRequired ? 'required' : '',
        element.errorMessage !== undefined ? `error ${quoted(element.errorMessage)}` : '',
        element.placeholder !== undefined ? `placeholder ${quoted(element.placeholder)}` : '',
        element.value !== undefined ? `= ${quoted(element.value)}` : '',
      ].filter(Boolean);
      return [`<${String(element.id)}${marks.length ? ` ${marks.join(' ')}` : ''}>`];
    }
    case 'Input.Date': {
      checkKeys(element, ['id', 'label', 'value', 'min', 'max', 'isRequired', 'errorMessage'], 'Input.Date');
      const marks = [
        element.label !== undefined ? `label ${quoted(element.label)}` : '',
        'date',
        element.min !== undefined ? `min ${String(element.min)}` : '',
        element.max !== undefined ? `max ${String(element.max)}` : '',
        element.isRequired ? 'required' : '',
        element.errorMessage !== undefined ? `error ${quoted(element.errorMessage)}` : '',
        element.value !== undefined ? `= ${quoted(element.value)}` : '',
      ].filter(Boolean);
      return [`<${String(element.id)} ${marks.join(' ')}>`];
    }
    case 'Input.ChoiceSet': {
      checkKeys(element, ['id', 'choices', 'choices.data', 'isMultiSelect', 'value', 'isRequired', 'errorMessage', 'label', 'placeholder'], 'Input.ChoiceSet');
      // Choices a host fetches as the officer types (Teams' people picker) are shown by their dataset.
      const query = element['choices.data'] as { type: string; dataset: string } | undefined;
      const choices = [...(element.choices as { title: string; value: string }[]), ...(query ? [{ title: `${query.type} ${query.dataset}`, value: '' }] : [])];
      const preselected = element.value === undefined ? [] : String(element.value).split(',');
      const titleOf = (v: string) => choices.find((c) => c.value === v)?.title ?? `?${v}`;
      const marks = [
        element.label !== undefined ? `label ${quoted(element.label)}` : '',
        element.isMultiSelect ? 'multi' : '',
        element.isRequired ? 'required' : '',
        element.errorMessage !== undefined ? `error ${quoted(element.errorMessage)}` : '',
        element.placeholder !== undefined ? `placeholder ${quoted(element.placeholder)}` : '',
        preselected.length ? `= ${preselected.map(titleOf).join(', ')}` : '',
      ].filter(Boolean);
      return [`<${String(element.id)}: ${choices.map((c) => c.title).join(' | ')}${marks.length ? ` ${marks.join(' ')}` : ''}>`];
    }
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

/** The titles of the card's buttons that send none of its fields (associatedInputs "none"). */
export function buttonsWithoutInputs(card: unknown): Set<string> {
  const out = new Set<string>();
  const visit = (elements: Element[] | undefined) => {
    for (const e of elements ?? []) {
      if (e.type === 'Action.Submit' && e.associatedInputs === 'none') out.add(String(e.title));
      if (e.type === 'ActionSet') visit(e.actions as Element[]);
    }
  };
  const c = card as { body?: Element[]; actions?: Element[] };
  visit(c.body);
  visit(c.actions);
  return out;
}

/** An input the officer can fill in on a card: its id and what it accepts. */
export type CardInput =
  | { kind: 'text'; id: string; maxLength?: number }
  | { kind: 'choice'; id: string; values: string[]; multi: boolean }
  | { kind: 'date'; id: string; min?: string; max?: string };

export function cardInputs(card: unknown): CardInput[] {
  const body = (card as { body?: Element[] }).body ?? [];
  return body.flatMap((e): CardInput[] => {
    if (e.type === 'Input.Text') return [{ kind: 'text', id: String(e.id), ...(typeof e.maxLength === 'number' ? { maxLength: e.maxLength } : {}) }];
    if (e.type === 'Input.Date') return [{ kind: 'date', id: String(e.id), ...(typeof e.min === 'string' ? { min: e.min } : {}), ...(typeof e.max === 'string' ? { max: e.max } : {}) }];
    if (e.type === 'Input.ChoiceSet') return [{ kind: 'choice', id: String(e.id), values: (e.choices as { value: string }[]).map((c) => c.value), multi: e.isMultiSelect === true }];
    return [];
  });
}

/**
 * Why the given inputs could not come from this card, or undefined when they could:
 * Teams sends only the card's own inputs, a choice only among its choices, a text no longer than its limit, a picked date.
 */
export function inputsRejectedBy(card: unknown, inputs: Record<string, string>): string | undefined {
  const known = cardInputs(card);
  for (const [id, value] of Object.entries(inputs)) {
    const input = known.find((i) => i.id === id);
    if (!input) return `the card has no input "${id}" (it has ${known.map((i) => `"${i.id}"`).join(', ') || 'none'})`;
    if (input.kind === 'text' && input.maxLength !== undefined && value.length > input.maxLength) return `"${id}" is limited to ${input.maxLength} characters`;
    // A date picker sends a calendar date (or nothing), within its bounds.
    if (input.kind === 'date' && value !== '' && (!/^\d{4}-\d{2}-\d{2}$/.test(value) || (input.min !== undefined && value < input.min) || (input.max !== undefined && value > input.max))) return `"${id}" is a date picker: YYYY-MM-DD${input.max ? ` up to ${input.max}` : ''}`;
    if (input.kind === 'choice') {
      const picked = input.multi ? value.split(',').filter(Boolean) : [value];
      const unknown = picked.filter((v) => !input.values.includes(v));
      if (unknown.length) return `"${id}" has no choice ${unknown.map((v) => `"${v}"`).join(', ')}`;
      if (!input.multi && value.includes(',')) return `"${id}" is not multi-select`;
    }
  }
  return undefined;
}
