import { LitElement, css, html, nothing } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { SOURCE_NAMES } from '../discovery/sources.js';
import type { SharedDiscovery } from '../setup/setup-file.js';
import { sourcesOn } from '../store/discovery.js';
import type { SetupSlice } from '../store/setup.js';
import { StoreController } from './store-controller.js';
import { fieldStyles, toastStyles } from './theme.js';

/** “1 has a name already on the dashboard”, “2 have names …”. */
const alreadyHere = (n: number) => (n === 1 ? '1 has a name already on the dashboard' : `${n} have names already on the dashboard`);

/** Names in a sentence: “a, b and 3 more”. */
function someNames(names: readonly string[], max = 6): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, max).map((name) => `“${name}”`);
  const more = names.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** “Home Assistant discovery, Zigbee2MQTT devices”, or that it is off. */
function discoveryWords(settings: SharedDiscovery): string {
  const sources = sourcesOn(settings);
  return sources.length === 0 ? 'off' : sources.map((source) => SOURCE_NAMES[source]).join(', ');
}

/**
 * A setup read from a file or a share link: a modal dialog that says what it holds and what
 * Replace or Add would change, and asks; or why it could not be read. After, a line says what
 * was done. Nothing changes until a button is pressed.
 */
@customElement('mq-setup-offer')
export class MqSetupOffer extends LitElement {
  static override styles = [
    fieldStyles,
    toastStyles,
    css`
      dialog {
        /* It sits among the toasts, whose layer lets clicks through to the page. */
        pointer-events: auto;
        box-sizing: border-box;
        width: min(36rem, calc(100vw - 1rem));
        max-height: calc(100dvh - 1rem);
        border: 1px solid var(--mq-border);
        border-radius: 0.75rem;
        background: var(--mq-card-bg);
        color: var(--mq-text);
        padding: 1rem 1.25rem;
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 45%);
      }
      h2 {
        margin: 0 0 0.75rem;
        font-size: 1.25rem;
      }
      ul {
        padding-left: 1.25rem;
      }
      li {
        margin: 0.35rem 0;
        overflow-wrap: anywhere;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-top: 1rem;
      }
      .problem {
        color: var(--mq-danger);
      }
    `,
  ];

  private readonly setup = new StoreController(this, (s) => s.setup, (s) => s);
  private readonly current = new StoreController(this, (s) => s.entities, (e) => e.list);
  private readonly broker = new StoreController(this, (s) => s.connection, (c) => c.config.brokerUrl);
  private readonly name = new StoreController(this, (s) => s.connection, (c) => c.config.name.trim());

  private connectionName(): string {
    return this.name.value ?? '';
  }
  @query('dialog') private dialog!: HTMLDialogElement;

  override updated(): void {
    const state = this.setup.value;
    const open = state !== undefined && (state.offer !== null || state.problem !== '');
    if (open && !this.dialog.open) this.dialog.showModal();
    else if (!open && this.dialog.open) this.dialog.close();
  }

  private offer(state: SetupSlice) {
    const offer = state.offer!;
    const { setup } = offer;
    const mine = this.current.value ?? [];
    const present = new Set(mine.map((e) => e.name.trim().toLowerCase()));
    const fresh = setup.entities.filter((e) => !present.has(e.name.trim().toLowerCase()));
    const commands = this.setup.commands;
    const brokerNow = this.broker.value ?? '';
    return html`<h2 id="setup-offer-title">Use this setup?</h2>
      <p>From ${offer.from}:</p>
      <ul>
        ${setup.connection.name === '' ? nothing : html`<li>Connection: ${setup.connection.name}</li>`}
        <li>Broker: ${setup.connection.brokerUrl === '' ? 'none set' : setup.connection.brokerUrl}</li>
        <li>${setup.entities.length} ${setup.entities.length === 1 ? 'entity' : 'entities'}: ${someNames(setup.entities.map((e) => e.name))}</li>
        ${setup.discovery === undefined ? nothing : html`<li>Discovery: ${discoveryWords(setup.discovery)}</li>`}
        <li>No password: a setup never holds one.</li>
      </ul>
      <p>
        <strong>Add as a new connection</strong> saves it beside
        ${this.connectionName() === '' ? 'this one' : html`<q>${this.connectionName()}</q>`} and opens it, with a client ID of its own.
        <strong>Replace</strong> puts these in place of this connection's broker settings
        (${brokerNow === '' ? 'none set' : brokerNow}) and its ${mine.length}
        ${mine.length === 1 ? 'entity' : 'entities'}; this device keeps its client ID.
        <strong>Add</strong> adds ${fresh.length} of the entities
        ${fresh.length < setup.entities.length ? `(${alreadyHere(setup.entities.length - fresh.length)})` : ''}
        here and keeps everything else.
      </p>
      <div class="buttons">
        <button type="button" @click=${() => void commands?.acceptSetup('connection')}>Add as a new connection</button>
        <button type="button" class="secondary" @click=${() => void commands?.acceptSetup('replace')}>Replace</button>
        <button type="button" class="secondary" ?disabled=${fresh.length === 0} @click=${() => void commands?.acceptSetup('add')}>
          Add ${fresh.length} ${fresh.length === 1 ? 'entity' : 'entities'}
        </button>
        <button type="button" class="secondary" @click=${() => commands?.dismissSetup()}>Cancel</button>
      </div>`;
  }

  private refusal(state: SetupSlice) {
    return html`<h2 id="setup-offer-title">This setup cannot be used</h2>
      <p class="problem" role="alert">${state.problem}</p>
      <p>Nothing was changed.</p>
      <div class="buttons">
        <button type="button" @click=${() => this.setup.commands?.dismissSetup()}>OK</button>
      </div>`;
  }

  override render() {
    const state = this.setup.value;
    if (state === undefined) return nothing;
    return html`<dialog aria-labelledby="setup-offer-title" @cancel=${() => this.setup.commands?.dismissSetup()}>
        ${state.offer !== null ? this.offer(state) : state.problem !== '' ? this.refusal(state) : nothing}
      </dialog>
      <div aria-live="polite">
        ${state.done === ''
          ? nothing
          : html`<div class="toast">
              <p>${state.done}</p>
              <div class="buttons">
                <button type="button" class="secondary" @click=${() => this.setup.commands?.dismissSetup()}>Dismiss</button>
              </div>
            </div>`}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-setup-offer': MqSetupOffer;
  }
}
