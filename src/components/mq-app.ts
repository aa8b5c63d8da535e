import { ContextProvider } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { App } from '../app/app.js';
import type { SetupSlice } from '../store/setup.js';
import type { View } from '../store/ui.js';
import { commandsContext, storesContext, topicsContext } from './context.js';
import { fieldStyles } from './theme.js';
import './mq-connection-status.js';
import './mq-dashboard.js';
import './mq-storage-warning.js';

const dark = css`
  --mq-text: #e6edf3;
  --mq-muted: #9da7b3;
  --mq-bg: #0d1117;
  --mq-card-bg: #161b22;
  --mq-field-bg: #0d1117;
  --mq-border: #6e7681;
  --mq-border-soft: #30363d;
  --mq-accent: #4493f8;
  --mq-accent-text: #79b8ff;
  --mq-on-accent: #0d1117;
  --mq-selected-bg: #1f3a5f;
  --mq-hover-bg: #21262d;
  --mq-ok: #3fb950;
  --mq-warn: #d29922;
  --mq-danger: #ff7b72;
  color-scheme: dark;
`;

/**
 * The whole app: provides the stores, the topics and the commands to the views below it, and
 * lays them out: a header with the connection status and the way to Settings, then the
 * dashboard or the settings. Colours are `--mq-*` custom properties, light or dark, following
 * the device unless the user chose one.
 */
/** A setup offered, refused, or just applied: the setup offer has something to show. */
const hasSetupWord = (s: SetupSlice) => s.offer !== null || s.problem !== '' || s.done !== '';

@customElement('mq-app')
export class MqApp extends LitElement {
  static override styles = [
    fieldStyles,
    css`
      :host {
        --mq-text: #1b1f24;
        --mq-muted: #57606a;
        --mq-bg: #f6f8fa;
        --mq-card-bg: #ffffff;
        --mq-field-bg: #ffffff;
        --mq-border: #8c959f;
        --mq-border-soft: #d0d7de;
        --mq-accent: #0a58ca;
        --mq-accent-text: #0a58ca;
        --mq-on-accent: #ffffff;
        --mq-selected-bg: #ddf4ff;
        --mq-hover-bg: #eaeef2;
        --mq-focus: #ffbf47;
        --mq-ok: #1a7f37;
        --mq-warn: #9a6700;
        --mq-danger: #c62828;
        color-scheme: light;
        display: block;
        min-height: 100vh;
        color: var(--mq-text);
        background: var(--mq-bg);
        font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
        line-height: 1.5;
      }
      :host([data-theme='dark']) {
        ${dark}
      }
      @media (prefers-color-scheme: dark) {
        :host(:not([data-theme='light'])) {
          ${dark}
        }
      }
      header {
        position: sticky;
        top: 0;
        z-index: 1;
        padding: 0.5rem 1rem;
        background: var(--mq-card-bg);
        border-bottom: 1px solid var(--mq-border);
      }
      .top {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        justify-content: space-between;
        max-width: 80rem;
        margin: 0 auto;
      }
      mq-connection-status {
        max-width: 80rem;
        margin: 0.25rem auto 0;
      }
      h1 {
        margin: 0;
        font-size: 1.125rem;
        white-space: nowrap;
      }
      nav {
        display: flex;
        gap: 0.25rem;
      }
      nav button {
        min-height: 2.5rem;
        padding: 0.25rem 0.5rem;
        background: transparent;
        color: var(--mq-accent-text);
        border-color: transparent;
      }
      nav button[aria-current='page'] {
        border-color: var(--mq-accent);
        background: var(--mq-selected-bg);
      }
      .toasts {
        position: fixed;
        inset: auto 1rem 1rem 1rem;
        z-index: 2;
        display: grid;
        gap: 0.5rem;
        pointer-events: none;
      }
      main {
        display: grid;
        gap: 1rem;
        max-width: 80rem;
        margin: 0 auto;
        padding: 1rem;
      }
    `,
  ];

  /** The app to show; set once by main.ts (or by a test). */
  @property({ attribute: false }) app: App | undefined;

  private readonly stores = new ContextProvider(this, { context: storesContext });
  private readonly topics = new ContextProvider(this, { context: topicsContext });
  private readonly commands = new ContextProvider(this, { context: commandsContext });
  /** A provider does not answer its own element's requests: the ui slice is followed directly. */
  private stopFollowingUi: (() => void) | undefined;

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('app') && this.app !== undefined) {
      this.stores.setValue(this.app.stores);
      this.topics.setValue(this.app.topics);
      this.commands.setValue(this.app.commands);
      this.stopFollowingUi?.();
      this.stopFollowingUi = this.followStores(this.app);
    }
    // The toasts float above the page and come up later (Undo, Update available): after the paint.
    if (this.app !== undefined) {
      void import('./mq-undo-toast.js');
      void import('./mq-update-toast.js');
      // Shown once there are two saved connections, which are read after the paint too.
      void import('./mq-connection-switch.js');
    }
    // The settings are not needed to paint the dashboard: their code comes when they are shown.
    if (this.app?.stores.ui.getState().view === 'settings') void import('./mq-settings.js');
    // Set before the first paint, so a chosen theme never flashes the other one.
    const theme = this.app?.stores.ui.getState().theme ?? 'system';
    if (theme === 'system') this.removeAttribute('data-theme');
    else this.setAttribute('data-theme', theme);
  }

  /** Re-renders on a change of view, and when a setup offer comes or goes (its code comes with it). */
  private followStores(app: App): () => void {
    const stopUi = app.stores.ui.subscribe(() => this.requestUpdate());
    const stopSetup = app.stores.setup.subscribe((s, previous) => {
      if (hasSetupWord(s) === hasSetupWord(previous)) return;
      if (hasSetupWord(s)) void import('./mq-setup-offer.js');
      this.requestUpdate();
    });
    return () => {
      stopUi();
      stopSetup();
    };
  }

  private navButton(view: View, label: string, current: View) {
    return html`<button
      type="button"
      aria-current=${current === view ? 'page' : 'false'}
      @click=${() => this.app?.commands.showView(view)}
    >
      ${label}
    </button>`;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopFollowingUi?.();
    this.stopFollowingUi = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.app !== undefined && this.stopFollowingUi === undefined) {
      this.stopFollowingUi = this.followStores(this.app);
    }
  }

  override render() {
    // Nothing until the app is there: a header without its status line, painted before the
    // saved state is read, would grow when it came and push the whole page down (a layout shift).
    if (this.app === undefined) return nothing;
    const view = this.app.stores.ui.getState().view;
    return html`<header>
        <div class="top">
          <h1>Hello MQTT</h1>
          <mq-connection-switch></mq-connection-switch>
          <nav aria-label="Views">${this.navButton('dashboard', 'Dashboard', view)}${this.navButton('settings', 'Settings', view)}</nav>
        </div>
        <mq-connection-status data-screen-copy="blank"></mq-connection-status>
      </header>
      <main>
        <mq-storage-warning></mq-storage-warning>
        ${view === 'settings' ? html`<mq-settings></mq-settings>` : html`<mq-dashboard></mq-dashboard>`}
      </main>
      <div class="toasts" data-screen-copy="omit">
        <mq-undo-toast></mq-undo-toast>
        <mq-update-toast></mq-update-toast>
        ${hasSetupWord(this.app.stores.setup.getState()) ? html`<mq-setup-offer></mq-setup-offer>` : nothing}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-app': MqApp;
  }
}
