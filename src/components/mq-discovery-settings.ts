import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { DiscoverySettings } from '../store/discovery.js';
import { StoreController } from './store-controller.js';
import { cardStyles, fieldStyles } from './theme.js';

/**
 * Discovery, in Settings: a checkbox per source (each off until switched on), Home
 * Assistant's discovery prefix and Zigbee2MQTT's base topic, and what was found.
 */
@customElement('mq-discovery-settings')
export class MqDiscoverySettings extends LitElement {
  static override styles = [
    cardStyles,
    fieldStyles,
    css`
      .note {
        margin: 0.25rem 0 0;
        color: var(--mq-muted);
        font-size: 0.875rem;
      }
      fieldset {
        margin: 0.75rem 0 0;
        padding: 0;
        border: 0;
      }
      legend {
        padding: 0;
        font-weight: 600;
      }
      .source {
        margin-top: 0.75rem;
      }
      .source label.checkbox {
        margin: 0;
      }
      .field {
        margin-left: 1.75rem;
      }
    `,
  ];

  private readonly discovery = new StoreController(this, (s) => s.discovery, (d) => ({ settings: d.settings, count: d.catalog?.count ?? null }));
  /** A prefix or base topic being typed: applied when the field is left or Enter is pressed. */
  @state() private typed: Partial<Pick<DiscoverySettings, 'homeAssistantPrefix' | 'zigbee2mqttBase'>> = {};
  @state() private problem = '';

  private configure(change: Partial<DiscoverySettings>): void {
    void this.discovery.commands?.configureDiscovery(change);
  }

  private applyTopic(key: 'homeAssistantPrefix' | 'zigbee2mqttBase', label: string): void {
    const typed = this.typed[key];
    if (typed === undefined) return;
    const value = typed.trim().replace(/^\/+|\/+$/g, '');
    if (value === '' || /[+#]/.test(value)) {
      this.problem = `The ${label} is a topic without the wildcards + and #.`;
      return;
    }
    this.problem = '';
    this.typed = { ...this.typed, [key]: undefined };
    this.configure({ [key]: value });
  }

  private topicField(key: 'homeAssistantPrefix' | 'zigbee2mqttBase', id: string, label: string, current: string) {
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        .value=${this.typed[key] ?? current}
        autocomplete="off"
        spellcheck="false"
        autocapitalize="off"
        @input=${(e: InputEvent) => (this.typed = { ...this.typed, [key]: (e.target as HTMLInputElement).value })}
        @change=${() => this.applyTopic(key, label.toLowerCase())}
        @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.applyTopic(key, label.toLowerCase())}
      />
    </div>`;
  }

  override render() {
    const value = this.discovery.value;
    if (value === undefined) return nothing;
    const { settings, count } = value;
    const on = settings.homeAssistant || settings.tasmota || settings.zigbee2mqtt;
    return html`<h2>Discovery</h2>
      <p class="note">Devices that announce themselves on the broker appear on the dashboard by themselves, grouped by device, with Home Assistant down or absent.</p>
      <fieldset>
        <legend>Read what these announce</legend>
        <div class="source">
          <label class="checkbox">
            <input type="checkbox" .checked=${settings.homeAssistant} @change=${(e: Event) => this.configure({ homeAssistant: (e.target as HTMLInputElement).checked })} />
            Home Assistant discovery
          </label>
          ${settings.homeAssistant ? this.topicField('homeAssistantPrefix', 'ha-prefix', 'Discovery prefix', settings.homeAssistantPrefix) : nothing}
        </div>
        <div class="source">
          <label class="checkbox">
            <input type="checkbox" .checked=${settings.tasmota} @change=${(e: Event) => this.configure({ tasmota: (e.target as HTMLInputElement).checked })} />
            Tasmota discovery
          </label>
        </div>
        <div class="source">
          <label class="checkbox">
            <input type="checkbox" .checked=${settings.zigbee2mqtt} @change=${(e: Event) => this.configure({ zigbee2mqtt: (e.target as HTMLInputElement).checked })} />
            Zigbee2MQTT devices
          </label>
          ${settings.zigbee2mqtt ? this.topicField('zigbee2mqttBase', 'z2m-base', 'Zigbee2MQTT base topic', settings.zigbee2mqttBase) : nothing}
        </div>
      </fieldset>
      <p class="problem" role="alert">${this.problem}</p>
      <p class="note" role="status">
        ${!on ? 'Off: nothing is discovered.' : count === null ? 'Looking for devices…' : `${count} ${count === 1 ? 'entity' : 'entities'} discovered; they are on the dashboard.`}
      </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-discovery-settings': MqDiscoverySettings;
  }
}
