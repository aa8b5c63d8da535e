import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { ConfigProblem } from '../app/connection-form-check.js';
import type { ConnectionConfig } from '../store/connection.js';
import { StoreController } from './store-controller.js';
import { cardStyles, fieldStyles } from './theme.js';

type LastWill = ConnectionConfig['will'];

type Field = keyof ConnectionConfig;

/**
 * The connection settings, as in Home Assistant's `mqtt:` block, with Connect and
 * Disconnect. What is typed is a draft in the store (kept across reloads) until the user
 * connects with it. No label contains another field's label (the remember checkbox avoids
 * "password", the will avoids "topic"): tools and tests find fields by label text, and
 * Topic or Password must name one field only.
 */
@customElement('mq-connection-form')
export class MqConnectionForm extends LitElement {
  static override styles = [
    cardStyles,
    fieldStyles,
    css`
      .row {
        display: grid;
        gap: 0 1rem;
        grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
      }
    `,
  ];

  private readonly app = new StoreController(this, (s) => s.connection, (c) => ({
    config: c.config,
    status: c.status,
    detail: c.detail,
  }));
  private readonly draft = new StoreController(this, (s) => s.drafts, (d) => d.connection);

  /**
   * The https address of a wss:// broker whose certificate the browser may not trust: opening
   * it lets the user accept the certificate, after which the WebSocket connects.
   */
  private certificatePage(): string | null {
    const slice = this.app.value;
    if (slice?.status !== 'error' || !slice.detail.includes('certificate is not trusted')) return null;
    const url = /wss:\/\/[^\s:]+(?::\d+)?/.exec(slice.detail)?.[0];
    return url === undefined ? null : `${url.replace(/^wss:/, 'https:')}/`;
  }

  @state() private problem: ConfigProblem | null = null;

  /** What the form shows: the draft being edited, else the saved configuration. */
  private get config(): ConnectionConfig | undefined {
    return this.draft.value ?? this.app.value?.config;
  }

  private edit(field: Field, value: string | number | boolean): void {
    const base = this.config;
    if (base === undefined) return;
    this.app.commands?.draftConnection({ ...base, [field]: value });
    if (this.problem?.field === field) this.problem = null;
  }

  private async connect(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const config = this.config;
    const commands = this.app.commands;
    if (config === undefined || commands === undefined) return;
    const normalized = { ...config, name: config.name.trim(), brokerUrl: config.brokerUrl.trim(), clientId: config.clientId.trim() };
    this.problem = await commands.connect(normalized);
    if (this.problem !== null) {
      this.renderRoot.querySelector<HTMLInputElement>(`#${this.problem.field}`)?.focus();
    }
  }

  private textField(field: 'name' | 'brokerUrl' | 'clientId' | 'username' | 'password', label: string, extra: {
    type?: string;
    placeholder?: string;
    autocomplete?: string;
    hint?: string;
  } = {}) {
    const config = this.config!;
    const problem = this.problem?.field === field ? this.problem.reason : '';
    const describedBy = [extra.hint ? `${field}-hint` : '', problem ? `${field}-problem` : '']
      .filter(Boolean)
      .join(' ');
    return html`<div>
      <label for=${field}>${label}</label>
      <input
        id=${field}
        name=${field}
        type=${extra.type ?? 'text'}
        .value=${config[field]}
        placeholder=${extra.placeholder ?? nothing}
        autocomplete=${extra.autocomplete ?? 'off'}
        spellcheck="false"
        autocapitalize="off"
        aria-invalid=${problem ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
        @input=${(e: InputEvent) => this.edit(field, (e.target as HTMLInputElement).value)}
      />
      ${extra.hint ? html`<p class="hint" id="${field}-hint">${extra.hint}</p>` : nothing}
      ${problem ? html`<p class="problem" id="${field}-problem" role="alert">${problem}</p>` : nothing}
    </div>`;
  }

  private editWill(change: Partial<LastWill>): void {
    const config = this.config;
    if (config === undefined) return;
    this.app.commands?.draftConnection({ ...config, will: { ...config.will, ...change } });
    if (this.problem?.field === 'willTopic') this.problem = null;
  }

  private willFields(config: ConnectionConfig) {
    const { will } = config;
    const problem = this.problem?.field === 'willTopic' ? this.problem.reason : '';
    return html`<details ?open=${will.topic !== '' || problem !== ''}>
      <summary>Last will</summary>
      <p class="hint">Published by the broker for this app if it drops off without disconnecting.</p>
      <label for="willTopic">Publish the will to</label>
      <input
        id="willTopic"
        .value=${will.topic}
        autocomplete="off"
        spellcheck="false"
        aria-invalid=${problem ? 'true' : 'false'}
        placeholder="devices/hello-mqtt/status"
        aria-describedby=${problem ? 'willTopic-hint willTopic-problem' : 'willTopic-hint'}
        @input=${(e: InputEvent) => this.editWill({ topic: (e.target as HTMLInputElement).value })}
      />
      <p class="hint" id="willTopic-hint">An MQTT topic; leave it empty for no will.</p>
      ${problem ? html`<p class="problem" id="willTopic-problem" role="alert">${problem}</p>` : nothing}
      <label for="willPayload">Will message</label>
      <input
        id="willPayload"
        .value=${will.payload}
        autocomplete="off"
        @input=${(e: InputEvent) => this.editWill({ payload: (e.target as HTMLInputElement).value })}
      />
      <label for="willQos">Will QoS</label>
      <select
        id="willQos"
        @change=${(e: Event) => this.editWill({ qos: Number((e.target as HTMLSelectElement).value) as 0 | 1 | 2 })}
      >
        ${[0, 1, 2].map((qos) => html`<option value=${qos} ?selected=${will.qos === qos}>${qos}</option>`)}
      </select>
      <label class="checkbox">
        <input
          type="checkbox"
          .checked=${will.retain}
          @change=${(e: Event) => this.editWill({ retain: (e.target as HTMLInputElement).checked })}
        />
        Retain the will
      </label>
    </details>`;
  }

  private certificateHelp() {
    const page = this.certificatePage();
    if (page === null) return nothing;
    return html`<p class="hint" id="certificate-help">
      If the broker uses a self-signed or private certificate, open
      <a href=${page} target="_blank" rel="noopener noreferrer">${page}</a>, accept the certificate, then Connect
      again.
    </p>`;
  }

  private checkbox(field: 'rememberPassword' | 'cleanSession', label: string, hint: string) {
    return html`<label class="checkbox">
        <input
          type="checkbox"
          aria-describedby="${field}-hint"
          .checked=${this.config?.[field] ?? false}
          @change=${(e: Event) => this.edit(field, (e.target as HTMLInputElement).checked)}
        />
        ${label}
      </label>
      <p class="hint" id="${field}-hint">${hint}</p>`;
  }

  override render() {
    const config = this.config;
    const status = this.app.value?.status;
    if (config === undefined) return nothing;
    const keepaliveProblem = this.problem?.field === 'keepalive' ? this.problem.reason : '';
    return html`<form @submit=${this.connect} novalidate>
      <h2>Broker</h2>
      ${this.certificateHelp()}
      ${this.textField('name', 'Connection name', {
        placeholder: 'Home',
        hint: 'What the header and the home-screen shortcuts call it; empty: the broker’s host.',
      })}
      ${this.textField('brokerUrl', 'Broker URL', {
        type: 'url',
        placeholder: 'ws://localhost:9001',
        hint: 'The broker’s WebSocket address: ws:// or wss://, host, port and path. Several, separated by spaces, are tried in turn.',
      })}
      <div class="row">
        ${this.textField('clientId', 'Client ID')}
        <div>
          <label for="keepalive">Keepalive</label>
          <input
            id="keepalive"
            name="keepalive"
            type="number"
            inputmode="numeric"
            min="0"
            max="65535"
            step="1"
            .value=${String(config.keepalive)}
            aria-invalid=${keepaliveProblem ? 'true' : 'false'}
            aria-describedby=${keepaliveProblem ? 'keepalive-hint keepalive-problem' : 'keepalive-hint'}
            @input=${(e: InputEvent) => {
              const text = (e.target as HTMLInputElement).value;
              this.edit('keepalive', text === '' ? Number.NaN : Number(text));
            }}
          />
          <p class="hint" id="keepalive-hint">Seconds between pings.</p>
          ${keepaliveProblem
            ? html`<p class="problem" id="keepalive-problem" role="alert">${keepaliveProblem}</p>`
            : nothing}
        </div>
      </div>
      <div class="row">
        ${this.textField('username', 'Username', { autocomplete: 'username' })}
        ${this.textField('password', 'Password', { type: 'password', autocomplete: 'current-password' })}
      </div>
      ${this.checkbox('rememberPassword', 'Remember on this device',
        'Keeps the password in this browser; otherwise it is asked for after a reload.')}
      ${this.checkbox('cleanSession', 'Clean session',
        'Start afresh on every connect. Off, the broker keeps messages that arrive while the app is away.')}
      <label for="protocolVersion">MQTT version</label>
      <select
        id="protocolVersion"
        .value=${String(config.protocolVersion)}
        @change=${(e: Event) => this.edit('protocolVersion', Number((e.target as HTMLSelectElement).value))}
      >
        <option value="4" ?selected=${config.protocolVersion === 4}>3.1.1</option>
        <option value="5" ?selected=${config.protocolVersion === 5}>5</option>
      </select>
      ${this.willFields(config)}
      <div class="actions">
        <button type="submit">Connect</button>
        <button
          type="button"
          class="secondary"
          ?disabled=${status === 'disconnected'}
          @click=${() => void this.app.commands?.disconnect()}
        >
          Disconnect
        </button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-connection-form': MqConnectionForm;
  }
}
