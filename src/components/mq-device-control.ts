import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatAge } from '../app/format-age.js';
import { describeSwitch, describeValue, unavailableWords, type ControlDisplay } from '../devices/control-display.js';
import { readAvailability, readColour, readReported, readSensor, readSwitch, stateSources } from '../devices/readings.js';
import type { Entity } from '../entities/entity.js';
import type { TopicRecord } from '../topics/topic-record.js';
import { RecordsController } from './records-controller.js';
import { StoreController } from './store-controller.js';
import { fieldStyles } from './theme.js';

/**
 * A device entity's control: a sensor's value with its unit, a switch (role `switch`, named by
 * the entity), a button, a number (slider or box) or a select. It shows what the device
 * reported and, in words announced as they change, a command on its way (Queued, Pending…,
 * No answer) or why the device is unavailable, when its controls are disabled.
 */
@customElement('mq-device-control')
export class MqDeviceControl extends LitElement {
  static override styles = [
    fieldStyles,
    css`
      :host {
        display: block;
      }
      .reading {
        margin: 0;
        font-size: 2rem;
        font-weight: 600;
        line-height: 1.2;
        overflow-wrap: anywhere;
        white-space: pre-wrap;
      }
      :host([compact]) .reading {
        font-size: 1.375rem;
      }
      .reading[data-empty] {
        font-size: 1.375rem;
        font-weight: 400;
        color: var(--mq-muted);
      }
      .words {
        margin: 0.5rem 0 0;
        min-height: 1.3rem;
        font-size: 0.875rem;
        color: var(--mq-muted);
        overflow-wrap: anywhere;
      }
      .words.quiet {
        position: absolute;
        width: 1px;
        height: 1px;
        min-height: 0;
        margin: 0;
        overflow: hidden;
        clip-path: inset(50%);
        white-space: nowrap;
      }
      .words[data-tone='warn'] {
        color: var(--mq-warn);
        font-weight: 600;
      }
      .words[data-tone='danger'] {
        color: var(--mq-danger);
        font-weight: 600;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: center;
      }
      [role='switch'] {
        display: inline-flex;
        align-items: center;
        gap: 0.75rem;
        min-height: 3rem;
        padding: 0.25rem 1rem 0.25rem 0.375rem;
        border-radius: 2rem;
        border-color: var(--mq-border);
        background: var(--mq-field-bg);
        color: var(--mq-text);
      }
      .track {
        position: relative;
        width: 3.25rem;
        height: 2rem;
        border-radius: 1rem;
        background: var(--mq-border-soft);
        border: 1px solid var(--mq-border);
        transition: background 120ms;
      }
      .thumb {
        position: absolute;
        top: 0.1875rem;
        left: 0.1875rem;
        width: 1.5rem;
        height: 1.5rem;
        border-radius: 50%;
        background: var(--mq-muted);
        transition: transform 120ms;
      }
      [aria-checked='true'] .track {
        background: var(--mq-accent);
        border-color: var(--mq-accent);
      }
      [aria-checked='true'] .thumb {
        transform: translateX(1.25rem);
        background: var(--mq-on-accent);
      }
      [data-known='false'] .thumb {
        transform: translateX(0.625rem);
      }
      [aria-busy='true'] .thumb {
        outline: 3px dashed var(--mq-accent-text);
        outline-offset: 2px;
      }
      .state {
        font-size: 1.125rem;
      }
      input[type='range'] {
        flex: 1;
        min-width: 10rem;
        padding: 0;
        border: 0;
        background: transparent;
        accent-color: var(--mq-accent);
      }
      input[type='number'] {
        width: 8rem;
      }
      .shown {
        min-width: 4rem;
        font-size: 1.125rem;
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
      select {
        max-width: 20rem;
      }
      input[type='color'] {
        width: 4rem;
        height: 2.75rem;
        padding: 0.125rem;
        border: 1px solid var(--mq-border);
        border-radius: 0.5rem;
        background: var(--mq-field-bg);
      }
      .meta {
        margin: 0.25rem 0 0;
        font-size: 0.8125rem;
        color: var(--mq-muted);
      }
    `,
  ];

  @property({ attribute: false }) entity: Entity | undefined;
  /** The time the card shows ages against. */
  @property({ type: Number }) now = Date.now();

  /** A number being dragged or typed, not yet sent. */
  @state() private typed: string | null = null;
  /** A button with a confirmation, asked. */
  @state() private asking = false;

  private readonly records = new RecordsController(this);
  private readonly control = new StoreController(this, (s) => s.controls, (c) => ({
    pending: this.entity === undefined ? undefined : c.pending[this.entity.id],
    optimistic: this.entity === undefined ? undefined : c.optimistic[this.entity.id],
  }));
  private readonly queued = new StoreController(this, (s) => s.outbox, (o) =>
    o.items.filter((item) => item.entityId === this.entity?.id && item.state !== 'sent').length,
  );

  override willUpdate(): void {
    const entity = this.entity;
    if (entity === undefined) return;
    this.records.topics = [
      ...stateSources(entity).map((s) => s.topic),
      entity.availability?.topic ?? '',
      ...(entity.device.moreAvailability ?? []).map((a) => a.topic),
    ];
  }

  private get commands() {
    return this.control.commands;
  }

  /** `quiet`: the words only repeat what the control shows; said to screen readers, not shown twice. */
  private renderWords(display: Pick<ControlDisplay, 'words' | 'disabled'>, tone: 'warn' | 'danger' | '' = '', quiet = false) {
    return html`<p class="words ${quiet ? 'quiet' : ''}" id="words" role="status" data-tone=${display.disabled ? 'danger' : tone}>${display.words}</p>`;
  }

  private renderAge(record: TopicRecord | undefined) {
    if (record === undefined) return nothing;
    const when = new Date(record.receivedAt);
    return html`<p class="meta">
      Reported <time datetime=${when.toISOString()} title=${when.toLocaleString()}>${formatAge(record.receivedAt, this.now)}</time>
      ${record.retained ? '· retained' : ''}
    </p>`;
  }

  private renderSensor(entity: Entity) {
    const reading = readSensor(entity, this.records.get);
    const unavailable = unavailableWords(entity, readAvailability(entity, this.records.get));
    return html`<p class="reading" role="group" aria-label="${entity.name} value" ?data-empty=${reading === null}>${reading?.shown ?? 'No value yet'}</p>
      ${unavailable !== null
        ? this.renderWords({ words: unavailable, disabled: true })
        : reading !== null && reading.note !== ''
          ? this.renderWords({ words: reading.note, disabled: false }, 'warn')
          : nothing}
      ${this.renderAge(reading?.record)}`;
  }

  private renderSwitch(entity: Entity) {
    const reading = readSwitch(entity, this.records.get, this.records.lastFound);
    const { pending, optimistic } = this.control.value ?? {};
    const display = describeSwitch(entity, reading, pending, optimistic, readAvailability(entity, this.records.get));
    const tone = pending?.state === 'no-answer' || (reading !== null && reading.state === null) ? 'warn' : '';
    return html`<div class="row">
        <button
          type="button"
          role="switch"
          aria-label=${entity.name}
          aria-checked=${display.checked === true ? 'true' : 'false'}
          aria-describedby="words"
          aria-busy=${display.busy ? 'true' : 'false'}
          data-known=${display.checked === null ? 'false' : 'true'}
          ?disabled=${display.disabled}
          @click=${() => void this.commands?.toggleSwitch(entity.id)}
        >
          <span class="track" aria-hidden="true"><span class="thumb"></span></span>
          <span class="state" aria-hidden="true">${display.checked === null ? '?' : display.checked ? 'On' : 'Off'}</span>
        </button>
      </div>
      ${this.renderWords(display, tone, display.words === 'On' || display.words === 'Off')} ${this.renderAge(reading?.record)}`;
  }

  private renderButton(entity: Entity) {
    const unavailable = unavailableWords(entity, readAvailability(entity, this.records.get));
    const disabled = unavailable !== null;
    const queued = this.queued.value ?? 0;
    const press = () => {
      this.asking = false;
      void this.commands?.pressButton(entity.id);
    };
    const words = unavailable !== null
      ? unavailable
      : queued > 0
        ? `Queued: ${entity.device.pressPayload} goes to ${entity.device.commandTopic} once connected.`
        : `Publishes ${entity.device.pressPayload} to ${entity.device.commandTopic}.`;
    return html`<div class="row">
        ${this.asking
          ? html`<span>Press ${entity.name}?</span>
              <button type="button" aria-label="Yes, press ${entity.name}" @click=${press}>Yes, press</button>
              <button type="button" class="secondary" @click=${() => (this.asking = false)}>Cancel</button>`
          : html`<button
              type="button"
              aria-label="Press ${entity.name}"
              aria-describedby="words"
              ?disabled=${disabled}
              @click=${() => (entity.device.confirm ? (this.asking = true) : press())}
            >
              Press
            </button>`}
      </div>
      ${this.renderWords({ words, disabled })}`;
  }

  /** The value a number or select shows: what is being typed, then what was sent, then what was reported. */
  private shownValue(reported: string | null): string {
    const pending = this.control.value?.pending;
    return this.typed ?? (pending !== undefined && pending.state !== 'no-answer' ? pending.target : (reported ?? ''));
  }

  private send(entity: Entity, value: string): void {
    this.typed = null;
    void this.commands?.setControlValue(entity.id, value);
  }

  private renderNumber(entity: Entity) {
    const reported = readReported(entity, this.records.get, this.records.lastFound);
    const display = describeValue(entity, reported?.value ?? null, this.control.value?.pending, readAvailability(entity, this.records.get));
    const { min, max, step, mode, unit } = entity.device;
    const value = this.shownValue(reported?.value ?? null);
    const input =
      mode === 'slider'
        ? html`<input
              type="range"
              aria-label=${entity.name}
              aria-describedby="words"
              min=${min}
              max=${max}
              step=${step}
              .value=${value === '' ? String(min) : value}
              aria-valuetext=${value === '' ? 'not reported' : `${value}${unit === '' ? '' : ` ${unit}`}`}
              ?disabled=${display.disabled}
              @input=${(e: InputEvent) => (this.typed = (e.target as HTMLInputElement).value)}
              @change=${(e: Event) => this.send(entity, (e.target as HTMLInputElement).value)}
            />
            <span class="shown" aria-hidden="true">${value === '' ? '–' : `${value}${unit === '' ? '' : ` ${unit}`}`}</span>`
        : html`<form
            class="row"
            @submit=${(e: SubmitEvent) => {
              e.preventDefault();
              const field = (e.target as HTMLFormElement).querySelector('input')!;
              if (field.value !== '' && field.checkValidity()) this.send(entity, field.value);
            }}
          >
            <input
              type="number"
              inputmode="decimal"
              aria-label=${entity.name}
              aria-describedby="words"
              min=${min}
              max=${max}
              step=${step}
              .value=${value}
              ?disabled=${display.disabled}
              @input=${(e: InputEvent) => (this.typed = (e.target as HTMLInputElement).value)}
            />
            <button type="submit" aria-label="Set ${entity.name}" ?disabled=${display.disabled}>Set</button>
          </form>`;
    return html`<div class="row">${input}</div>
      ${this.renderWords(display, this.control.value?.pending?.state === 'no-answer' ? 'warn' : '')} ${this.renderAge(reported?.record)}`;
  }

  private renderSelect(entity: Entity) {
    const reported = readReported(entity, this.records.get, this.records.lastFound);
    const display = describeValue(entity, reported?.value ?? null, this.control.value?.pending, readAvailability(entity, this.records.get));
    const value = this.shownValue(reported?.value ?? null);
    const choices = entity.device.choices;
    // A reported value outside the choices is shown as it is, not replaced by the first choice.
    const extra = value !== '' && !choices.includes(value) ? [value] : [];
    return html`<div class="row">
        <select
          aria-label=${entity.name}
          aria-describedby="words"
          ?disabled=${display.disabled}
          @change=${(e: Event) => this.send(entity, (e.target as HTMLSelectElement).value)}
        >
          ${value === '' ? html`<option value="" selected disabled>Not reported yet</option>` : nothing}
          ${[...choices, ...extra].map((choice) => html`<option .value=${choice} ?selected=${choice === value}>${choice}</option>`)}
        </select>
      </div>
      ${this.renderWords(display, this.control.value?.pending?.state === 'no-answer' ? 'warn' : '')} ${this.renderAge(reported?.record)}`;
  }

  private renderColour(entity: Entity) {
    const reported = readColour(entity, this.records.get, this.records.lastFound);
    const shown = reported === null ? null : (reported.colour ?? reported.raw);
    const display = describeValue(entity, shown, this.control.value?.pending, readAvailability(entity, this.records.get));
    const value = this.shownValue(reported?.colour ?? null);
    return html`<div class="row">
        <input
          type="color"
          aria-label=${entity.name}
          aria-describedby="words"
          .value=${value === '' ? '#000000' : value}
          ?disabled=${display.disabled}
          @input=${(e: InputEvent) => (this.typed = (e.target as HTMLInputElement).value)}
          @change=${(e: Event) => this.send(entity, (e.target as HTMLInputElement).value)}
        />
        <span class="shown" aria-hidden="true">${value === '' ? '–' : value}</span>
      </div>
      ${this.renderWords(display, this.control.value?.pending?.state === 'no-answer' ? 'warn' : '')} ${this.renderAge(reported?.record)}`;
  }

  override render() {
    const entity = this.entity;
    if (entity === undefined) return nothing;
    switch (entity.kind) {
      case 'sensor':
        return this.renderSensor(entity);
      case 'switch':
        return this.renderSwitch(entity);
      case 'button':
        return this.renderButton(entity);
      case 'number':
        return this.renderNumber(entity);
      case 'select':
        return this.renderSelect(entity);
      case 'color':
        return this.renderColour(entity);
      default:
        return nothing;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-device-control': MqDeviceControl;
  }
}
