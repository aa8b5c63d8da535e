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

/** The control labelled `text` (by <label for>, a wrapping <label>, or aria-labelledby). */
export function getByLabel<E extends HTMLElement = HTMLInputElement>(root: Element | Document, text: string): E {
  for (const label of deepQueryAll<HTMLLabelElement>(root, 'label')) {
    if (label.textContent?.trim() !== text) continue;
    if (label.control) return label.control as E;
  }
  for (const element of deepQueryAll<E>(root, '[aria-labelledby]')) {
    const rootNode = element.getRootNode() as Document | ShadowRoot;
    const ids = element.getAttribute('aria-labelledby')!.split(' ');
    const name = ids.map((id) => rootNode.getElementById(id)?.textContent?.trim()).join(' ');
    if (name === text) return element;
  }
  throw new Error(`no element labelled "${text}"`);
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
