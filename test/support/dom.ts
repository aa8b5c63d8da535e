/** Finds elements as a user would, by their visible label, across open shadow roots. */

function* allRoots(root: Document | ShadowRoot | Element): Generator<Document | ShadowRoot | Element> {
  yield root;
  if (root instanceof Element && root.shadowRoot) yield* allRoots(root.shadowRoot);
  for (const element of root.querySelectorAll('*')) {
    if (element.shadowRoot) yield* allRoots(element.shadowRoot);
  }
}

function* deepQueryAll<E extends Element>(root: Element | Document, selector: string): Generator<E> {
  for (const r of allRoots(root)) yield* r.querySelectorAll<E>(selector);
}

function labelOf(element: HTMLElement): string {
  const rootNode = element.getRootNode() as Document | ShadowRoot;
  const labelledBy = element.getAttribute('aria-labelledby');
  if (labelledBy !== null) {
    return labelledBy
      .split(' ')
      .map((id) => rootNode.getElementById(id)?.textContent?.trim() ?? '')
      .join(' ');
  }
  const label = (element as HTMLInputElement).labels?.[0];
  return label?.textContent?.replace(/\s+/g, ' ').trim() ?? element.getAttribute('aria-label') ?? '';
}

/**
 * The one control whose label contains `text`, case-insensitively, found across open shadow
 * roots. Like Playwright's getByLabel in strict mode, two matches are an error: a label that
 * contains another field's label would make that field ambiguous for users' tools too.
 */
export function getByLabel<E extends HTMLElement = HTMLInputElement>(root: Element | Document, text: string): E {
  const wanted = text.toLowerCase();
  const found = [...deepQueryAll<E>(root, 'input, select, textarea, [aria-labelledby]')].filter((el) =>
    labelOf(el).toLowerCase().includes(wanted),
  );
  if (found.length !== 1) {
    throw new Error(`expected one element labelled "${text}", found ${found.length}: ${found.map(labelOf).join(' | ')}`);
  }
  return found[0]!;
}

export function getButton(root: Element | Document, name: string): HTMLButtonElement {
  for (const button of deepQueryAll<HTMLButtonElement>(root, 'button')) {
    if (button.textContent?.trim() === name) return button;
  }
  throw new Error(`no button named "${name}"`);
}

export function getByRole(root: Element | Document, role: string): HTMLElement {
  const found = [...deepQueryAll<HTMLElement>(root, `[role="${role}"]`)];
  if (found.length !== 1) throw new Error(`expected one element with role ${role}, found ${found.length}`);
  return found[0]!;
}

/** Types into an input as a user does: value, then input and change events. */
export function type(input: HTMLInputElement, text: string): void {
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/** Waits until every Lit element below `root` has rendered. */
export async function settled(root: Element): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const pending = [...deepQueryAll<Element & { updateComplete?: Promise<unknown> }>(root, '*')]
      .map((el) => el.updateComplete)
      .filter((p): p is Promise<unknown> => p !== undefined);
    await Promise.all(pending);
  }
}
