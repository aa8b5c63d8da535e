import { ContextProvider } from '@lit/context';
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { App } from '../app/app.js';
import { appContext } from './app-context.js';
import './mq-connection-form.js';
import './mq-connection-status.js';
import './mq-entity-card.js';
import './mq-set-state-form.js';
import './mq-storage-warning.js';
import './mq-about.js';
import './mq-update-toast.js';

/**
 * The whole app: provides the app to the views below it and lays them out, one column on a
 * phone, two on a wider screen. Colours are `--mq-*` custom properties, light or dark.
 */
@customElement('mq-app')
export class MqApp extends LitElement {
  static override styles = css`
    :host {
      --mq-text: #1b1f24;
      --mq-muted: #57606a;
      --mq-bg: #f6f8fa;
      --mq-card-bg: #ffffff;
      --mq-field-bg: #ffffff;
      --mq-border: #8c959f;
      --mq-accent: #0a58ca;
      --mq-accent-text: #0a58ca;
      --mq-on-accent: #ffffff;
      --mq-focus: #ffbf47;
      --mq-ok: #1a7f37;
      --mq-warn: #9a6700;
      --mq-danger: #c62828;
      display: block;
      min-height: 100vh;
      color: var(--mq-text);
      background: var(--mq-bg);
      font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
      line-height: 1.5;
    }
    @media (prefers-color-scheme: dark) {
      :host {
        --mq-text: #e6edf3;
        --mq-muted: #9da7b3;
        --mq-bg: #0d1117;
        --mq-card-bg: #161b22;
        --mq-field-bg: #0d1117;
        --mq-border: #6e7681;
        --mq-accent: #4493f8;
        --mq-accent-text: #79b8ff;
        --mq-on-accent: #0d1117;
        --mq-ok: #3fb950;
        --mq-warn: #d29922;
        --mq-danger: #ff7b72;
      }
    }
    header {
      position: sticky;
      top: 0;
      z-index: 1;
      padding: 0.75rem 1rem;
      background: var(--mq-card-bg);
      border-bottom: 1px solid var(--mq-border);
    }
    h1 {
      margin: 0 0 0.25rem;
      font-size: 1.25rem;
    }
    main {
      display: grid;
      gap: 1rem;
      max-width: 64rem;
      margin: 0 auto;
      padding: 1rem;
    }
    @media (min-width: 48rem) {
      main {
        grid-template-columns: 1fr 1fr;
        align-items: start;
      }
    }
    .column {
      display: grid;
      gap: 1rem;
    }
    mq-storage-warning {
      grid-column: 1 / -1;
    }
  `;

  /** The app to show; set once by main.ts (or by a test). */
  @property({ attribute: false }) app: App | undefined;

  private readonly provider = new ContextProvider(this, { context: appContext });

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('app') && this.app !== undefined) this.provider.setValue(this.app);
  }

  override render() {
    return html`<header>
        <h1>Hello MQTT</h1>
        <mq-connection-status></mq-connection-status>
      </header>
      <main>
        <mq-storage-warning></mq-storage-warning>
        <div class="column">
          <mq-entity-card></mq-entity-card>
          <mq-set-state-form></mq-set-state-form>
        </div>
        <div class="column">
          <mq-connection-form></mq-connection-form>
          <mq-about></mq-about>
        </div>
      </main>
      <mq-update-toast></mq-update-toast>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-app': MqApp;
  }
}
