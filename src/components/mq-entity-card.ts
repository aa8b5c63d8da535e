import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatAge } from '../app/format-age.js';
import { isConcreteTopic } from '../mqtt/topic.js';
import { formatBytes } from '../mqtt/payload.js';
import type { FilterStatus } from '../mqtt/subscriptions.js';
import { asksForPublishTopic, type Entity } from '../entities/entity.js';
import type { TopicRecord } from '../topics/topic-record.js';
import type { PayloadViewChangeEvent } from './mq-payload-view.js';
import type { TopicSelectEvent } from './mq-topic-list.js';
import { StoreController } from './store-controller.js';
import { TopicController } from './topic-controller.js';
import { cardStyles, fieldStyles } from './theme.js';
import './mq-payload-view.js';
import './mq-topic-list.js';

const AGE_REFRESH_MS = 15_000;


/** Asks the dashboard to start dragging this card, from a pointer on its handle. */
export class EntityDragEvent extends Event {
  static readonly type = 'mq-entity-drag';
  constructor(
    readonly entityId: string,
    readonly pointer: PointerEvent,
  ) {
    super(EntityDragEvent.type, { bubbles: true, composed: true });
  }
}

/** The subscription status of the entity's filter, in words. */
function describeFilter(topic: string, status: FilterStatus | undefined, connected: boolean): string {
  if (status?.state === 'refused') return status.reason;
  // Beside the other states, the reason says what the user should know (QoS 0 for now, a close).
  const note = status === undefined || status.reason === '' ? '' : ` ${status.reason}`;
  if (status?.state === 'subscribed') {
    return `${status.via === topic ? `Subscribed to ${topic}.` : `Subscribed to ${topic} (through ${status.via}).`}${note}`;
  }
  if (status?.state === 'subscribing') return `Subscribing to ${topic}…${note}`;
  return connected ? `Waiting to subscribe to ${topic}.${note}` : 'Not subscribed: connect to receive messages.';
}

/**
 * One entity on the dashboard: its name and topic, the subscription's status, the last
 * message (shown as text, never as markup) with its age, size, retained flag and QoS, marked
 * when stale; for a filter, every matching topic; its publish form, and Edit, Remove, Move up
 * and Move down, each named after the entity.
 * @fires mq-entity-drag - the drag handle was pressed (EntityDragEvent)
 */
@customElement('mq-entity-card')
export class MqEntityCard extends LitElement {
  static override styles = [
    cardStyles,
    fieldStyles,
    css`
      header {
        display: flex;
        gap: 0.5rem;
        align-items: start;
      }
      .title {
        flex: 1;
        min-width: 0;
      }
      h2 {
        overflow-wrap: anywhere;
      }
      .topic {
        margin: 0;
        font-family: ui-monospace, monospace;
        font-size: 0.875rem;
        color: var(--mq-muted);
        overflow-wrap: anywhere;
      }
      .status {
        margin: 0.25rem 0 0.75rem;
        font-size: 0.875rem;
        color: var(--mq-muted);
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .status[data-state='refused'] {
        color: var(--mq-danger);
        white-space: normal;
      }
      /* A note (QoS 0 for now, a close at the subscribe) is read in full, not cut. */
      .status[data-noted] {
        white-space: normal;
      }
      .meta {
        margin: 0.5rem 0 0;
        min-height: 1.3rem;
        font-size: 0.875rem;
        color: var(--mq-muted);
      }
      .stale {
        color: var(--mq-warn);
        font-weight: 600;
      }
      .handle {
        flex: none;
        min-height: 2.75rem;
        min-width: 2.75rem;
        padding: 0;
        touch-action: none;
        cursor: grab;
        font-size: 1.25rem;
        line-height: 1;
      }
      .selected {
        margin: 0.75rem 0 0;
        font-size: 0.875rem;
      }
      .selected code {
        overflow-wrap: anywhere;
      }
      mq-topic-list {
        margin-bottom: 0.75rem;
      }
      /*
       * Until its code has come (after the first paint), a device control keeps its usual room.
       * By kind in the stylesheet: the CSP (style-src 'self') drops style attributes.
       */
      mq-device-control:not(:defined) {
        display: block;
      }
      mq-device-control[data-kind='sensor']:not(:defined) {
        min-height: 3.875rem;
      }
      mq-device-control[data-kind='switch']:not(:defined) {
        min-height: 5rem;
      }
      mq-device-control[data-kind='button']:not(:defined),
      mq-device-control[data-kind='color']:not(:defined),
      mq-device-control[data-kind='select']:not(:defined) {
        min-height: 4.5rem;
      }
      mq-device-control[data-kind='number']:not(:defined) {
        min-height: 6rem;
      }
      /*
       * Until its code has come, the publish form keeps its room: New state, Set state and the
       * QoS and Retain row; with Publish to and its hint above for a filter; without the row
       * for a discovered entity (its config gives them). Saved payloads and the outbox's lines
       * still add to it when they come.
       */
      mq-publish-form:not(:defined) {
        display: block;
        min-height: 8.25rem;
      }
      mq-publish-form[data-publish-to]:not(:defined) {
        min-height: 16.375rem;
      }
      mq-publish-form[data-no-options]:not(:defined) {
        min-height: 5.25rem;
      }
      mq-publish-form {
        margin-top: 1rem;
        padding-top: 0.25rem;
        border-top: 1px solid var(--mq-border-soft);
      }
      .tools {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.5rem;
        margin-top: 0.75rem;
      }
      .tools button {
        min-height: 2.5rem;
        padding: 0.25rem 0.75rem;
        font-size: 0.875rem;
        font-weight: 600;
      }
    `,
  ];

  /** The entity to show. */
  @property({ attribute: false }) entity: Entity | undefined;
  /** Its place in the dashboard, and how many there are (for Move up and Move down). */
  @property({ type: Number }) index = 0;
  @property({ type: Number }) count = 1;

  @state() private selectedTopic = '';
  @state() private historyOpen = false;
  @state() private now = Date.now();
  private ticker: ReturnType<typeof setInterval> | undefined;

  private readonly topics = new TopicController(this);
  private readonly connection = new StoreController(this, (s) => s.connection, (c) => ({
    filters: c.filters,
    connected: c.status === 'connected',
  }));

  override connectedCallback(): void {
    super.connectedCallback();
    this.ticker = setInterval(() => (this.now = Date.now()), AGE_REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.ticker);
  }

  override willUpdate(): void {
    if (this.entity === undefined) return;
    this.topics.filter = this.entity.topic;
    // Device controls and the publish form load after the first paint: the last states come first.
    if (this.entity.kind !== 'text') void import('./mq-device-control.js');
    else void import('./mq-publish-form.js');
  }

  private get commands() {
    return this.connection.commands;
  }

  /** What the payload view shows: the topic's record, or for a filter the one picked, else the newest. */
  private shownRecord(): TopicRecord | undefined {
    const view = this.topics.view;
    if (this.selectedTopic !== '') {
      const picked = view?.records.get(this.selectedTopic);
      if (picked !== undefined) return picked;
    }
    return this.topics.newest;
  }

  private selectTopic(event: TopicSelectEvent): void {
    this.selectedTopic = event.topic;
    if (this.entity !== undefined) this.commands?.draftPublish(this.entity.id, { topic: event.topic });
  }

  private describe(record: TopicRecord, entity: Entity, now: number) {
    const parts = [formatBytes(record.byteLength)];
    if (record.format === 'hex') parts.push('not text: shown as hex');
    if (record.truncated) parts.push('shortened for display');
    if (record.retained) parts.push('retained');
    parts.push(`QoS ${record.qos}`);
    if (record.topic !== entity.topic) parts.push(`on ${record.topic}`);
    const stale =
      entity.options.staleAfterSeconds !== null && now - record.receivedAt > entity.options.staleAfterSeconds * 1000;
    const when = new Date(record.receivedAt);
    return html`<time datetime=${when.toISOString()} title=${when.toLocaleString()}>${formatAge(record.receivedAt, now)}</time>
      · ${parts.join(' · ')}${stale ? html` · <span class="stale">stale: nothing new for ${formatAge(record.receivedAt, now).replace(' ago', '')}</span>` : nothing}`;
  }

  private startDrag(event: PointerEvent): void {
    if (this.entity === undefined || event.button !== 0) return;
    event.preventDefault();
    this.dispatchEvent(new EntityDragEvent(this.entity.id, event));
  }

  private handleKey(event: KeyboardEvent): void {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    event.preventDefault();
    this.move(event.key === 'ArrowUp' ? -1 : 1, 'handle');
  }

  /** The control to focus again once the card has moved (moving a node takes its focus). */
  private refocus: 'handle' | 'up' | 'down' | null = null;

  private move(by: number, from: 'handle' | 'up' | 'down' = by < 0 ? 'up' : 'down'): void {
    if (this.entity === undefined) return;
    const target = this.index + by;
    if (target < 0 || target >= this.count) return;
    this.refocus = from;
    void this.commands?.moveEntity(this.entity.id, target);
  }

  override updated(changed: Map<PropertyKey, unknown>): void {
    if (!changed.has('index') || this.refocus === null) return;
    // At the top or the bottom, Move up or Move down has nothing to do: the other one does.
    const wanted = this.refocus === 'up' && this.index === 0 ? 'down' : this.refocus === 'down' && this.index >= this.count - 1 ? 'up' : this.refocus;
    this.refocus = null;
    this.renderRoot.querySelector<HTMLElement>(`[data-tool="${wanted}"]`)?.focus();
  }

  override render() {
    const entity = this.entity;
    const connection = this.connection.value;
    if (entity === undefined || connection === undefined) return nothing;
    const { name } = entity;
    const single = entity.kind !== 'text' || isConcreteTopic(entity.topic);
    const status = connection.filters[entity.topic];
    const subscription =
      entity.topic === '' ? `Commands go to ${entity.device.commandTopic}.` : describeFilter(entity.topic, status, connection.connected);
    const record = this.shownRecord();
    const now = Math.max(this.now, record?.receivedAt ?? 0);
    const view = this.topics.view;
    return html`<article aria-labelledby="name">
      <header>
        <div class="title">
          <h2 id="name">${name}</h2>
          <p class="topic">${entity.topic || entity.device.commandTopic}</p>
        </div>
        <button
          type="button"
          class="handle secondary"
          data-tool="handle"
          aria-label="Drag to reorder ${name}; or use the arrow keys"
          title="Drag to reorder"
          @pointerdown=${this.startDrag}
          @keydown=${this.handleKey}
        >
          <span aria-hidden="true">⠿</span>
        </button>
      </header>
      <p
        class="status"
        data-state=${status?.state ?? 'waiting'}
        ?data-noted=${(status?.reason ?? '') !== ''}
        data-screen-copy=${entity.topic === '' ? nothing : 'blank'}
        title=${subscription}
      >${subscription}</p>
      ${single
        ? nothing
        : html`<mq-topic-list
            .records=${view?.records ?? new Map()}
            .tree=${this.topics.tree}
            .version=${view?.version ?? 0}
            .now=${now}
            entity-name=${name}
            selected=${this.selectedTopic}
            @mq-topic-select=${this.selectTopic}
          ></mq-topic-list>`}
      ${entity.kind === 'text'
        ? html`<mq-payload-view
              .record=${record}
              view=${entity.options.payloadView}
              label="Last message ${name}"
              switch-label="Show the payload of ${name} as"
              with-switch
              @mq-payload-view-change=${(e: PayloadViewChangeEvent) => void this.commands?.updateEntityOptions(entity.id, { payloadView: e.view })}
            ></mq-payload-view>
            <p class="meta">${record === undefined ? 'Nothing received yet.' : this.describe(record, entity, now)}</p>
            <mq-publish-form
              .entity=${entity}
              ?data-publish-to=${asksForPublishTopic(entity)}
              ?data-no-options=${entity.device.commandTopic !== ''}
            ></mq-publish-form>`
        : html`<mq-device-control data-kind=${entity.kind} .entity=${entity} .now=${now}></mq-device-control>`}
      <div class="tools">
        <button type="button" class="secondary" aria-label="Edit ${name}" @click=${() => this.commands?.openEntityForm(entity.id)}>Edit</button>
        <button type="button" class="secondary" aria-label="Remove ${name}" @click=${() => void this.commands?.removeEntity(entity.id)}>
          Remove
        </button>
        <button
          type="button"
          class="secondary"
          aria-label="History of ${name}"
          aria-expanded=${this.historyOpen ? 'true' : 'false'}
          @click=${() => {
            // The history view, its chart and uPlot come when first opened.
            void import('./mq-entity-history.js');
            this.historyOpen = !this.historyOpen;
          }}
        >
          History
        </button>
        <button
          type="button"
          class="secondary"
          data-tool="up"
          aria-label="Move up ${name}"
          aria-disabled=${this.index === 0 ? 'true' : 'false'}
          @click=${() => this.move(-1)}
        >
          Up
        </button>
        <button
          type="button"
          class="secondary"
          data-tool="down"
          aria-label="Move down ${name}"
          aria-disabled=${this.index >= this.count - 1 ? 'true' : 'false'}
          @click=${() => this.move(1)}
        >
          Down
        </button>
      </div>
      ${this.historyOpen ? html`<mq-entity-history .entity=${entity}></mq-entity-history>` : nothing}
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-entity-card': MqEntityCard;
  }
  interface HTMLElementEventMap {
    'mq-entity-drag': EntityDragEvent;
  }
}
