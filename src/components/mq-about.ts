import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { DeviceSlice } from '../store/device.js';
import { StoreController } from './store-controller.js';
import { cardStyles, fieldStyles } from './theme.js';

/**
 * This device: install the app (button or iOS instructions), whether it works offline,
 * whether its data is kept, and what an insecure page cannot do.
 */
@customElement('mq-about')
export class MqAbout extends LitElement {
  static override styles = [
    cardStyles,
    fieldStyles,
    css`
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 1rem;
        margin: 0;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
      }
      .warning {
        color: var(--mq-danger);
      }
    `,
  ];

  private readonly device = new StoreController(this, (s) => s.device, (d) => d);

  private install(device: DeviceSlice) {
    switch (device.install) {
      case 'available':
        return html`<p class="hint">Install it to open it from your home screen, also offline.</p>
          <div class="actions">
            <button type="button" @click=${() => void this.device.commands?.install()}>Install</button>
          </div>`;
      case 'ios':
        return html`<p class="hint" id="ios-install">
          To install on iPhone or iPad: tap the Share button in Safari, then <strong>Add to Home Screen</strong>.
        </p>`;
      case 'installed':
        return html`<p class="hint">Installed on this device.</p>`;
      default:
        return nothing;
    }
  }

  override render() {
    const device = this.device.value;
    if (device === undefined) return nothing;
    const persistence =
      device.persistentStorage === null
        ? 'not decided by the browser yet'
        : device.persistentStorage
          ? 'kept: the browser will not clear it to free space'
          : 'may be cleared by the browser when space runs low';
    return html`<h2>This device</h2>
      ${device.secureContext
        ? nothing
        : html`<p class="warning" role="note">
            This page is not served over https or from localhost, so the browser does not let it work offline or be
            installed, and it cannot reach wss:// brokers with certificates it does not trust. Open it over https to
            get those.
          </p>`}
      ${this.install(device)}
      <dl>
        <dt>Network</dt>
        <dd>${device.online ? 'online' : 'offline'}</dd>
        <dt>Offline use</dt>
        <dd>${device.offlineReady ? 'ready: the app opens without a network' : 'not ready yet'}</dd>
        <dt>Saved data</dt>
        <dd>${persistence}</dd>
        ${device.version ? html`<dt>Version</dt><dd>${device.version}</dd>` : nothing}
      </dl>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-about': MqAbout;
  }
}
