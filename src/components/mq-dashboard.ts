import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { nextFrame } from '../app/frame-batch.js';
import type { EntityDragEvent, MqEntityCard } from './mq-entity-card.js';
import { StoreController } from './store-controller.js';
import { fieldStyles } from './theme.js';
import './mq-entity-card.js';

/** Cards added at a time while the first paint fills the screen. */
const CARDS_PER_STEP = 4;
/**
 * Cards added per frame after the first paint, below what is on screen. Twelve made one task
 * of some 40 ms on a slow day here, 160 ms on a phone's slower processor as Lighthouse counts
 * it: its mobile audit gave 84 to 95 with twelve and 95 to 98 with four, in alternating runs.
 */
const CARDS_PER_FRAME = 4;

/** Resolves once the frame now due has been painted (on a timer in a hidden page). */
const afterNextPaint = () => new Promise<void>((resolve) => nextFrame(() => setTimeout(resolve, 0)));

/**
 * The dashboard: every entity as a card, in the user's order (one column on a phone, a grid
 * from about 900 px), Add entity, and the add/edit form. A card is dragged by its handle
 * (pointer: mouse, pen or touch) and moves live under the pointer; Move up and Move down do
 * the same by keyboard.
 */
@customElement('mq-dashboard')
export class MqDashboard extends LitElement {
  static override styles = [
    fieldStyles,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: center;
        justify-content: space-between;
        margin-bottom: 1rem;
      }
      h2 {
        margin: 0;
        font-size: 1.125rem;
      }
      .grid {
        display: grid;
        gap: 1rem;
        grid-template-columns: minmax(0, 1fr);
        align-items: start;
      }
      @media (min-width: 56rem) {
        .grid {
          grid-template-columns: repeat(auto-fill, minmax(24rem, 1fr));
        }
      }
      mq-entity-card[data-dragging] {
        outline: 3px dashed var(--mq-accent);
        outline-offset: 2px;
        opacity: 0.85;
      }
      .empty {
        margin: 2rem 0;
        text-align: center;
        color: var(--mq-muted);
      }
    `,
  ];

  private readonly entities = new StoreController(this, (s) => s.entities, (e) => e.list);
  private readonly formOpen = new StoreController(this, (s) => s.drafts, (d) => d.entityForm !== null);
  private readonly discovering = new StoreController(this, (s) => s.discovery, (d) => d.settings.homeAssistant || d.settings.tasmota || d.settings.zigbee2mqtt);

  /** The form has been opened once: its element stays, so that closing restores the focus. */
  private formWanted = false;

  override willUpdate(): void {
    // The form is not needed to paint the dashboard: its code comes when it first opens.
    if (this.formOpen.value === true && !this.formWanted) {
      this.formWanted = true;
      void import('./mq-entity-form.js');
    }
    // What discovery found comes with its code, once a source is switched on.
    if (this.discovering.value === true) void import('./mq-discovered-devices.js');
  }
  @state() private dragging: string | null = null;

  /**
   * How many cards are in the page while it first fills: the first paint gets the cards that
   * fill the screen and no more, so a dashboard of many entities is on screen as soon as a
   * short one (the cold-start figure); the others come a few per frame after it, below the
   * screen, where nothing the user sees moves. `null` once all are in: from then on every
   * card always is, so an entity added or moved shows at once.
   */
  @state() private shownCards: number | null = CARDS_PER_STEP;
  private fillStarted = false;

  override updated(): void {
    if (this.fillStarted || this.entities.value === undefined) return;
    this.fillStarted = true;
    void this.fill();
  }

  private async fill(): Promise<void> {
    const count = () => this.entities.value?.length ?? 0;
    let shown = CARDS_PER_STEP;
    // Before the first paint (all of it runs in microtasks): cards until the last one starts
    // below the bottom of the window. Measured once the cards have rendered: a card whose
    // parts are still coming is shorter, which errs towards one more.
    while (shown < count()) {
      await this.updateComplete;
      const cards = [...this.renderRoot.querySelectorAll<MqEntityCard>('mq-entity-card')];
      await Promise.all(cards.map((card) => card.updateComplete));
      if ((cards.at(-1)?.getBoundingClientRect().top ?? 0) >= innerHeight) break;
      this.shownCards = shown += CARDS_PER_STEP;
    }
    // The rest once that is painted. A dashboard taken off the page (Settings) stops: mq-app
    // makes a new one when the dashboard is shown again.
    while (shown < count()) {
      await afterNextPaint();
      if (!this.isConnected) return;
      this.shownCards = shown += CARDS_PER_FRAME;
    }
    this.shownCards = null;
  }

  /** Follows the pointer until it is released, moving the card to the one it is over. */
  private drag(event: EntityDragEvent): void {
    const { entityId, pointer } = event;
    this.dragging = entityId;
    // On the window, not captured by the handle: moving the card in the DOM ends a capture.
    const move = (e: PointerEvent) => {
      if (e.pointerId !== pointer.pointerId) return;
      const cards = [...this.renderRoot.querySelectorAll<HTMLElement>('mq-entity-card')];
      const over = cards.findIndex((card) => {
        const box = card.getBoundingClientRect();
        return e.clientX >= box.left && e.clientX <= box.right && e.clientY >= box.top && e.clientY <= box.bottom;
      });
      const from = this.entities.value?.findIndex((entity) => entity.id === entityId) ?? -1;
      if (over !== -1 && over !== from) void this.entities.commands?.moveEntity(entityId, over);
    };
    const end = (e: PointerEvent) => {
      if (e.pointerId !== pointer.pointerId) return;
      removeEventListener('pointermove', move);
      removeEventListener('pointerup', end);
      removeEventListener('pointercancel', end);
      this.dragging = null;
    };
    addEventListener('pointermove', move);
    addEventListener('pointerup', end);
    addEventListener('pointercancel', end);
  }

  override render() {
    const list = this.entities.value;
    if (list === undefined) return nothing;
    return html`<div class="bar">
        <h2>Dashboard</h2>
        <button type="button" @click=${() => this.entities.commands?.openEntityForm(null)}>Add entity</button>
      </div>
      ${list.length === 0
        ? html`<p class="empty">No entities yet. Add one to follow a topic or a filter such as home/#.</p>`
        : nothing}
      <div class="grid" data-screen-copy="in-view" @mq-entity-drag=${this.drag}>
        ${repeat(
          this.shownCards === null ? list : list.slice(0, this.shownCards),
          (entity) => entity.id,
          (entity, index) => html`<mq-entity-card
            .entity=${entity}
            .index=${index}
            .count=${list.length}
            ?data-dragging=${this.dragging === entity.id}
          ></mq-entity-card>`,
        )}
      </div>
      ${this.discovering.value === true ? html`<mq-discovered-devices></mq-discovered-devices>` : nothing}
      ${this.formWanted ? html`<mq-entity-form data-screen-copy="omit"></mq-entity-form>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-dashboard': MqDashboard;
  }
}
