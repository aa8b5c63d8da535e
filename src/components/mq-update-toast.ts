import { LitElement, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { StoreController } from './store-controller.js';
import { fieldStyles, toastStyles } from './theme.js';

/**
 * Tells the user that a new version is ready and lets them choose when to reload (never
 * automatic: typed input is saved as drafts, and the user decides when). Announced politely.
 */
@customElement('mq-update-toast')
export class MqUpdateToast extends LitElement {
  static override styles = [fieldStyles, toastStyles];


  private readonly updateReady = new StoreController(this, (s) => s.device, (d) => d.updateAvailable);

  override render() {
    return html`<div aria-live="polite">
      ${this.updateReady.value
        ? html`<div class="toast">
            <p>Update available. Reload to use the new version; what you typed is kept.</p>
            <button type="button" @click=${() => void this.updateReady.commands?.applyUpdate()}>Reload</button>
          </div>`
        : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-update-toast': MqUpdateToast;
  }
}
