import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import './mq-about.js';
import './mq-appearance.js';
import './mq-connection-form.js';
import './mq-discovery-settings.js';
import './mq-history-settings.js';
import './mq-saved-connections.js';
import './mq-setup-transfer.js';

/**
 * Settings: the broker, the saved connections, discovery, the appearance, moving the setup, the history, and what this device allows. One column on a phone,
 * two from about 900 px.
 */
@customElement('mq-settings')
export class MqSettings extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      gap: 1rem;
      align-items: start;
    }
    @media (min-width: 56rem) {
      :host {
        grid-template-columns: 3fr 2fr;
      }
    }
    .column {
      display: grid;
      gap: 1rem;
    }
  `;

  override render() {
    return html`<mq-connection-form></mq-connection-form>
      <div class="column">
        <mq-saved-connections></mq-saved-connections>
        <mq-discovery-settings></mq-discovery-settings>
        <mq-appearance></mq-appearance>
        <mq-setup-transfer></mq-setup-transfer>
        <mq-history-settings></mq-history-settings>
        <mq-about></mq-about>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-settings': MqSettings;
  }
}
