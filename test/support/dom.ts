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
  // As the accessible name is computed: aria-label before a <label>.
  const ariaLabel = element.getAttribute('aria-label');
  if (ariaLabel !== null) return ariaLabel;
  const label = (element as HTMLInputElement).labels?.[0];
  return label?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/**
 * The one control whose label contains `text`, case-insensitively, found across open shadow
 * roots. Like Playwright's getByLabel in strict mode, two matches are an error: a label that
 * contains another field's label would make that field ambiguous for users' tools too.
 */
export function getByLabel<E extends HTMLElement = HTMLInputElement>(root: Element | Document, text: string): E {
  const wanted = text.toLowerCase();
  const found = [...deepQueryAll<E>(root, 'input, select, textarea, [aria-labelledby], [role][aria-label]')].filter((el) =>
    labelOf(el).toLowerCase().includes(wanted),
  );
  if (found.length !== 1) {
    throw new Error(`expected one element labelled "${text}", found ${found.length}: ${found.map(labelOf).join(' | ')}`);
  }
  return found[0]!;
}

/** The button whose accessible name (aria-label, else its text) is `name`. */
export function getButton(root: Element | Document, name: string): HTMLButtonElement {
  for (const button of deepQueryAll<HTMLButtonElement>(root, 'button')) {
    const accessible = button.getAttribute('aria-label') ?? button.textContent?.replace(/\s+/g, ' ').trim();
    if (accessible === name) return button;
  }
  throw new Error(`no button named "${name}"`);
}

/** Every element matching `selector`, across open shadow roots. */
export function queryAllDeep<E extends Element = HTMLElement>(root: Element | Document, selector: string): E[] {
  return [...deepQueryAll<E>(root, selector)];
}

/** Text as a user reads it: whitespace collapsed. */
export const text = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';

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

/** Waits until every Lit element below `root` has rendered (and views loaded later are defined). */
export async function settled(root: Element): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const undefinedViews = [...deepQueryAll(root, ':not(:defined)')].map((el) => el.localName).filter((name) => name.includes('-'));
    await Promise.all(undefinedViews.map((name) => customElements.whenDefined(name)));
    const pending = [...deepQueryAll<Element & { updateComplete?: Promise<unknown> }>(root, '*')]
      .map((el) => el.updateComplete)
      .filter((p): p is Promise<unknown> => p !== undefined);
    await Promise.all(pending);
  }
}
