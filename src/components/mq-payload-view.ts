import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { NO_MESSAGES, type PayloadView } from '../entities/entity.js';
import { textToHex, type JsonValue } from '../mqtt/payload.js';
import type { TopicRecord } from '../topics/topic-record.js';
import { fieldStyles } from './theme.js';

/** Fired when the user picks another way to show the payload. */
export class PayloadViewChangeEvent extends Event {
  static readonly type = 'mq-payload-view-change';
  constructor(readonly view: PayloadView) {
    super(PayloadViewChangeEvent.type, { bubbles: true, composed: true });
  }
}

const VIEWS: readonly { readonly view: PayloadView; readonly label: string }[] = [
  { view: 'auto', label: 'Auto' },
  { view: 'text', label: 'Text' },
  { view: 'json', label: 'JSON' },
  { view: 'hex', label: 'Hex' },
];

/** A key in a dot path (for views that pick values) (`ENERGY.Power`, `list[0]`): dots, brackets and backslashes escaped. */
export function pathOf(parent: string, key: string, index: boolean): string {
  if (index) return `${parent}[${key}]`;
  const escaped = key.replace(/[\\.[\]]/g, (c) => `\\${c}`);
  return parent === '' ? escaped : `${parent}.${escaped}`;
}

/** JSON nested deeper than this is shown as its text: a payload cannot make the page deep. */
const MAX_JSON_DEPTH = 12;

/**
 * One payload, shown as text, as collapsible JSON, or as hex, always as text and never as
 * markup; `No messages` before the first. The view switch is a group of radio buttons.
 * @fires mq-payload-view-change - the user chose another view (PayloadViewChangeEvent)
 * @csspart value - the shown payload
 */
@customElement('mq-payload-view')
export class MqPayloadView extends LitElement {
  static override styles = [
    fieldStyles,
    css`
      :host {
        display: block;
      }
      .value {
        margin: 0;
        min-height: 2.25rem;
        max-height: 16rem;
        overflow: auto;
        font-size: 1.375rem;
        line-height: 1.4;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .value[data-shown='hex'],
      .value[data-shown='json'] {
        font-family: ui-monospace, monospace;
        font-size: 0.9375rem;
      }
      /* The JSON tree is markup of its own: the template's line breaks are not the payload's. */
      .value[data-shown='json'][data-format='json'] {
        white-space: normal;
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
        align-items: center;
        justify-content: space-between;
        margin-bottom: 0.25rem;
      }
      .caption {
        font-size: 0.875rem;
        font-weight: 600;
        color: var(--mq-muted);
      }
      .value[data-empty] {
        color: var(--mq-muted);
      }
      .switch {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        margin: 0;
        padding: 0;
        border: 0;
      }
      .switch legend {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip-path: inset(50%);
      }
      .switch label {
        margin: 0;
        padding: 0.125rem 0.625rem;
        min-height: 1.75rem;
        display: inline-flex;
        align-items: center;
        border: 1px solid var(--mq-border);
        border-radius: 1rem;
        font-size: 0.8125rem;
        font-weight: 600;
        cursor: pointer;
      }
      .switch input {
        position: absolute;
        opacity: 0;
        width: 1px;
        height: 1px;
      }
      .switch input:checked + span {
        color: var(--mq-accent-text);
      }
      .switch label:has(input:checked) {
        border-color: var(--mq-accent);
        background: var(--mq-selected-bg);
      }
      .switch label:has(input:focus-visible) {
        outline: 3px solid var(--mq-focus);
        outline-offset: 2px;
      }
      details {
        margin-left: 1rem;
      }
      details.root {
        margin-left: 0;
      }
      summary {
        cursor: pointer;
      }
      .key {
        color: var(--mq-accent-text);
      }
      .note {
        font-family: system-ui, sans-serif;
        font-size: 0.875rem;
        color: var(--mq-muted);
      }
      .leaf {
        margin-left: 1rem;
      }
    `,
  ];

  /** The message to show; undefined before the first. */
  @property({ attribute: false }) record: TopicRecord | undefined;
  /** How to show it. */
  @property() view: PayloadView = 'auto';
  /** The accessible name of the shown value, e.g. "Last message Kitchen". */
  @property() label = 'Last message';
  /** Names the switch's group, e.g. "Show payload of Kitchen as". */
  @property({ attribute: 'switch-label' }) switchLabel = 'Show payload as';
  /** Show the view switch. */
  @property({ type: Boolean, attribute: 'with-switch' }) withSwitch = false;
  /** The visible caption above the value (the accessible name is `label`). */
  @property() caption = 'Last message';

  /** What the chosen view comes to for this record. */
  private shown(): 'text' | 'json' | 'hex' {
    const record = this.record;
    if (this.view !== 'auto') return this.view;
    return record?.format ?? 'text';
  }

  /** One value of a JSON payload, at its dot path. */
  protected renderLeaf(label: TemplateResult | typeof nothing, shown: string, _path: string): TemplateResult {
    return html`<div class="leaf">${label}${shown}</div>`;
  }

  private renderJson(value: JsonValue, key: string | null, depth: number, path = ''): TemplateResult {
    const label = key === null ? nothing : html`<span class="key">${JSON.stringify(key)}</span>: `;
    if (value === null || typeof value !== 'object') {
      const shown = JSON.stringify(value);
      if (path !== '') return this.renderLeaf(label, shown, path);
      return html`<div class=${depth === 0 ? '' : 'leaf'}>${label}${shown}</div>`;
    }
    const entries: [string, JsonValue][] = Array.isArray(value)
      ? (value as JsonValue[]).map((item, index) => [String(index), item])
      : Object.entries(value);
    const size = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
    if (depth >= MAX_JSON_DEPTH) return html`<div class="leaf">${label}${JSON.stringify(value)}</div>`;
    return html`<details class=${depth === 0 ? 'root' : ''} open>
      <summary>${label}${size}</summary>
      ${entries.map(([childKey, child]) =>
        this.renderJson(child, Array.isArray(value) ? null : childKey, depth + 1, pathOf(path, childKey, Array.isArray(value))),
      )}
    </details>`;
  }

  private renderValue(record: TopicRecord, shown: 'text' | 'json' | 'hex') {
    if (shown === 'json') {
      if (record.json !== undefined) return this.renderJson(record.json, null, 0);
      return html`<span class="note">Not JSON: shown as it is.</span>\n${record.text}`;
    }
    if (shown === 'hex') return record.format === 'hex' ? record.text : textToHex(record.text);
    return record.text;
  }

  private renderSwitch() {
    return html`<fieldset class="switch">
      <legend>${this.switchLabel}</legend>
      ${VIEWS.map(
        ({ view, label }) => html`<label
          ><input
            type="radio"
            name="view"
            .checked=${this.view === view}
            @change=${() => this.dispatchEvent(new PayloadViewChangeEvent(view))}
          /><span>${label}</span></label
        >`,
      )}
    </fieldset>`;
  }

  override render() {
    const record = this.record;
    const shown = this.shown();
    return html`<div class="head">
        <span class="caption" aria-hidden="true">${this.caption}</span>
        ${this.withSwitch ? this.renderSwitch() : nothing}
      </div>
      <div
        class="value"
        part="value"
        role="group"
        aria-label=${this.label}
        data-shown=${shown}
        data-format=${record?.format ?? 'text'}
        ?data-empty=${record === undefined}
      >${record === undefined ? NO_MESSAGES : this.renderValue(record, shown)}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-payload-view': MqPayloadView;
  }
  interface HTMLElementEventMap {
    'mq-payload-view-change': PayloadViewChangeEvent;
  }
}
