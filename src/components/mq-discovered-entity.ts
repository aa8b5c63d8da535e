import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { DiscoveredEntity } from '../discovery/discovered.js';
import { RecordsController } from './records-controller.js';
import { StoreController } from './store-controller.js';
import { fieldStyles } from './theme.js';
import './mq-device-control.js';
import './mq-publish-form.js';

/**
 * One discovered entity in its device's group: its name, its control (a sensor's value, a
 * switch, a number…; a text entity's last value and a publish form), what of it is not shown
 * yet, and behind More (to keep a device of many entities short on a phone) Hide, Copy to
 * my entities and History, each named after the entity. Names and values come from the
 * broker: rendered as text, never as markup.
 */
@customElement('mq-discovered-entity')
export class MqDiscoveredEntity extends LitElement {
  static override styles = [
    fieldStyles,
    css`
      :host {
        display: block;
        padding: 0.75rem 0;
        border-top: 1px solid var(--mq-border-soft);
      }
      header {
        display: flex;
        gap: 0.5rem;
        align-items: start;
        justify-content: space-between;
      }
      h4 {
        margin: 0 0 0.375rem;
        font-size: 1rem;
        overflow-wrap: anywhere;
      }
      .more {
        flex: none;
        min-height: 2.25rem;
        min-width: 2.75rem;
        padding: 0 0.5rem;
        font-size: 1.125rem;
        line-height: 1;
      }
      .text {
        margin: 0;
        font-size: 1.125rem;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .note {
        margin: 0.25rem 0 0;
        font-size: 0.8125rem;
        color: var(--mq-muted);
      }
      .tools {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.5rem;
        margin-top: 0.5rem;
      }
      .tools button {
        min-height: 2.5rem;
        padding: 0.25rem 0.75rem;
        font-size: 0.875rem;
      }
      mq-publish-form {
        margin-top: 0.5rem;
      }
    `,
  ];

  /** What discovery found. */
  @property({ attribute: false }) found: DiscoveredEntity | undefined;
  @state() private historyOpen = false;
  @state() private toolsOpen = false;

  private readonly records = new RecordsController(this);
  private readonly commandsOf = new StoreController(this, (s) => s.discovery, () => null);

  override willUpdate(): void {
    const entity = this.found?.entity;
    if (entity?.kind === 'text') this.records.topics = [entity.topic];
  }

  override render() {
    const found = this.found;
    if (found === undefined) return nothing;
    const { entity } = found;
    const commands = this.commandsOf.commands;
    const record = entity.kind === 'text' ? this.records.get(entity.topic) : undefined;
    return html`<header>
        <h4>${entity.name}</h4>
        <button
          type="button"
          class="secondary more"
          aria-label="More for ${entity.name}"
          aria-expanded=${this.toolsOpen ? 'true' : 'false'}
          title="Hide, copy, history"
          @click=${() => (this.toolsOpen = !this.toolsOpen)}
        >
          <span aria-hidden="true">⋯</span>
        </button>
      </header>
      ${entity.kind === 'text'
        ? html`<p class="text" role="group" aria-label="${entity.name} value">${record?.text ?? 'No value yet'}</p>
            <mq-publish-form .entity=${entity}></mq-publish-form>`
        : html`<mq-device-control compact data-kind=${entity.kind} .entity=${entity} .now=${Date.now()}></mq-device-control>`}
      ${found.note === '' ? nothing : html`<p class="note">${found.note}</p>`}
      ${this.toolsOpen
        ? html`<div class="tools">
        <button type="button" class="secondary" aria-label="Hide ${entity.name}" @click=${() => void commands?.showDiscovered(entity.id, false)}>Hide</button>
        <button type="button" class="secondary" aria-label="Copy to my entities: ${entity.name}" @click=${() => commands?.copyDiscovered(entity.id)}>
          Copy to my entities
        </button>
        <button
          type="button"
          class="secondary"
          aria-label="History of ${entity.name}"
          aria-expanded=${this.historyOpen ? 'true' : 'false'}
          @click=${() => {
            void import('./mq-entity-history.js');
            this.historyOpen = !this.historyOpen;
          }}
        >
          History
        </button>
      </div>`
        : nothing}
      ${this.historyOpen ? html`<mq-entity-history .entity=${entity}></mq-entity-history>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-discovered-entity': MqDiscoveredEntity;
  }
}
