import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { StoreController } from './store-controller.js';
import { fieldStyles, toastStyles } from './theme.js';

/** After a removal: says which entity went, with Undo, for a while. Announced politely. */
@customElement('mq-undo-toast')
export class MqUndoToast extends LitElement {
  static override styles = [
    fieldStyles,
    toastStyles,
    css`
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
