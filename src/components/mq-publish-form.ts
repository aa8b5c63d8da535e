import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { asksForPublishTopic, type Entity } from '../entities/entity.js';
import type { Qos } from '../mqtt/session.js';
import { EMPTY_PUBLISH_DRAFT } from '../store/drafts.js';
import type { OutboxItem } from '../store/outbox.js';
import { StoreController } from './store-controller.js';
import { fieldStyles } from './theme.js';

const NO_ITEMS: readonly OutboxItem[] = [];

const STATE_WORDS: Record<OutboxItem['state'], string> = {
  queued: 'queued: sent when connected',
  sending: 'sending…',
  sent: 'sent',
};

/**
 * An entity's set_state: publishes the typed text (or a saved payload, with one tap) to the
 * entity's topic, or for an entity on a filter to the topic typed in Publish to, with the
 * entity's QoS and retain flag. The text is a draft in the store until it is in the outbox,
 * and the outbox (listed here, with each message's state and a Cancel for those still
 * queued) keeps it until the broker has it.
 */
@customElement('mq-publish-form')
export class MqPublishForm extends LitElement {
  static override styles = [
    fieldStyles,
    css`
      :host {
        display: block;
      }
      .send {
        display: flex;
        gap: 0.5rem;
      }
      .send input {
        flex: 1;
        min-width: 0;
      }
      .send button {
        flex: none;
      }
      .options {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1.25rem;
        align-items: center;
        margin-top: 0.5rem;
      }
      .options label {
        margin: 0;
        font-weight: 400;
      }
      .qos {
        display: flex;
        gap: 0.5rem;
        align-items: center;
      }
      .options select {
        width: auto;
        min-height: 2.5rem;
        padding: 0.25rem 0.5rem;
      }
      .saved {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-top: 0.75rem;
      }
      ol {
        list-style: none;
        margin: 0.75rem 0 0;
        padding: 0;
        display: grid;
        gap: 0.5rem;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
        align-items: center;
        justify-content: space-between;
      }
      .text {
        overflow-wrap: anywhere;
        white-space: pre-wrap;
      }
      li button {
        min-height: 2.25rem;
        padding: 0.25rem 0.75rem;
      }
      .problem:empty,
      .hint:empty {
        display: none;
      }
    `,
  ];

  /** The entity it publishes for. */
  @property({ attribute: false }) entity: Entity | undefined;

  // Each form follows its own entity's draft, outbox items and problem only: typing in one, or
  // a message going out from one, does not redraw the other entities' forms.
  private readonly draft = new StoreController(this, (s) => s.drafts, (d) => d.publish[this.entityId] ?? EMPTY_PUBLISH_DRAFT);
  private readonly outbox = new StoreController(this, (s) => s.outbox, (o) => ({
    items: this.ownItems(o.items),
    problem: o.problems[this.entityId] ?? '',
  }));
  private lastItems: readonly OutboxItem[] = NO_ITEMS;

  /** This entity's outbox items: the same array as last time while none of them changed. */
  private ownItems(all: readonly OutboxItem[]): readonly OutboxItem[] {
    const found = all.filter((i) => i.entityId === this.entityId);
    const same = found.length === this.lastItems.length && found.every((item, i) => item === this.lastItems[i]);
    if (!same) this.lastItems = found.length === 0 ? NO_ITEMS : found;
    return this.lastItems;
  }

  private get entityId(): string {
    return this.entity?.id ?? '';
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const text = this.draft.value?.text ?? '';
    await this.draft.commands?.publish(this.entityId, text);
  }

  private cancel(id: number): void {
    void this.draft.commands?.cancelQueued(id);
    // The button goes with its row: keep the keyboard user in the form, not on the page body.
    this.renderRoot.querySelector<HTMLInputElement>('#new-state')?.focus();
  }

  private item(item: OutboxItem) {
    const flags = [`QoS ${item.qos}`, ...(item.retain ? ['retained'] : [])].join(', ');
    return html`<li data-state=${item.state}>
      <span
        ><span class="text">“${item.text}”</span>
        <span class="hint">→ ${item.topic} · ${STATE_WORDS[item.state]} · ${flags}</span></span
      >
      ${item.state === 'queued'
        ? html`<button type="button" class="secondary" aria-label="Cancel “${item.text}”" @click=${() => this.cancel(item.id)}>
            Cancel
          </button>`
        : nothing}
    </li>`;
  }

  override render() {
    const entity = this.entity;
    const draft = this.draft.value;
    const outbox = this.outbox.value;
    if (entity === undefined || draft === undefined || outbox === undefined) return nothing;
    const name = entity.name;
    // A discovered text entity publishes to its command topic.
    const ownTopic = !asksForPublishTopic(entity);
    const { items } = outbox;
    const pending = items.filter((i) => i.state !== 'sent').length;
    const lastSent = items.at(-1);
    const summary =
      pending > 0
        ? `${pending} ${pending === 1 ? 'message' : 'messages'} waiting to be sent.`
        : lastSent?.state === 'sent'
          ? `Sent “${lastSent.text}” to ${lastSent.topic}.`
          : '';
    const { problem } = outbox;
    const commands = this.draft.commands;
    const { publishQos, publishRetain, savedPayloads } = entity.options;
    return html`<form @submit=${this.submit} novalidate>
      ${ownTopic
        ? nothing
        : html`<label for="publish-topic">Publish to</label>
            <input
              id="publish-topic"
              aria-label="Publish to, from ${name}"
              aria-describedby="publish-topic-hint"
              .value=${draft.topic}
              autocomplete="off"
              spellcheck="false"
              autocapitalize="off"
              @input=${(e: InputEvent) => commands?.draftPublish(entity.id, { topic: (e.target as HTMLInputElement).value })}
            />
            <p class="hint" id="publish-topic-hint">A topic without wildcards; pick one in the list to fill it in.</p>`}
      <label for="new-state">New state</label>
      <div class="send">
        <input
          id="new-state"
          aria-label="New state ${name}"
          .value=${draft.text}
          autocomplete="off"
          enterkeyhint="send"
          aria-describedby="publish-problem outbox-summary"
          @input=${(e: InputEvent) => commands?.draftPublish(entity.id, { text: (e.target as HTMLInputElement).value })}
        />
        <button type="submit" aria-label="Set state ${name}">Set state</button>
      </div>
      ${entity.device.commandTopic !== ''
        ? // A discovered entity publishes with the QoS and retain flag its config gives.
          nothing
        : html`<div class="options">
        <div class="qos">
          <label for="qos">QoS</label>
          <select
            id="qos"
            aria-label="QoS of what ${name} publishes"
            @change=${(e: Event) =>
              void commands?.updateEntityOptions(entity.id, { publishQos: Number((e.target as HTMLSelectElement).value) as Qos })}
          >
            ${([0, 1, 2] as const).map((qos) => html`<option value=${qos} ?selected=${publishQos === qos}>${qos}</option>`)}
          </select>
        </div>
        <label class="checkbox">
          <input
            type="checkbox"
            aria-label="Retain what ${name} publishes"
            .checked=${publishRetain}
            @change=${(e: Event) =>
              void commands?.updateEntityOptions(entity.id, { publishRetain: (e.target as HTMLInputElement).checked })}
          />
          Retain
        </label>
      </div>`}
      ${savedPayloads.length === 0
        ? nothing
        : html`<div class="saved" role="group" aria-label="Saved payloads of ${name}">
            ${savedPayloads.map(
              (saved) => html`<button
                type="button"
                class="secondary"
                aria-label="Publish ${saved.label}, from ${name}"
                title=${saved.payload}
                @click=${() => void commands?.publish(entity.id, saved.payload)}
              >
                ${saved.label}
              </button>`,
            )}
          </div>`}
      <p id="publish-problem" class="problem" role="alert">${problem}</p>
      <p id="outbox-summary" class="hint" aria-live="polite">${summary}</p>
      ${items.length === 0 ? nothing : html`<ol aria-label="Outbox of ${name}">${items.map((item) => this.item(item))}</ol>`}
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-publish-form': MqPublishForm;
  }
}
