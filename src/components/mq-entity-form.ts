import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { NO_PRESET, checkPreset, presetEntities, type PresetDraft, type PresetKind } from '../devices/presets.js';
import type { EntityDraft, EntityKind, EntityOptions, EntityProblem, PayloadView, SavedPayload } from '../entities/entity.js';
import type { Qos } from '../mqtt/session.js';
import { StoreController } from './store-controller.js';
import { fieldStyles } from './theme.js';
import './mq-device-fields.js';
import { MIB } from '../history/history.js';
import './mq-preset-fields.js';

const KINDS: readonly [EntityKind, string][] = [
  ['text', 'Text: the last message of a topic or filter'],
  ['sensor', 'Sensor: a value with its unit'],
  ['switch', 'Switch: on and off, confirmed by the device'],
  ['button', 'Button: publishes one payload'],
  ['number', 'Number: a slider or a box'],
  ['select', 'Select: one of a few options'],
  ['color', 'Colour: a light’s colour'],
];

const PRESETS: readonly [PresetKind, string][] = [
  ['none', 'None: fill in the fields'],
  ['kmanoz', 'Sonoff (KmanOz firmware)'],
  ['tasmota', 'Tasmota'],
];

const VIEWS: readonly [PayloadView, string][] = [
  ['auto', 'Automatic (JSON when it parses, hex when not text)'],
  ['text', 'Text'],
  ['json', 'JSON'],
  ['hex', 'Hex'],
];

/**
 * Add entity and Edit: a modal dialog with Name, Kind and the fields that kind needs (a text
 * entity's Topic and options; a device's topics and payloads, in mq-device-fields). While
 * adding, a Preset fills in a whole device's entities from its topic. What is typed is a draft
 * in the store until Save; a problem points at its field and keeps everything typed.
 */
@customElement('mq-entity-form')
export class MqEntityForm extends LitElement {
  static override styles = [
    fieldStyles,
    css`
      :host {
        display: contents;
      }
      dialog {
        box-sizing: border-box;
        width: min(36rem, calc(100vw - 1rem));
        max-height: calc(100dvh - 1rem);
        padding: 1rem 1.25rem;
        border: 1px solid var(--mq-border);
        border-radius: 0.75rem;
        color: var(--mq-text);
        background: var(--mq-card-bg);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 45%);
      }
      h2 {
        margin: 0 0 0.5rem;
        font-size: 1.25rem;
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
      .saved-row {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 2fr) auto;
        gap: 0.5rem;
        align-items: end;
        margin-top: 0.5rem;
      }
      .saved-row label {
        margin-top: 0;
      }
      .saved-row button {
        padding: 0.25rem 0.75rem;
      }
      .beside-select {
        margin-top: 2.25rem;
      }
      .row {
        display: grid;
        gap: 0 1rem;
        grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
      }
    `,
  ];

  private readonly form = new StoreController(this, (s) => s.drafts, (d) => d.entityForm);
  private readonly entities = new StoreController(this, (s) => s.entities, (e) => e.list);
  @state() private problem: EntityProblem | null = null;
  @state() private presetProblem = '';
  @query('dialog') private dialog!: HTMLDialogElement;

  override updated(): void {
    const form = this.form.value;
    const open = form !== null && form !== undefined;
    if (open && !this.dialog.open) {
      this.problem = null;
      this.presetProblem = '';
      this.dialog.showModal();
    } else if (!open && this.dialog.open) {
      this.dialog.close();
    }
    // Only a sensor's fields and a Tasmota preset follow topics of their own.
    const following = open && ((form.preset?.preset ?? 'none') !== 'none' || form.draft.kind !== 'text');
    if (!following) this.form.commands?.previewTopics([]);
  }

  private preset(): PresetDraft {
    return this.form.value?.preset ?? NO_PRESET;
  }

  private edit(change: Partial<EntityDraft>): void {
    const form = this.form.value;
    if (form === null || form === undefined) return;
    this.form.commands?.draftEntityForm({ ...form.draft, ...change });
    if (this.problem !== null && Object.keys(change).includes(this.problem.field)) this.problem = null;
  }

  private editOptions(change: Partial<EntityOptions>): void {
    const form = this.form.value;
    if (form === null || form === undefined) return;
    this.form.commands?.draftEntityForm({ ...form.draft, options: { ...form.draft.options, ...change } });
    if (this.problem !== null && Object.keys(change).includes(this.problem.field)) this.problem = null;
  }

  private editSaved(index: number, change: Partial<SavedPayload> | null): void {
    const saved = [...(this.form.value?.draft.options.savedPayloads ?? [])];
    if (change === null) saved.splice(index, 1);
    else saved[index] = { ...(saved[index] ?? { label: '', payload: '' }), ...change };
    this.editOptions({ savedPayloads: saved });
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const preset = this.preset();
    const name = this.form.value?.draft.name ?? '';
    if (preset.preset !== 'none') {
      this.problem = null;
      this.presetProblem = checkPreset(preset, name) ?? '';
      if (this.presetProblem === '') {
        const problem = (await this.form.commands?.addEntities(presetEntities(preset, name))) ?? null;
        this.presetProblem = problem?.reason ?? '';
      }
      await this.updateComplete;
      if (this.presetProblem !== '') {
        if (name.trim() === '') this.renderRoot.querySelector<HTMLElement>('#entity-name')?.focus();
        else this.renderRoot.querySelector('mq-preset-fields')?.focusTopic();
      }
      return;
    }
    this.problem = (await this.form.commands?.saveEntityForm()) ?? null;
    if (this.problem !== null) {
      await this.updateComplete;
      const field = this.problem.field;
      const own = this.renderRoot.querySelector<HTMLElement>(`[data-field="${field}"]`);
      if (own !== null) own.focus();
      else this.renderRoot.querySelector('mq-device-fields')?.focusField(field);
    }
  }

  private problemFor(field: EntityProblem['field']) {
    return this.problem?.field === field
      ? html`<p class="problem" id="${field}-problem" role="alert">${this.problem.reason}</p>`
      : nothing;
  }

  private describedBy(field: EntityProblem['field'], hint: string): string {
    return [hint, this.problem?.field === field ? `${field}-problem` : ''].filter(Boolean).join(' ');
  }

  private renderName(draft: EntityDraft) {
    const invalid = (field: EntityProblem['field']) => (this.problem?.field === field ? 'true' : 'false');
    return html`<label for="entity-name">Name</label>
      <input
        id="entity-name"
        data-field="name"
        .value=${draft.name}
        autocomplete="off"
        aria-invalid=${invalid('name')}
        aria-describedby=${this.describedBy('name', '')}
        @input=${(e: InputEvent) => this.edit({ name: (e.target as HTMLInputElement).value })}
      />
      ${this.problemFor('name')}`;
  }

  private renderKind(draft: EntityDraft, adding: boolean) {
    const preset = this.preset();
    return html`${adding
        ? html`<label for="entity-preset">Preset</label>
            <select
              id="entity-preset"
              aria-describedby="entity-preset-hint"
              @change=${(e: Event) => {
                this.presetProblem = '';
                this.form.commands?.draftEntityPreset({ ...preset, preset: (e.target as HTMLSelectElement).value as PresetKind });
              }}
            >
              ${PRESETS.map(([kind, label]) => html`<option value=${kind} ?selected=${preset.preset === kind}>${label}</option>`)}
            </select>
            <p class="hint" id="entity-preset-hint">A preset adds a whole device's switches and sensors from its topic.</p>`
        : nothing}
      ${preset.preset !== 'none' && adding
        ? nothing
        : html`<label for="entity-kind">Kind</label>
            <select id="entity-kind" @change=${(e: Event) => this.edit({ kind: (e.target as HTMLSelectElement).value as EntityKind })}>
              ${KINDS.map(([kind, label]) => html`<option value=${kind} ?selected=${draft.kind === kind}>${label}</option>`)}
            </select>`}`;
  }

  /** QoS and retain of what the entity publishes. */
  private renderPublishOptions(options: EntityOptions) {
    return html`<div class="row">
      <div>
        <label for="publish-qos">Publish with QoS</label>
        <select id="publish-qos" @change=${(e: Event) => this.editOptions({ publishQos: Number((e.target as HTMLSelectElement).value) as Qos })}>
          ${([0, 1, 2] as const).map((qos) => html`<option value=${qos} ?selected=${options.publishQos === qos}>${qos}</option>`)}
        </select>
      </div>
      <div>
        <label class="checkbox beside-select">
          <input
            type="checkbox"
            .checked=${options.publishRetain}
            @change=${(e: Event) => this.editOptions({ publishRetain: (e.target as HTMLInputElement).checked })}
          />
          Publish retained
        </label>
      </div>
    </div>`;
  }

  private renderStale(options: EntityOptions) {
    const invalid = this.problem?.field === 'staleAfterSeconds' ? 'true' : 'false';
    return html`<div>
      <label for="stale-after">Stale after (seconds)</label>
      <input
        id="stale-after"
        data-field="staleAfterSeconds"
        type="number"
        inputmode="numeric"
        min="1"
        .value=${options.staleAfterSeconds === null ? '' : String(options.staleAfterSeconds)}
        aria-invalid=${invalid}
        aria-describedby=${this.describedBy('staleAfterSeconds', 'stale-after-hint')}
        @input=${(e: InputEvent) => {
          const text = (e.target as HTMLInputElement).value;
          this.editOptions({ staleAfterSeconds: text === '' ? null : Number(text) });
        }}
      />
      <p class="hint" id="stale-after-hint">The value is marked stale after this long without a message. Empty: never.</p>
      ${this.problemFor('staleAfterSeconds')}
    </div>`;
  }

  private renderTextFields(draft: EntityDraft) {
    const { options } = draft;
    const invalid = (field: EntityProblem['field']) => (this.problem?.field === field ? 'true' : 'false');
    return html`<label for="entity-topic">Topic</label>
      <input
        id="entity-topic"
        data-field="topic"
        .value=${draft.topic}
        autocomplete="off"
        spellcheck="false"
        autocapitalize="off"
        placeholder="home/+/temperature"
        aria-invalid=${invalid('topic')}
        aria-describedby=${this.describedBy('topic', 'entity-topic-hint')}
        @input=${(e: InputEvent) => this.edit({ topic: (e.target as HTMLInputElement).value })}
      />
      <p class="hint" id="entity-topic-hint">
        One topic, or a filter: + stands for one level, # for every level below (home/+/temperature, home/#).
      </p>
      ${this.problemFor('topic')}
      <div class="row">
        ${this.renderStale(options)}
        <div>
          <label for="payload-view">Show payloads as</label>
          <select id="payload-view" @change=${(e: Event) => this.editOptions({ payloadView: (e.target as HTMLSelectElement).value as PayloadView })}>
            ${VIEWS.map(([view, label]) => html`<option value=${view} ?selected=${options.payloadView === view}>${label}</option>`)}
          </select>
        </div>
      </div>
      ${this.renderPublishOptions(options)}
      <fieldset>
        <legend>Saved payloads</legend>
        <p class="hint">Each becomes a button on the entity that publishes it with one tap.</p>
        ${options.savedPayloads.map(
          (saved, index) => html`<div class="saved-row">
            <div>
              <label for="saved-label-${index}">Button label</label>
              <input
                id="saved-label-${index}"
                data-field=${index === 0 ? 'savedPayloads' : nothing}
                .value=${saved.label}
                autocomplete="off"
                @input=${(e: InputEvent) => this.editSaved(index, { label: (e.target as HTMLInputElement).value })}
              />
            </div>
            <div>
              <label for="saved-payload-${index}">Payload to send</label>
              <input
                id="saved-payload-${index}"
                .value=${saved.payload}
                autocomplete="off"
                spellcheck="false"
                @input=${(e: InputEvent) => this.editSaved(index, { payload: (e.target as HTMLInputElement).value })}
              />
            </div>
            <button type="button" class="secondary" aria-label="Remove saved payload ${index + 1}" @click=${() => this.editSaved(index, null)}>
              Remove
            </button>
          </div>`,
        )}
        ${this.problemFor('savedPayloads')}
        <div class="actions">
          <button type="button" class="secondary" @click=${() => this.editSaved(options.savedPayloads.length, { label: '', payload: '' })}>
            Add a payload button
          </button>
        </div>
      </fieldset>`;
  }

  private renderBody(draft: EntityDraft, adding: boolean) {
    const preset = this.preset();
    if (adding && preset.preset !== 'none') {
      return html`<mq-preset-fields .preset=${preset} name=${draft.name} problem=${this.presetProblem}></mq-preset-fields>`;
    }
    if (draft.kind === 'text') return html`${this.renderTextFields(draft)} ${this.renderHistory(draft.options)}`;
    return html`<mq-device-fields .draft=${draft} .problem=${this.problem}></mq-device-fields>
      ${draft.kind === 'sensor' ? html`<div class="row">${this.renderStale(draft.options)}</div>` : this.renderPublishOptions(draft.options)}
      ${this.renderHistory(draft.options)}`;
  }

  /** Whether and how much of the entity's messages this device keeps (per topic). */
  private renderHistory(options: EntityOptions) {
    const history = options.history;
    // Read at the event, not at the render: two changes within a frame both count.
    const edit = (change: Partial<EntityOptions['history']>) =>
      this.editOptions({ history: { ...(this.form.value?.draft.options.history ?? history), ...change } });
    const invalid = this.problem?.field === 'history' ? 'true' : 'false';
    return html`<fieldset>
      <legend>History</legend>
      <label class="checkbox">
        <input type="checkbox" .checked=${history.keep} @change=${(e: Event) => edit({ keep: (e.target as HTMLInputElement).checked })} />
        Keep a history on this device
      </label>
      ${history.keep
        ? html`<div class="row">
            <div>
              <label for="history-messages">Messages to keep</label>
              <input
                id="history-messages"
                data-field="history"
                type="number"
                inputmode="numeric"
                min="1"
                .value=${String(history.maxMessages)}
                aria-invalid=${invalid}
                aria-describedby=${this.describedBy('history', 'history-hint')}
                @input=${(e: InputEvent) => edit({ maxMessages: Number((e.target as HTMLInputElement).value) })}
              />
            </div>
            <div>
              <label for="history-size">Size to keep (MiB)</label>
              <input
                id="history-size"
                type="number"
                inputmode="decimal"
                min="0.1"
                step="0.1"
                .value=${String(Number((history.maxBytes / MIB).toFixed(2)))}
                aria-invalid=${invalid}
                aria-describedby=${this.describedBy('history', 'history-hint')}
                @input=${(e: InputEvent) => edit({ maxBytes: Math.round(Number((e.target as HTMLInputElement).value) * MIB) })}
              />
            </div>
          </div>`
        : nothing}
      <p class="hint" id="history-hint">Per topic of this entity: past either limit the oldest messages go first. Settings has the budget for all entities together.</p>
      ${this.problemFor('history')}
    </fieldset>`;
  }

  override render() {
    const form = this.form.value ?? null;
    const editing = form?.entityId == null ? undefined : this.entities.value?.find((e) => e.id === form.entityId);
    const title = form === null ? '' : editing === undefined ? 'Add entity' : `Edit ${editing.name}`;
    return html`<dialog aria-labelledby="entity-form-title" @cancel=${() => this.form.commands?.closeEntityForm()}>
      ${form === null
        ? nothing
        : html`<form @submit=${this.save} novalidate>
            <h2 id="entity-form-title">${title}</h2>
            ${this.renderName(form.draft)} ${this.renderKind(form.draft, editing === undefined)} ${this.renderBody(form.draft, editing === undefined)}
            <div class="actions">
              <button type="submit">Save</button>
              <button type="button" class="secondary" @click=${() => this.form.commands?.closeEntityForm()}>Cancel</button>
            </div>
          </form>`}
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-entity-form': MqEntityForm;
  }
}
