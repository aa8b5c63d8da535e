import { expect, fixture, html } from '@open-wc/testing';
import { LitElement, css, html as litHtml } from 'lit';
import '../../src/components/mq-payload-view.js';
import { copyScreen, renameElementsInCss } from '../../src/pwa/screen-copy.js';
import { topicRecord } from '../support/fake-session.js';

/** A view with a form, to see what a copy keeps of a field's state. */
class MqCopyTestForm extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    input {
      color: rgb(1, 2, 3);
    }
    button:hover {
      color: red;
    }
    .never-rendered {
      color: blue;
    }
  `;
  override render() {
    return litHtml`<label>New state <input name="state" .value=${'typed'} /></label><label><input type="checkbox" .checked=${true} /> Retain</label><input type="password" .value=${'secret'} /><button>Set state</button>`;
  }
}
customElements.define('mq-copy-test-form', MqCopyTestForm);

const holders: HTMLElement[] = [];
/** Parses a copy as the page the service worker answers with would. */
function parsed(copy: string): HTMLElement {
  const holder = document.createElement('div');
  holder.setHTMLUnsafe(copy);
  document.body.append(holder);
  holders.push(holder);
  return holder;
}

describe('copyScreen', () => {
  afterEach(() => {
    for (const holder of holders.splice(0)) holder.remove();
  });

  it('copies the views as declarative shadow DOM that shows the same text with the same styles, renamed so it never upgrades', async () => {
    const el = await fixture(html`<section><mq-payload-view label="Last message hello_mqtt" .record=${topicRecord('edzna/hello', 'ThisIsIt')}></mq-payload-view></section>`);
    const copy = copyScreen(el, { prefix: 'mq-', screenHeight: innerHeight });
    expect(copy).not.to.contain('<mq-payload-view ');
    const view = parsed(copy).querySelector('mq-payload-view-copy')!;
    expect(customElements.get('mq-payload-view-copy')).to.equal(undefined);
    const value = view.shadowRoot!.querySelector<HTMLElement>('[part=value]')!;
    expect(value.textContent).to.equal('ThisIsIt');
    expect(value.getAttribute('aria-label')).to.equal('Last message hello_mqtt');
    const original = el.querySelector('mq-payload-view')!.shadowRoot!.querySelector<HTMLElement>('[part=value]')!;
    for (const property of ['font-family', 'white-space', 'display', 'padding-top'] as const) {
      expect(getComputedStyle(value)[property as never], property).to.equal(getComputedStyle(original)[property as never]);
    }
  });

  it('keeps HTML in a payload as text', async () => {
    const payload = '<img src=x onerror="window.__pwnedCopy=1"><b>bold</b>';
    const el = await fixture(html`<div><mq-payload-view .record=${topicRecord('x', payload)}></mq-payload-view></div>`);
    const view = parsed(copyScreen(el, { prefix: 'mq-', screenHeight: innerHeight })).querySelector('mq-payload-view-copy')!;
    expect(view.shadowRoot!.querySelector('img, b')).to.equal(null);
    expect(view.shadowRoot!.querySelector('[part=value]')!.textContent).to.equal(payload);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((window as { __pwnedCopy?: number }).__pwnedCopy).to.equal(undefined);
  });

  it('keeps of an in-view list only what starts within the first screen, and leaves out what is marked omit', async () => {
    const el = await fixture(html`<div>
      <div data-screen-copy="in-view">
        <p>First card</p>
        <p style="margin-top: 2000px">Far below</p>
      </div>
      <p data-screen-copy="omit">Undo</p>
      <p style="margin-top: 2000px">Below, but not in a list</p>
    </div>`);
    const copied = parsed(copyScreen(el, { prefix: 'mq-', screenHeight: 800 }));
    expect(copied.textContent).to.contain('First card');
    expect(copied.textContent).not.to.contain('Far below');
    expect(copied.textContent).not.to.contain('Undo');
    expect(copied.textContent).to.contain('Below, but not in a list');
  });

  it('shows what the fields hold now, never a password, and only the rules a copy can use', async () => {
    const el = await fixture(html`<div><mq-copy-test-form></mq-copy-test-form></div>`);
    const copy = copyScreen(el, { prefix: 'mq-', screenHeight: innerHeight });
    expect(copy).not.to.contain('secret');
    expect(copy).not.to.contain(':hover');
    expect(copy).not.to.contain('never-rendered');
    const form = parsed(copy).querySelector('mq-copy-test-form-copy')!.shadowRoot!;
    const [text, box] = form.querySelectorAll('input');
    expect(text!.value).to.equal('typed');
    expect(box!.checked).to.equal(true);
    expect(getComputedStyle(text!).color).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(form.host).display).to.equal('block');
  });
});

describe('copyScreen, on what is no longer true at the next start', () => {
  afterEach(() => {
    for (const holder of holders.splice(0)) holder.remove();
  });

  it('keeps the room of an age and of a status marked blank, not their words', async () => {
    const el = await fixture(html`<div>
      <mq-payload-view .record=${topicRecord('x', 'ON')}></mq-payload-view>
      <p>Reported <time datetime="2026-12-07T10:00:00.000Z">5 s ago</time> · retained</p>
      <p data-screen-copy="blank">Connected to ws://127.0.0.1:9001</p>
    </div>`);
    // The copy's root here is not a view: put it in one, as the app's root is.
    const holder = document.createElement('div');
    holder.attachShadow({ mode: 'open' }).append(el);
    document.body.append(holder);
    holders.push(holder);
    const copied = parsed(copyScreen(holder, { prefix: 'mq-', screenHeight: innerHeight })).querySelector('div')!.shadowRoot!;
    const age = copied.querySelector('time')!;
    const status = copied.querySelector<HTMLElement>('[data-screen-copy="blank"]:not(time)')!;
    expect(getComputedStyle(age).visibility).to.equal('hidden');
    expect(age.getBoundingClientRect().width).to.be.greaterThan(0);
    expect(getComputedStyle(status).visibility).to.equal('hidden');
    expect(status.getBoundingClientRect().height).to.be.greaterThan(0);
    expect(getComputedStyle(copied.querySelector('p')!).visibility).to.equal('visible');
  });
});

describe('renameElementsInCss', () => {
  it('renames the custom elements a selector names, not custom properties, classes or ids', () => {
    expect(renameElementsInCss('mq-topic-list { color: var(--mq-text); } .mq-x, #mq-y, mq-publish-form:not(:defined) {}', 'mq-')).to.equal(
      'mq-topic-list-copy { color: var(--mq-text); } .mq-x, #mq-y, mq-publish-form-copy:not(:defined) {}',
    );
  });
});
