import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { StoreController } from './store-controller.js';
import { fieldStyles } from './theme.js';

/** After a removal: says which entity went, with Undo, for a while. Announced politely. */
@customElement('mq-undo-toast')
export class MqUndoToast extends LitElement {
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
        overflow-wrap: anywhere;
      }
      .buttons {
        display: flex;
        gap: 0.5rem;
      }
    `,
  ];

  private readonly removed = new StoreController(this, (s) => s.entities, (e) => e.removed);

  override render() {
    const removed = this.removed.value ?? null;
    const commands = this.removed.commands;
    return html`<div aria-live="polite">
      ${removed === null
        ? nothing
        : html`<div class="toast">
            <p>Removed ${removed.entity.name}.</p>
            <div class="buttons">
              <button type="button" @click=${() => void commands?.undoRemove()}>Undo</button>
              <button type="button" class="secondary" @click=${() => commands?.dismissUndo()}>Dismiss</button>
            </div>
          </div>`}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-undo-toast': MqUndoToast;
  }
}
