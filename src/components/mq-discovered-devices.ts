import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { DeviceGroup } from '../discovery/catalog.js';
import { isShown } from '../discovery/catalog.js';
import { SOURCE_NAMES } from '../discovery/discovered.js';
import { sourcesOn, type DiscoverySettings } from '../store/discovery.js';
import { StoreController } from './store-controller.js';
import { fieldStyles } from './theme.js';
import './mq-discovered-entity.js';

/**
 * The devices discovery found, each as a card: its name, manufacturer, model and software
 * version, the source that announced it, its entities (hidden ones behind "Hidden", each with
 * Show), and the parts of it this app cannot show yet, by type. Below them, the configs that
 * could not be read, with their topics and why. What the broker sent is rendered as text.
 */
const DEVICES_PER_FRAME = 12;

@customElement('mq-discovered-devices')
export class MqDiscoveredDevices extends LitElement {
  static override styles = [
    fieldStyles,
    css`
      :host {
        display: block;
        margin-top: 2rem;
      }
      h2 {
        margin: 0;
        font-size: 1.125rem;
      }
      .summary {
        margin: 0.25rem 0 1rem;
        color: var(--mq-muted);
      }
      .grid {
        display: grid;
        gap: 1rem;
        grid-template-columns: minmax(0, 1fr);
        align-items: start;
      }
      @media (min-width: 56rem) {
        .grid {
          grid-template-columns: repeat(auto-fill, minmax(24rem, 1fr));
        }
      }
      section {
        padding: 1rem;
        border: 1px solid var(--mq-border);
        border-radius: 0.75rem;
        background: var(--mq-card-bg);
        min-width: 0;
      }
      h3 {
        margin: 0;
        font-size: 1.0625rem;
        overflow-wrap: anywhere;
      }
      .meta {
        margin: 0.25rem 0 0.5rem;
        font-size: 0.875rem;
        color: var(--mq-muted);
        overflow-wrap: anywhere;
      }
      .source {
        display: inline-block;
        padding: 0 0.5rem;
        border: 1px solid var(--mq-border);
        border-radius: 1rem;
        font-size: 0.8125rem;
      }
      details {
        margin-top: 0.5rem;
        font-size: 0.875rem;
      }
      summary {
        cursor: pointer;
        min-height: 2.5rem;
        display: flex;
        align-items: center;
        color: var(--mq-accent-text);
        font-weight: 600;
      }
      ul {
        margin: 0.25rem 0 0;
        padding-left: 1.25rem;
      }
      li {
        margin: 0.25rem 0;
        overflow-wrap: anywhere;
      }
      .hidden-row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        justify-content: space-between;
        padding: 0.25rem 0;
      }
      .hidden-row button {
        min-height: 2.5rem;
        padding: 0.25rem 0.75rem;
        font-size: 0.875rem;
      }
      .unsupported {
        margin: 0.5rem 0 0;
        font-size: 0.875rem;
        color: var(--mq-muted);
      }
      code {
        overflow-wrap: anywhere;
      }
      .problems {
        margin-top: 1rem;
      }
    `,
  ];

  private readonly discovery = new StoreController(this, (s) => s.discovery, (d) => ({ catalog: d.catalog, settings: d.settings }));
  /**
   * How many devices are drawn: a home of hundreds comes in a few frames, a dozen at a time
   * (about 40 ms of work on a laptop), so that no frame is one long task.
   */
  @state() private drawn = DEVICES_PER_FRAME;
  private growing = 0;

  override updated(): void {
    const total = this.discovery.value?.catalog?.groups.length ?? 0;
    if (this.drawn >= total || this.growing !== 0) return;
    this.growing = requestAnimationFrame(() => {
      this.growing = 0;
      this.drawn += DEVICES_PER_FRAME;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.growing);
    this.growing = 0;
  }

  private renderGroup(group: DeviceGroup, settings: DiscoverySettings) {
    const { device } = group;
    const shown = group.entities.filter((found) => isShown(found, settings));
    const hidden = group.entities.filter((found) => !isShown(found, settings));
    const name = device.name || `Other entities (${SOURCE_NAMES[device.source]})`;
    const meta = [device.manufacturer, device.model, device.swVersion === '' ? '' : `software ${device.swVersion}`, device.via ? `via ${device.via}` : ''].filter(
      (part) => part !== '',
    );
    const commands = this.discovery.commands;
    const headingId = `device-${encodeURIComponent(device.key).replace(/[^A-Za-z0-9_-]/g, '_')}`;
    return html`<section aria-labelledby=${headingId}>
      <h3 id=${headingId}>${name}</h3>
      <p class="meta">${meta.length === 0 ? nothing : html`${meta.join(' · ')} · `}<span class="source">${SOURCE_NAMES[device.source]}</span></p>
      ${repeat(
        shown,
        (found) => found.entity.id,
        (found) => html`<mq-discovered-entity .found=${found}></mq-discovered-entity>`,
      )}
      ${hidden.length === 0
        ? nothing
        : html`<details>
            <summary>Hidden (${hidden.length})</summary>
            ${hidden.map(
              (found) => html`<div class="hidden-row">
                <span>${found.entity.name}</span>
                <button type="button" class="secondary" aria-label="Show ${found.entity.name}" @click=${() => void commands?.showDiscovered(found.entity.id, true)}>
                  Show
                </button>
              </div>`,
            )}
          </details>`}
      ${group.unsupported.length === 0
        ? nothing
        : html`<p class="unsupported">Not shown here yet:</p>
            <ul aria-label="Not shown yet from ${name}">
              ${group.unsupported.map((item) => html`<li>${item.component}: ${item.name}</li>`)}
            </ul>`}
    </section>`;
  }

  override render() {
    const value = this.discovery.value;
    if (value === undefined) return nothing;
    const { catalog, settings } = value;
    const sources = sourcesOn(settings);
    const deviceCount = catalog?.groups.filter((g) => !g.device.key.endsWith(':')).length ?? 0;
    const summary =
      catalog === null
        ? 'Looking for devices…'
        : catalog.count === 0 && catalog.problems.length === 0
          ? `Nothing announced yet by ${sources.map((s) => SOURCE_NAMES[s]).join(', ')}.`
          : `${deviceCount} ${deviceCount === 1 ? 'device' : 'devices'}, ${catalog.count} ${catalog.count === 1 ? 'entity' : 'entities'}, from ${sources.map((s) => SOURCE_NAMES[s]).join(', ')}.`;
    return html`<h2>Discovered devices</h2>
      <p class="summary" role="status">${summary}</p>
      <div class="grid">${repeat((catalog?.groups ?? []).slice(0, this.drawn), (group) => group.device.key, (group) => this.renderGroup(group, settings))}</div>
      ${catalog === null || catalog.problems.length === 0
        ? nothing
        : html`<details class="problems" open>
            <summary>Configs that could not be read (${catalog.problems.length})</summary>
            <ul>
              ${catalog.problems.map((problem) => html`<li><code>${problem.topic}</code>: ${problem.reason}</li>`)}
            </ul>
          </details>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-discovered-devices': MqDiscoveredDevices;
  }
}
