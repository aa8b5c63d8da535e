import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { StoreController } from './store-controller.js';
import { fieldStyles } from './theme.js';

/**
 * Tells the user that a new version is ready and lets them choose when to reload (never
 * automatic: typed input is saved as drafts, and the user decides when). Announced politely.
 */
@customElement('mq-update-toast')
export class MqUpdateToast extends LitElement {
  static override styles = [
    fieldStyles,
    css`
      :host {
        display: block;
        position: fixed;
        inset: auto 1rem 1rem 1rem;
        z-index: 2;
        pointer-events: none;
      }
      .toast {
        pointer-events: auto;
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: center;
        justify-content: space-between;
        max-width: 32rem;
        margin: 0 auto;
        padding: 0.75rem 1rem;
        border: 1px solid var(--mq-border);
        border-radius: 0.75rem;
        background: var(--mq-card-bg);
        box-shadow: 0 4px 16px rgb(0 0 0 / 25%);
      }
      p {
        margin: 0;
      }
    `,
  ];

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
