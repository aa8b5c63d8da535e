import { css, html, type nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { MqPayloadView } from './mq-payload-view.js';

/** Fired when the user taps a JSON value to use it (a sensor's field); `path` is a dot path. */
export class JsonPickEvent extends Event {
  static readonly type = 'mq-json-pick';
  constructor(readonly path: string) {
    super(JsonPickEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * A payload view whose JSON values are buttons: tapping one picks its path (`ENERGY.Power`),
 * shown pressed. The entity form's live payload; loaded with the form.
 * @fires mq-json-pick - a value was picked (JsonPickEvent)
 */
@customElement('mq-json-pick-view')
export class MqJsonPickView extends MqPayloadView {
  static override styles = [
    ...MqPayloadView.styles,
    css`
      button.pick {
        min-height: 2rem;
        margin: 0.125rem 0;
        padding: 0.125rem 0.5rem;
        font-family: inherit;
        font-weight: 400;
        text-align: start;
        color: var(--mq-text);
        background: transparent;
        border: 1px dashed var(--mq-border);
      }
      /* Said with the value (its name), not shown: the tree shows where it is. */
      .path {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip-path: inset(50%);
        white-space: nowrap;
      }
      button.pick[aria-pressed='true'] {
        background: var(--mq-selected-bg);
        border: 2px solid var(--mq-accent);
        font-weight: 600;
      }
    `,
  ];

  /** The path picked, shown pressed; or several (the fields a chart shows). */
  @property() picked = '';
  @property({ attribute: false }) pickedPaths: readonly string[] = [];

  protected override renderLeaf(label: TemplateResult | typeof nothing, shown: string, path: string): TemplateResult {
    return html`<div class="leaf">
      <button
        type="button"
        class="pick"
        aria-pressed=${path === this.picked || this.pickedPaths.includes(path) ? 'true' : 'false'}
        @click=${() => this.dispatchEvent(new JsonPickEvent(path))}
      >
        ${label}${shown}<span class="path"> (use ${path})</span>
      </button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-json-pick-view': MqJsonPickView;
  }
  interface HTMLElementEventMap {
    'mq-json-pick': JsonPickEvent;
  }
}
