/**
 * A copy of what the app shows, as HTML that paints with no script: the markup of the views'
 * shadow roots as declarative shadow DOM, each with its style sheets. The service worker puts
 * the copy of the last screen in front of the app at the next start (public/sw/last-screen.js),
 * so the saved states are on screen as soon as a static page's would be, before the app's code
 * has run; the app takes it away once it has rendered the same screen itself.
 *
 * A copy is a picture, never a second app: its custom elements are renamed, so they never
 * upgrade (an upgraded view would empty its declarative shadow root), and the style sheets that
 * name them are renamed alike. Text and attribute values are escaped, so a payload's HTML stays
 * text here as in the views.
 */

/** Added to the copy's custom element names: `<mq-entity-card>` becomes `<mq-entity-card-copy>`. */
export const COPY_SUFFIX = '-copy';

/**
 * Marks for the views, on any element: `omit` leaves it out of the copy (a toast, a form the
 * next start will not show); `in-view` keeps only the children that start within the first
 * screen (the dashboard's cards: the copy holds what fills the screen, no more); `blank` keeps
 * its room but not what it says, which is not true at the next start (the connection's
 * status). Every `<time>` is blank too: an age in a picture is wrong the moment it is painted.
 */
export const SCREEN_COPY_ATTRIBUTE = 'data-screen-copy';
const BLANK_RULE = `[${SCREEN_COPY_ATTRIBUTE}="blank"]{visibility:hidden}`;

/** Elements that never have children or an end tag. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** A custom element's name as the copy has it; any other element's as it is. */
const copiedName = (name: string) => (name.includes('-') ? `${name}${COPY_SUFFIX}` : name);

/**
 * The CSS of a sheet with the custom element names in its selectors renamed as in the copy.
 * Only a name that starts a selector part is one: `--mq-text` (a custom property) and
 * `.mq-x` or `#mq-x` (a class, an id) are left as they are.
 */
export function renameElementsInCss(css: string, prefix: string): string {
  const name = new RegExp(`(?<![\\w.#-])(${prefix}[a-z0-9]*(?:-[a-z0-9]+)+)(?![\\w-])`, 'g');
  return css.replace(name, `$1${COPY_SUFFIX}`);
}

export interface ScreenCopyOptions {
  /** The custom elements to rename start with this (the app's own: `mq-`). */
  readonly prefix: string;
  /** The height of the first screen, in CSS pixels from the top of the page. */
  readonly screenHeight: number;
}

/** Copies `root` and what is below it, shadow roots included, as HTML. */
export function copyScreen(root: Element, { prefix, screenHeight }: ScreenCopyOptions): string {
  const sheetText = (sheet: CSSStyleSheet, shadow: ShadowRoot) => renameElementsInCss(usedRules(sheet.cssRules, shadow), prefix);
  // The page's top, whatever it is scrolled to: the copy shows the top of the page.
  const startsInFirstScreen = (element: Element) => element.getBoundingClientRect().top + window.scrollY < screenHeight;

  const parts: string[] = [];
  const copyChildren = (parent: Node, onlyInView: boolean) => {
    for (const child of parent.childNodes) {
      if (onlyInView && child instanceof Element && !startsInFirstScreen(child)) continue;
      copyNode(child);
    }
  };
  const copyNode = (node: Node) => {
    if (node instanceof Text) {
      parts.push(escapeText(node.data));
      return;
    }
    if (!(node instanceof Element)) return; // comments: Lit's markers
    const mark = node.getAttribute(SCREEN_COPY_ATTRIBUTE);
    if (mark === 'omit' || node.localName === 'script' || node.localName === 'template' || node.localName === 'dialog') return;
    // Bare `<style>` only: the service worker lets exactly those through its policy (a nonce).
    if (node.localName === 'style') {
      parts.push(`<style>${renameElementsInCss(node.textContent ?? '', prefix)}</style>`);
      return;
    }
    const name = node.localName.startsWith(prefix) ? copiedName(node.localName) : node.localName;
    parts.push(`<${name}`);
    for (const attribute of controlState(node)) parts.push(` ${attribute.name}="${escapeAttribute(attribute.value)}"`);
    if (node.localName === 'time' && mark === null) parts.push(` ${SCREEN_COPY_ATTRIBUTE}="blank"`);
    parts.push('>');
    if (VOID.has(name)) return;
    const shadow = node.shadowRoot;
    if (shadow !== null) {
      parts.push('<template shadowrootmode="open">');
      for (const sheet of shadow.adoptedStyleSheets) parts.push(`<style>${sheetText(sheet, shadow)}</style>`);
      if (shadow.querySelector(`time, [${SCREEN_COPY_ATTRIBUTE}="blank"]`) !== null) parts.push(`<style>${BLANK_RULE}</style>`);
      copyChildren(shadow, false);
      parts.push('</template>');
    }
    if (node instanceof HTMLTextAreaElement) parts.push(escapeText(node.value));
    else copyChildren(node, mark === 'in-view');
    parts.push(`</${name}>`);
  };
  copyNode(root);
  return parts.join('');
}

/**
 * An element's attributes, with what its form control shows now: a field's text, a box's
 * tick and a list's choice are properties (Lit sets them so), not attributes, and a copy of the
 * attributes alone would show the fields as the page first had them.
 */
function controlState(element: Element): { name: string; value: string }[] {
  const attributes = Array.from(element.attributes, ({ name, value }) => ({ name, value })).filter(
    ({ name }) => name !== 'autofocus' && name !== 'value' && name !== 'checked' && name !== 'selected',
  );
  if (element instanceof HTMLInputElement) {
    if (element.type === 'checkbox' || element.type === 'radio') {
      if (element.checked) attributes.push({ name: 'checked', value: '' });
    } else if (element.type !== 'password' && element.type !== 'file') {
      attributes.push({ name: 'value', value: element.value });
    }
  } else if (element instanceof HTMLOptionElement) {
    if (element.selected) attributes.push({ name: 'selected', value: '' });
  } else {
    for (const name of ['value', 'checked', 'selected']) {
      const value = element.getAttribute(name);
      if (value !== null) attributes.push({ name, value });
    }
  }
  return attributes;
}

/**
 * The rules of a view's sheets that the copy can use: each shadow root has its own copy of its
 * sheets (declarative shadow DOM has no shared ones), and the whole of them was four fifths of
 * a copy. A rule for no element of that root is left out, as is one for a hovered or focused
 * element (a copy is never either); rules for the host, slotted content and pseudo-elements,
 * which no query can test, are kept.
 */
function usedRules(rules: CSSRuleList, shadow: ShadowRoot): string {
  let text = '';
  for (const rule of rules) {
    if (rule instanceof CSSStyleRule) {
      if (ruleMayApply(rule.selectorText, shadow)) text += rule.cssText;
    } else if (rule instanceof CSSMediaRule || rule instanceof CSSSupportsRule) {
      const inner = usedRules(rule.cssRules, shadow);
      if (inner !== '') text += `@${rule instanceof CSSMediaRule ? 'media' : 'supports'} ${rule.conditionText}{${inner}}`;
    } else {
      text += rule.cssText;
    }
  }
  return text;
}

function ruleMayApply(selector: string, shadow: ShadowRoot): boolean {
  if (/:host|::?slotted|::|:(?:before|after|first-line|first-letter)\b/.test(selector)) return true;
  try {
    return shadow.querySelector(selector) !== null;
  } catch {
    // A selector this browser cannot query (it could not match either): kept, as written.
    return true;
  }
}
