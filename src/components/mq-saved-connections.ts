import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { connectionLabel, type SavedConnection } from '../connections/registry.js';
import { StoreController } from './store-controller.js';
import { dangerStyles } from './danger-styles.js';
import { cardStyles, fieldStyles } from './theme.js';

/**
 * Saved connections, in Settings: each with its own broker, entities and password (kept only
 * when Remember on this device is ticked). This one is marked; the others open in this tab or
 * are removed, after a confirmation. Add connection makes an empty one and opens it.
 */
@customElement('mq-saved-connections')
export class MqSavedConnections extends LitElement {
  static override styles = [
    cardStyles,
    fieldStyles,
    dangerStyles,
    css`
      ul {
        list-style: none;
        margin: 0 0 1rem;
        padding: 0;
        display: grid;
        gap: 0.5rem;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
        align-items: center;
        justify-content: space-between;
        padding: 0.5rem 0;
        border-bottom: 1px solid var(--mq-border-soft);
      }
      .what {
        min-width: 0;
        overflow-wrap: anywhere;
      }
      .broker,
      .note {
        color: var(--mq-muted);
        font-size: 0.875rem;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      .add {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: end;
      }
      .add div {
        flex: 1 1 12rem;
      }
    `,
  ];

  private readonly connections = new StoreController(this, (s) => s.connections, (c) => c);
  /** The connection whose removal waits for a second word. */
  @state() private confirming: string | null = null;
  @state() private newName = '';
  @state() private said = '';

  private async removeSaved(connection: SavedConnection): Promise<void> {
    await this.connections.commands?.removeConnection(connection.id);
    this.confirming = null;
    this.said = `Removed ${connectionLabel(connection)}, with its entities and password.`;
  }

  private async add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    this.said = 'Adding the connection…';
    await this.connections.commands?.addConnection(this.newName);
  }

  private item(connection: SavedConnection, currentId: string) {
    const label = connectionLabel(connection);
    const current = connection.id === currentId;
    const actions =
      this.confirming === connection.id
        ? html`<span>Remove ${label}, its entities and its saved password from this device?</span>
            <button type="button" class="danger" @click=${() => void this.removeSaved(connection)}>Remove ${label}</button>
            <button type="button" class="secondary" @click=${() => (this.confirming = null)}>Keep it</button>`
        : current
          ? html`<span class="note">This one</span>`
          : html`<button type="button" class="secondary" aria-label="Open ${label}" @click=${() => this.connections.commands?.openConnection(connection.id)}>
                Open
              </button>
              <button type="button" class="secondary" aria-label="Remove ${label}" @click=${() => (this.confirming = connection.id)}>Remove</button>`;
    return html`<li aria-current=${current ? 'true' : 'false'}>
      <div class="what">
        <strong>${label}</strong>
        <div class="broker">${connection.brokerUrl === '' ? 'No broker set' : connection.brokerUrl}</div>
      </div>
      <div class="buttons">${actions}</div>
    </li>`;
  }

  override render() {
    const slice = this.connections.value;
    if (slice === undefined) return nothing;
    return html`<h2>Saved connections</h2>
      <p class="note">Each has its own broker, entities and password. Switch between them from the header.</p>
      ${slice.list.length === 0 ? nothing : html`<ul aria-label="Saved connections">${slice.list.map((c) => this.item(c, slice.currentId))}</ul>`}
      <form class="add" @submit=${(e: SubmitEvent) => void this.add(e)}>
        <div>
          <label for="new-connection-name">New connection name</label>
          <input
            id="new-connection-name"
            .value=${this.newName}
            placeholder="Cabin"
            autocomplete="off"
            @input=${(e: InputEvent) => (this.newName = (e.target as HTMLInputElement).value)}
          />
        </div>
        <button type="submit">Add connection</button>
      </form>
      ${slice.problem === '' ? nothing : html`<p class="problem" role="alert">The saved connections could not be changed: ${slice.problem}</p>`}
      <p class="note" role="status">${this.said}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-saved-connections': MqSavedConnections;
  }
}
