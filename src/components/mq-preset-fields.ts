import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import {
  KMANOZ_NOTE,
  TASMOTA_NOTE,
  presetEntities,
  tasmotaFindings,
  tasmotaStatusTopics,
  type KmanOzBuild,
  type PresetDraft,
} from '../devices/presets.js';
import { RecordsController } from './records-controller.js';
import { StoreController } from './store-controller.js';
import { fieldStyles } from './theme.js';

const KIND_WORDS: Readonly<Record<string, string>> = { switch: 'switch', sensor: 'sensor' };

/**
 * The add form's device preset: the device topic, and for a Sonoff with KmanOz's firmware its
 * build; for Tasmota, its relays and sensors, found by asking the device (`Status 11` and
 * `Status 10`) or typed. It lists the entities Save will add.
 */
@customElement('mq-preset-fields')
export class MqPresetFields extends LitElement {
  static override styles = [
    fieldStyles,
    css`
      :host {
        display: block;
      }
      .note {
        margin: 0.75rem 0 0;
        padding: 0.5rem 0.75rem;
        border-left: 4px solid var(--mq-accent);
        background: var(--mq-selected-bg);
        font-size: 0.875rem;
      }
      ul {
        margin: 0.25rem 0 0;
        padding-left: 1.25rem;
      }
      li code {
        overflow-wrap: anywhere;
      }
    `,
  ];

  @property({ attribute: false }) preset: PresetDraft | undefined;
  /** The device's name: the entities are named after it. */
  @property() name = '';
  @property() problem = '';

  private readonly connection = new StoreController(this, (s) => s.connection, (c) => c.status === 'connected');
  /** The preset as stored: edits build on it, never on a render that is not done yet. */
  private readonly stored = new StoreController(this, (s) => s.drafts, (d) => d.entityForm?.preset);
  private readonly records = new RecordsController(this);
  /** The answers already taken into the draft, so that typing over them sticks. */
  private taken = new Set<number>();

  private get commands() {
    return this.connection.commands;
  }

  private edit(change: Partial<PresetDraft>): void {
    const preset = this.stored.value ?? this.preset;
    if (preset !== undefined) this.commands?.draftEntityPreset({ ...preset, ...change });
  }

  override willUpdate(): void {
    const preset = this.preset;
    const topic = preset?.deviceTopic.trim() ?? '';
    const watching = preset?.preset === 'tasmota' && topic !== '' && !/[/+#]/.test(topic);
    const { sensors, state } = tasmotaStatusTopics(topic);
    this.records.topics = watching ? [state, sensors] : [];
    this.commands?.previewTopics(watching ? [state, sensors] : []);
    if (!watching || preset === undefined) return;
    // The device's answers fill in its relays and sensors, once per answer.
    const stateRecord = this.records.get(state);
    const sensorsRecord = this.records.get(sensors);
    const fresh = [stateRecord, sensorsRecord].filter((r) => r !== undefined && !this.taken.has(r.seq) && r.json !== undefined);
    if (fresh.length === 0) return;
    for (const record of fresh) this.taken.add(record!.seq);
    const found = tasmotaFindings(stateRecord?.json, sensorsRecord?.json);
    this.edit({
      ...(stateRecord?.json === undefined ? {} : { relays: found.relays }),
      ...(sensorsRecord?.json === undefined ? {} : { sensors: found.sensors }),
    });
  }

  private find(): void {
    const topic = this.preset?.deviceTopic.trim() ?? '';
    if (topic === '') return;
    void this.commands?.ask(`cmnd/${topic}/STATUS`, '11');
    void this.commands?.ask(`cmnd/${topic}/STATUS`, '10');
  }

  private renderTasmota(preset: PresetDraft) {
    const connected = this.connection.value === true;
    return html`<div class="actions">
        <button type="button" class="secondary" ?disabled=${!connected || preset.deviceTopic.trim() === ''} @click=${this.find}>
          Find relays and sensors
        </button>
      </div>
      <p class="hint">
        ${connected
          ? 'Asks the device (Status 11 and Status 10) and fills in what it answers.'
          : 'Connect to ask the device for its relays and sensors; or enter the number of relays.'}
      </p>
      <label for="preset-relays">Relays</label>
      <input
        id="preset-relays"
        type="number"
        inputmode="numeric"
        min="0"
        max="8"
        .value=${String(preset.relays)}
        @input=${(e: InputEvent) => this.edit({ relays: Number((e.target as HTMLInputElement).value) })}
      />
      <p class="hint">${preset.sensors.length === 0 ? 'No sensors found (yet).' : `Sensors: ${preset.sensors.map((s) => `${s.path}${s.unit ? ` (${s.unit})` : ''}`).join(', ')}.`}</p>
      <p class="note">${TASMOTA_NOTE}</p>`;
  }

  private renderKmanOz(preset: PresetDraft) {
    const builds: [KmanOzBuild, string][] = [
      ['basic', 'Basic, S20, Touch, Dual: the relay'],
      ['th', 'TH: the relay, temperature and humidity'],
      ['pow', 'POW: the relay, power and voltage'],
    ];
    return html`<label for="preset-build">Build</label>
      <select id="preset-build" @change=${(e: Event) => this.edit({ build: (e.target as HTMLSelectElement).value as KmanOzBuild })}>
        ${builds.map(([build, label]) => html`<option value=${build} ?selected=${preset.build === build}>${label}</option>`)}
      </select>
      <p class="note">${KMANOZ_NOTE}</p>`;
  }

  override render() {
    const preset = this.preset;
    if (preset === undefined || preset.preset === 'none') return nothing;
    const placeholder = preset.preset === 'kmanoz' ? 'home/sonoff/living_room/1' : 'tasmota_1A2B3C';
    const hint =
      preset.preset === 'kmanoz'
        ? 'The MQTT topic set in the firmware; the relay listens on it and reports on …/stat.'
        : 'The device’s Topic (Configuration → MQTT), without cmnd/, stat/ or tele/.';
    const adds = this.name.trim() === '' || preset.deviceTopic.trim() === '' ? [] : presetEntities(preset, this.name);
    return html`<label for="device-topic">Device topic</label>
      <input
        id="device-topic"
        data-field="deviceTopic"
        .value=${preset.deviceTopic}
        autocomplete="off"
        spellcheck="false"
        autocapitalize="off"
        placeholder=${placeholder}
        aria-invalid=${this.problem === '' ? 'false' : 'true'}
        aria-describedby="device-topic-hint ${this.problem === '' ? '' : 'preset-problem'}"
        @input=${(e: InputEvent) => this.edit({ deviceTopic: (e.target as HTMLInputElement).value })}
      />
      <p class="hint" id="device-topic-hint">${hint}</p>
      ${this.problem === '' ? nothing : html`<p class="problem" id="preset-problem" role="alert">${this.problem}</p>`}
      ${preset.preset === 'kmanoz' ? this.renderKmanOz(preset) : this.renderTasmota(preset)}
      ${adds.length === 0
        ? nothing
        : html`<p class="hint">Save adds:</p>
            <ul aria-label="Entities the preset adds">
              ${adds.map((entity) => html`<li>${entity.name} (${KIND_WORDS[entity.kind] ?? entity.kind}, <code>${entity.device.commandTopic || entity.topic}</code>)</li>`)}
            </ul>`}`;
  }

  /** Puts the focus on the device topic. */
  focusTopic(): void {
    this.renderRoot.querySelector<HTMLElement>('#device-topic')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-preset-fields': MqPresetFields;
  }
}
