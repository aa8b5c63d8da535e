import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { StoreController } from './store-controller.js';

/** Says, as an alert, when this browser cannot save the app's data; empty otherwise. */
@customElement('mq-storage-warning')
export class MqStorageWarning extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    p {
      margin: 0;
      padding: 0.75rem 1rem;
      border: 1px solid var(--mq-danger);
      border-radius: 0.5rem;
      color: var(--mq-danger);
      background: var(--mq-card-bg);
    }
  `;

  private readonly storage = new StoreController(this, (s) => s.storage, (s) => s);

  override render() {
    const problem = this.storage.value?.problem ?? '';
    return html`<div role="alert">${problem ? html`<p>${problem}</p>` : nothing}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-storage-warning': MqStorageWarning;
  }
}
