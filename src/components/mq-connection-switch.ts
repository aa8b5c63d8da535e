import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { connectionLabel } from '../connections/registry.js';
import { StoreController } from './store-controller.js';
import { fieldStyles } from './theme.js';

/**
 * The header's switch between saved connections: shown once there are two. Choosing one
 * opens it in this tab.
 */
@customElement('mq-connection-switch')
export class MqConnectionSwitch extends LitElement {
  static override styles = [
    fieldStyles,
    css`
      :host {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        min-width: 0;
      }
      :host([hidden]) {
        display: none;
      }
      label {
        margin: 0;
        font-weight: normal;
        color: var(--mq-muted);
      }
      select {
        width: auto;
        max-width: 14rem;
        min-height: 2.5rem;
        margin: 0;
      }
    `,
  ];

  private readonly connections = new StoreController(this, (s) => s.connections, (c) => c);

  override render() {
    const slice = this.connections.value;
    // Hidden while there is nothing to switch to: an empty item would still take the header's
    // gaps and push the views under the title on a phone.
    this.hidden = slice === undefined || slice.list.length < 2;
    if (slice === undefined || slice.list.length < 2) return nothing;
    return html`<label for="connection-switch">Connection</label>
      <select id="connection-switch" @change=${(e: Event) => this.connections.commands?.openConnection((e.target as HTMLSelectElement).value)}>
        ${slice.list.map((c) => html`<option value=${c.id} ?selected=${c.id === slice.currentId}>${connectionLabel(c)}</option>`)}
      </select>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-connection-switch': MqConnectionSwitch;
  }
}
