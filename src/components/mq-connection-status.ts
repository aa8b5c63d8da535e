import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { ConnectionStatus } from '../mqtt/session.js';
import { StoreController } from './store-controller.js';

const LABELS: Record<ConnectionStatus, string> = {
  connected: 'Connected',
  connecting: 'Connecting',
  reconnecting: 'Reconnecting',
  disconnected: 'Disconnected',
  error: 'Error',
};

/**
 * The connection status, in a live region so that every change is announced. It keeps to one
 * line, so that the page below never moves as the status changes; Details unfolds the whole
 * text (the broker form in Settings shows it too).
 * @csspart status - the live region
 */
@customElement('mq-connection-status')
export class MqConnectionStatus extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .line {
      display: flex;
      gap: 0 0.5rem;
      align-items: center;
      min-width: 0;
    }
    .text {
      flex: 1;
      min-width: 0;
      margin: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    [data-open] .text {
      white-space: normal;
      overflow-wrap: anywhere;
    }
    p {
      margin: 0;
      display: inline;
    }
    .next {
      color: var(--mq-muted);
    }
    .more {
      flex: none;
      min-height: 2rem;
      min-width: 2.75rem;
      padding: 0 0.5rem;
      font: inherit;
      font-size: 0.8125rem;
      border: 1px solid var(--mq-border);
      border-radius: 1rem;
      background: transparent;
      color: var(--mq-accent-text);
      cursor: pointer;
    }
    .more:focus-visible {
      outline: 3px solid var(--mq-focus);
      outline-offset: 2px;
    }
    .dot {
      flex: none;
      width: 0.75rem;
      height: 0.75rem;
      border-radius: 50%;
      background: var(--mq-muted);
    }
    [data-status='connected'] .dot {
      background: var(--mq-ok);
    }
    [data-status='connecting'] .dot,
    [data-status='reconnecting'] .dot {
      background: var(--mq-warn);
    }
    [data-status='error'] .dot {
      background: var(--mq-danger);
    }
  `;

  private readonly connection = new StoreController(this, (s) => s.connection, (c) => ({
    status: c.status,
    detail: c.detail,
    nextAttemptAt: c.nextAttemptAt,
    wantsConnection: c.wantsConnection,
  }));
  private readonly online = new StoreController(this, (s) => s.device, (d) => d.online);
  @state() private open = false;

  override render() {
    const connection = this.connection.value;
    const online = this.online.value ?? true;
    if (connection === undefined) return html``;
    // Offline, every attempt fails the same way: say why instead of "cannot reach".
    const offline = !online && connection.status !== 'connected';
    const status = offline ? 'disconnected' : connection.status;
    const detail = offline
      ? `offline. This device has no network; showing the last saved state.${
          connection.wantsConnection ? ' It reconnects when the network returns.' : ''
        }`
      : connection.detail;
    // A time, not a countdown: a live region that changed every second would never be quiet.
    const next =
      !offline && connection.nextAttemptAt !== null
        ? `Next try at ${new Date(connection.nextAttemptAt).toLocaleTimeString()}.`
        : '';
    // The next-try time sits outside the live region: announced once per problem, not per try.
    return html`<div class="line" data-status=${status} ?data-open=${this.open}>
      <span class="dot" aria-hidden="true"></span>
      <div class="text">
        <p role="status" part="status"><strong>${LABELS[status]}</strong>${detail === '' ? '' : `: ${detail}`}</p>
        ${next === '' ? nothing : html` <p class="next">${next}</p>`}
      </div>
      <button type="button" class="more" aria-expanded=${this.open ? 'true' : 'false'} @click=${() => (this.open = !this.open)}>
        Details
      </button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-connection-status': MqConnectionStatus;
  }
}
