import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/components/mq-payload-view.js';
import type { MqPayloadView, PayloadViewChangeEvent } from '../../src/components/mq-payload-view.js';
import { topicRecord } from '../support/fake-session.js';

const value = (el: MqPayloadView) => el.shadowRoot!.querySelector<HTMLElement>('[part=value]')!;

describe('<mq-payload-view>', () => {
  it('shows No messages without a record', async () => {
    const el = await fixture<MqPayloadView>(html`<mq-payload-view label="Last message Hall"></mq-payload-view>`);
    expect(value(el).textContent).to.equal('No messages');
    expect(value(el).getAttribute('aria-label')).to.equal('Last message Hall');
  });

  it('shows a payload that is not text as hex', async () => {
    const record = topicRecord('x', 'ff fe 00 41', { format: 'hex', byteLength: 4 });
    const el = await fixture<MqPayloadView>(html`<mq-payload-view .record=${record}></mq-payload-view>`);
    expect(value(el).textContent).to.equal('ff fe 00 41');
  });

  it('says when a payload is not JSON in the JSON view, and shows it as text', async () => {
    const el = await fixture<MqPayloadView>(html`<mq-payload-view view="json" .record=${topicRecord('x', 'ON')}></mq-payload-view>`);
    expect(value(el).innerText).to.equal('Not JSON: shown as it is.\nON');
  });

  it('renders JSON keys and strings that hold markup as text', async () => {
    const json = { '<b>key</b>': '<img src=x onerror="window.__pwnedJson=1">' };
    const record = topicRecord('x', JSON.stringify(json), { format: 'json', json });
    const el = await fixture<MqPayloadView>(html`<mq-payload-view .record=${record}></mq-payload-view>`);
    expect(value(el).querySelector('img, b')).to.equal(null);
    expect(value(el).textContent).to.contain('<img src=x');
    expect((window as { __pwnedJson?: number }).__pwnedJson).to.equal(undefined);
  });

  it('folds nested JSON, and stops at a depth a page can show', async () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 30; i++) deep = { level: deep };
    const record = topicRecord('x', JSON.stringify(deep), { format: 'json', json: deep as never });
    const el = await fixture<MqPayloadView>(html`<mq-payload-view .record=${record}></mq-payload-view>`);
    expect(value(el).querySelectorAll('details').length).to.equal(12);
  });

  it('tells which view was picked', async () => {
    const el = await fixture<MqPayloadView>(html`<mq-payload-view with-switch></mq-payload-view>`);
    const hex = [...el.shadowRoot!.querySelectorAll('label')].find((label) => label.textContent?.trim() === 'Hex')!;
    setTimeout(() => hex.click());
    const event = (await oneEvent(el, 'mq-payload-view-change')) as unknown as PayloadViewChangeEvent;
    expect(event.view).to.equal('hex');
  });
});
