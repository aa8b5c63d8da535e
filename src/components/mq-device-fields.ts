import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { readSensor } from '../devices/readings.js';
import {
  type Availability,
  type DeviceOptions,
  type EntityDraft,
  type EntityProblem,
  type StateSource,
} from '../entities/entity.js';
import { isConcreteTopic } from '../mqtt/topic.js';
import type { JsonPickEvent } from './mq-json-pick-view.js';
import { RecordsController } from './records-controller.js';
import { StoreController } from './store-controller.js';
import { fieldStyles } from './theme.js';
import './mq-json-pick-view.js';

const NO_AVAILABILITY: Availability = { topic: '', path: '', online: 'online', offline: 'offline' };

/** "topic path" lines, one state source a line. */
function sourcesText(sources: readonly StateSource[]): string {
  return sources.map(({ topic, path }) => (path === '' ? topic : `${topic} ${path}`)).join('\n');
}

function parseSources(text: string): StateSource[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [topic = '', ...path] = line.split(/\s+/);
      return { topic, path: path.join(' ') };
    });
}

/**
 * The fields of a device entity in the add/edit form, for its kind only: a sensor's state
 * topic and the JSON value to show (picked by tapping it in the live payload, with a
 * preview), unit and decimals; a switch's command and state topics and payloads; a button's
 * payload; a number's range; a select's options; and for all, the availability topic. It
 * edits the form's draft in the store, so nothing typed is lost.
 */
@customElement('mq-device-fields')
export class MqDeviceFields extends LitElement {
  static override styles = [
    fieldStyles,
    css`
      :host {
        display: block;
      }
      fieldset {
        margin: 1rem 0 0;
        padding: 0.5rem 0.75rem 0.75rem;
        border: 1px solid var(--mq-border);
        border-radius: 0.5rem;
      }
      legend {
        font-weight: 600;
        padding: 0 0.25rem;
      }
      .row {
        display: grid;
        gap: 0 1rem;
        grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr));
      }
      textarea {
        box-sizing: border-box;
        width: 100%;
        min-height: 4.5rem;
        padding: 0.5rem 0.75rem;
        font: inherit;
        color: var(--mq-text);
        background: var(--mq-field-bg);
        border: 1px solid var(--mq-border);
        border-radius: 0.5rem;
      }
      textarea:focus-visible {
        outline: 3px solid var(--mq-focus);
        outline-offset: 2px;
      }
      .preview {
        margin-top: 0.75rem;
        padding: 0.5rem 0.75rem;
        border: 1px solid var(--mq-border-soft);
        border-radius: 0.5rem;
      }
      .preview output {
        display: block;
        font-size: 1.25rem;
        font-weight: 600;
        overflow-wrap: anywhere;
      }
    `,
  ];

  @property({ attribute: false }) draft: EntityDraft | undefined;
  @property({ attribute: false }) problem: EntityProblem | null = null;

  /** The draft as stored: edits build on it, never on a render that is not done yet. */
  private readonly form = new StoreController(this, (s) => s.drafts, (d) => d.entityForm?.draft);
  private readonly records = new RecordsController(this);

  override willUpdate(): void {
    const draft = this.draft;
    const topic = draft?.topic.trim() ?? '';
    const live = draft?.kind === 'sensor' && isConcreteTopic(topic) && topic !== '' ? topic : '';
    this.records.topics = [live];
    this.form.commands?.previewTopics(live === '' ? [] : [live]);
  }

  /** Puts the focus on a field this component shows; false when it has no such field. */
  focusField(field: EntityProblem['field']): boolean {
    const element = this.renderRoot.querySelector<HTMLElement>(`[data-field="${field}"]`);
    element?.focus();
    return element !== null;
  }

  private edit(change: Partial<EntityDraft>): void {
    const draft = this.form.value;
    if (draft !== undefined) this.form.commands?.draftEntityForm({ ...draft, ...change });
  }

  private editDevice(change: Partial<DeviceOptions>): void {
    const draft = this.form.value;
    if (draft !== undefined) this.edit({ device: { ...draft.device, ...change } });
  }

  private problemFor(field: EntityProblem['field']) {
    return this.problem?.field === field
      ? html`<p class="problem" id="${field}-problem" role="alert">${this.problem.reason}</p>`
      : nothing;
  }

  private aria(field: EntityProblem['field'], hint = '') {
    return {
      invalid: this.problem?.field === field ? 'true' : 'false',
      describedBy: [hint, this.problem?.field === field ? `${field}-problem` : ''].filter(Boolean).join(' '),
    };
  }

  /** One text field of the device options. */
  private text(id: string, label: string, key: keyof DeviceOptions, field: EntityProblem['field'] | null, hint = '', placeholder = '') {
    const value = this.draft?.device[key];
    const aria = field === null ? { invalid: 'false', describedBy: hint ? `${id}-hint` : '' } : this.aria(field, hint ? `${id}-hint` : '');
    return html`<label for=${id}>${label}</label>
      <input
        id=${id}
        data-field=${field ?? nothing}
        .value=${typeof value === 'string' ? value : ''}
        autocomplete="off"
        spellcheck="false"
        autocapitalize="off"
        placeholder=${placeholder}
        aria-invalid=${aria.invalid}
        aria-describedby=${aria.describedBy}
        @input=${(e: InputEvent) => this.editDevice({ [key]: (e.target as HTMLInputElement).value })}
      />
      ${hint === '' ? nothing : html`<p class="hint" id="${id}-hint">${hint}</p>`} ${field === null ? nothing : this.problemFor(field)}`;
  }

  /** One number field of the device options; empty is null where `nullable`. */
  private number(id: string, label: string, key: 'decimals' | 'timeoutSeconds' | 'min' | 'max' | 'step', field: EntityProblem['field'] | null) {
    const value = this.draft?.device[key];
    return html`<div>
      <label for=${id}>${label}</label>
      <input
        id=${id}
        data-field=${field ?? nothing}
        type="number"
        inputmode="decimal"
        .value=${value === null || value === undefined ? '' : String(value)}
        aria-invalid=${field === null ? 'false' : this.aria(field).invalid}
        @input=${(e: InputEvent) => {
          const text = (e.target as HTMLInputElement).value;
          this.editDevice({ [key]: text === '' ? (key === 'decimals' ? null : Number.NaN) : Number(text) });
        }}
      />
    </div>`;
  }

  private stateTopic(label: string, hint: string) {
    const draft = this.draft!;
    const aria = this.aria('topic', 'entity-topic-hint');
    return html`<label for="entity-topic">${label}</label>
      <input
        id="entity-topic"
        data-field="topic"
        .value=${draft.topic}
        autocomplete="off"
        spellcheck="false"
        autocapitalize="off"
        aria-invalid=${aria.invalid}
        aria-describedby=${aria.describedBy}
        @input=${(e: InputEvent) => this.edit({ topic: (e.target as HTMLInputElement).value })}
      />
      <p class="hint" id="entity-topic-hint">${hint}</p>
      ${this.problemFor('topic')}`;
  }

  private valuePath() {
    return this.text('value-path', 'JSON path of the value', 'valuePath', null, 'Empty: the whole payload. Nested: ENERGY.Power, DS18B20-2.Temperature.', 'AM2301.Temperature');
  }

  private commandTopic(hint: string) {
    return this.text('command-topic', 'Command topic', 'commandTopic', 'commandTopic', hint, 'cmnd/tasmota_1A2B3C/POWER');
  }

  private moreStates() {
    const device = this.draft!.device;
    const aria = this.aria('extraStates', 'more-states-hint');
    return html`<label for="more-states">More state topics</label>
      <textarea
        id="more-states"
        data-field="extraStates"
        spellcheck="false"
        autocapitalize="off"
        .value=${sourcesText(device.extraStates)}
        aria-invalid=${aria.invalid}
        aria-describedby=${aria.describedBy}
        @change=${(e: Event) => this.editDevice({ extraStates: parseSources((e.target as HTMLTextAreaElement).value) })}
      ></textarea>
      <p class="hint" id="more-states-hint">One a line: a topic, then a space and the JSON path when the state is inside JSON (stat/tasmota_1A2B3C/RESULT POWER1). The newest report wins.</p>
      ${this.problemFor('extraStates')}`;
  }

  private renderSensor() {
    const draft = this.draft!;
    const topic = draft.topic.trim();
    const record = topic === '' ? undefined : this.records.get(topic);
    const reading = record === undefined ? null : readSensor({ ...draft, id: 'preview' }, this.records.get);
    return html`${this.stateTopic('State topic', 'The topic the sensor publishes its readings on.')}
      ${this.valuePath()}
      <div class="preview">
        <mq-json-pick-view
          .record=${record}
          view="auto"
          picked=${draft.device.valuePath}
          label=${topic === '' ? 'Live payload, once a topic is entered' : `Live payload of ${topic}`}
          caption=${record?.json === undefined ? 'Live payload' : 'Live payload: tap the value to show'}
          @mq-json-pick=${(e: JsonPickEvent) => this.editDevice({ valuePath: e.path })}
        ></mq-json-pick-view>
        <p class="hint">Shown on the dashboard:</p>
        <output aria-label="Preview of the value">${reading === null ? 'Nothing received yet' : reading.shown}</output>
        ${reading !== null && reading.note !== '' ? html`<p class="hint">${reading.note}</p>` : nothing}
      </div>
      <div class="row">
        <div>${this.text('unit', 'Unit', 'unit', null, '', '°C')}</div>
        ${this.number('decimals', 'Decimals', 'decimals', null)}
      </div>`;
  }

  private renderSwitch() {
    const device = this.draft!.device;
    return html`${this.commandTopic('Where the switch publishes on and off.')}
      ${this.stateTopic('State topic', 'Where the device reports its state. Empty: the switch is optimistic and shows what it last sent.')}
      ${this.valuePath()}
      <div class="row">
        <div>${this.text('payload-on', 'Payload on', 'payloadOn', 'payloadOn')}</div>
        <div>${this.text('payload-off', 'Payload off', 'payloadOff', 'payloadOff')}</div>
      </div>
      <div class="row">
        <div>${this.text('state-on', 'State on', 'stateOn', null, `Empty: the same as Payload on (${device.payloadOn}).`)}</div>
        <div>${this.text('state-off', 'State off', 'stateOff', null, `Empty: the same as Payload off (${device.payloadOff}).`)}</div>
      </div>
      ${this.moreStates()}
      <div class="row">${this.number('timeout', 'Wait for the device (seconds)', 'timeoutSeconds', 'timeoutSeconds')}</div>
      ${this.problemFor('timeoutSeconds')}`;
  }

  private renderButton() {
    const device = this.draft!.device;
    return html`${this.commandTopic('Where a press is published.')}
      ${this.text('press-payload', 'Payload', 'pressPayload', null)}
      <label class="checkbox">
        <input type="checkbox" .checked=${device.confirm} @change=${(e: Event) => this.editDevice({ confirm: (e.target as HTMLInputElement).checked })} />
        Ask before pressing
      </label>`;
  }

  private renderNumber() {
    const device = this.draft!.device;
    return html`${this.commandTopic('Where the new value is published.')}
      ${this.stateTopic('State topic', 'Where the device reports its value.')} ${this.valuePath()}
      <div class="row">
        ${this.number('number-min', 'Minimum', 'min', 'range')} ${this.number('number-max', 'Maximum', 'max', null)}
        ${this.number('number-step', 'Step', 'step', null)}
      </div>
      ${this.problemFor('range')}
      <div class="row">
        <div>
          <label for="number-mode">Show as</label>
          <select id="number-mode" @change=${(e: Event) => this.editDevice({ mode: (e.target as HTMLSelectElement).value as 'slider' | 'box' })}>
            <option value="slider" ?selected=${device.mode === 'slider'}>Slider</option>
            <option value="box" ?selected=${device.mode === 'box'}>Box</option>
          </select>
        </div>
        <div>${this.text('unit', 'Unit', 'unit', null)}</div>
        ${this.number('timeout', 'Wait for the device (seconds)', 'timeoutSeconds', 'timeoutSeconds')}
      </div>
      ${this.problemFor('timeoutSeconds')}`;
  }

  private renderSelect() {
    const device = this.draft!.device;
    const aria = this.aria('choices', 'choices-hint');
    return html`${this.commandTopic('Where the chosen option is published.')}
      ${this.stateTopic('State topic', 'Where the device reports the option it is on.')} ${this.valuePath()}
      <label for="choices">Options</label>
      <textarea
        id="choices"
        data-field="choices"
        .value=${device.choices.join('\n')}
        aria-invalid=${aria.invalid}
        aria-describedby=${aria.describedBy}
        @input=${(e: InputEvent) => this.editDevice({ choices: (e.target as HTMLTextAreaElement).value.split('\n') })}
      ></textarea>
      <p class="hint" id="choices-hint">One a line, as the device sends and takes them.</p>
      ${this.problemFor('choices')}
      <div class="row">${this.number('timeout', 'Wait for the device (seconds)', 'timeoutSeconds', 'timeoutSeconds')}</div>
      ${this.problemFor('timeoutSeconds')}`;
  }

  private renderColour() {
    return html`${this.commandTopic('Where the chosen colour is published.')}
      ${this.text(
        'command-template',
        'Command template',
        'commandTemplate',
        null,
        'Empty: #rrggbb as it is. Or a template with {{ value }} (#rrggbb), {{ red }}, {{ green }} and {{ blue }} (0 to 255): {{ red }},{{ green }},{{ blue }}.',
        '{"color": {"hex": "{{ value }}"}}',
      )}
      ${this.stateTopic('State topic', 'Where the device reports its colour: #rrggbb, r,g,b, or JSON with r, g, b, or x and y, or hue and saturation.')}
      ${this.valuePath()}
      <div class="row">${this.number('timeout', 'Wait for the device (seconds)', 'timeoutSeconds', 'timeoutSeconds')}</div>
      ${this.problemFor('timeoutSeconds')}`;
  }

  private renderAvailability() {
    const availability = this.draft!.availability;
    const editAvailability = (change: Partial<Availability>) => this.edit({ availability: { ...(availability ?? NO_AVAILABILITY), ...change } });
    const field = (id: string, label: string, key: 'topic' | 'online' | 'offline', data?: string) => html`<label for=${id}>${label}</label>
      <input
        id=${id}
        data-field=${data ?? nothing}
        .value=${availability?.[key] ?? ''}
        autocomplete="off"
        spellcheck="false"
        autocapitalize="off"
        aria-invalid=${data !== undefined && this.problem?.field === 'availability' ? 'true' : 'false'}
        @input=${(e: InputEvent) => editAvailability({ [key]: (e.target as HTMLInputElement).value })}
      />`;
    return html`<fieldset>
      <legend>Availability</legend>
      <label class="checkbox">
        <input
          type="checkbox"
          .checked=${availability !== null}
          @change=${(e: Event) => this.edit({ availability: (e.target as HTMLInputElement).checked ? NO_AVAILABILITY : null })}
        />
        The device says when it is online (an availability topic, often its last will)
      </label>
      ${availability === null
        ? nothing
        : html`${field('availability-topic', 'Availability topic', 'topic', 'availability')}
            <div class="row">
              <div>${field('availability-online', 'Online payload', 'online')}</div>
              <div>${field('availability-offline', 'Offline payload', 'offline')}</div>
            </div>
            ${this.problemFor('availability')}`}
    </fieldset>`;
  }

  override render() {
    const draft = this.draft;
    if (draft === undefined) return nothing;
    const body =
      draft.kind === 'sensor'
        ? this.renderSensor()
        : draft.kind === 'switch'
          ? this.renderSwitch()
          : draft.kind === 'button'
            ? this.renderButton()
            : draft.kind === 'number'
              ? this.renderNumber()
              : draft.kind === 'select'
                ? this.renderSelect()
                : draft.kind === 'color'
                  ? this.renderColour()
                  : nothing;
    return html`${body}${this.renderAvailability()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-device-fields': MqDeviceFields;
  }
}
