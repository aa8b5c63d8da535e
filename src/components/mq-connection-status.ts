import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { ConnectionStatus } from '../mqtt/session.js';
import { AppSliceController } from './app-slice-controller.js';

const LABELS: Record<ConnectionStatus, string> = {
  connected: 'Connected',
  connecting: 'Connecting',
  reconnecting: 'Reconnecting',
  disconnected: 'Disconnected',
  error: 'Error',
};

/**
 * The connection status, in a live region so that every change is announced.
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
      flex-wrap: wrap;
      gap: 0 0.5rem;
      align-items: baseline;
      overflow-wrap: anywhere;
    }
    p {
      margin: 0;
    }
    .next {
      color: var(--mq-muted);
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

  private readonly connection = new AppSliceController(this, (s) => ({
    ...s.connection,
    online: s.device.online,
    wantsConnection: s.wantsConnection,
  }));

  override render() {
    const connection = this.connection.value;
    if (connection === undefined) return html``;
    // Offline, every attempt fails the same way: say why instead of "cannot reach".
    const offline = !connection.online && connection.status !== 'connected';
    const status = offline ? 'disconnected' : connection.status;
    const detail = offline
      ? `offline. This device has no network; showing the last saved state.${
          connection.wantsConnection ? ' It reconnects when the network returns.' : ''
        }`
      : connection.detail;
    // A time, not a countdown: a live region that changed every second would never be quiet.
    const next =
      !offline && connection.nextAttemptAt !== null
        ? ` Next try at ${new Date(connection.nextAttemptAt).toLocaleTimeString()}.`
        : '';
    // The next-try time sits outside the live region: announced once per problem, not per try.
    return html`<div class="line" data-status=${status}>
      <span class="dot" aria-hidden="true"></span>
      <p role="status" part="status"><strong>${LABELS[status]}</strong>${detail === '' ? '' : `: ${detail}`}</p>
      ${next === '' ? nothing : html`<p class="next">${next.trim()}</p>`}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-connection-status': MqConnectionStatus;
  }
}
