import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { formatAge } from '../app/format-age.js';
import type { TopicRecord } from '../topics/topic-record.js';
import type { TopicTree, TreeRow } from '../topics/topic-tree.js';
import { fieldStyles } from './theme.js';

/** Fired when the user picks a topic of the list. */
export class TopicSelectEvent extends Event {
  static readonly type = 'mq-topic-select';
  constructor(readonly topic: string) {
    super(TopicSelectEvent.type, { bubbles: true, composed: true });
  }
}

/** Up to this many topics are listed flat; past it they become a tree. */
export const FLAT_LIST_MAX = 50;
/** Tree rows have one height, so that only the visible ones need to exist. */
export const ROW_HEIGHT_PX = 44;
const VISIBLE_ROWS = 8;
/** Deeper levels are indented as the sixth: on a phone, deeper indents would leave no room. */
const MAX_INDENT = 6;
/** Rows rendered beyond the visible ones, so a quick scroll does not show a gap. */
const OVERSCAN_ROWS = 6;

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/**
 * The topics an entity's filter matches, each with its last message, its age, retained flag
 * and QoS. Up to 50 as a list; past that as a collapsible tree of topic levels with message
 * counts per branch and a search field, whose rows are virtualised: only the visible ones
 * are in the DOM, so 10,000 topics never build 10,000 rows.
 * @fires mq-topic-select - a topic was picked (TopicSelectEvent)
 */
@customElement('mq-topic-list')
export class MqTopicList extends LitElement {
  static override styles = [
    fieldStyles,
    css`
      :host {
        display: block;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .flat {
        display: grid;
        gap: 0.25rem;
        max-height: 22rem;
        overflow: auto;
      }
      .pick {
        all: unset;
        box-sizing: border-box;
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        grid-template-areas: 'topic topic' 'preview meta';
        gap: 0 0.75rem;
        width: 100%;
        min-height: 2.75rem;
        padding: 0.25rem 0.5rem;
        border-radius: 0.375rem;
        cursor: pointer;
        color: var(--mq-text);
      }
      .pick:hover {
        background: var(--mq-hover-bg);
      }
      .pick[aria-pressed='true'] {
        background: var(--mq-selected-bg);
        box-shadow: inset 3px 0 0 var(--mq-accent);
      }
      .pick:focus-visible,
      .toggle:focus-visible {
        outline: 3px solid var(--mq-focus);
        outline-offset: -3px;
      }
      .topic,
      .name {
        font-family: ui-monospace, monospace;
        font-size: 0.875rem;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .topic {
        grid-area: topic;
      }
      .preview {
        grid-area: preview;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .meta {
        grid-area: meta;
        align-self: center;
        text-align: right;
        font-size: 0.8125rem;
        color: var(--mq-muted);
        white-space: nowrap;
      }
      .viewport {
        height: var(--viewport-height);
        overflow: auto;
        border: 1px solid var(--mq-border);
        border-radius: 0.5rem;
        contain: strict;
      }
      .scroller {
        position: relative;
        height: var(--total-height);
      }
      .tree {
        transform: translateY(var(--offset));
      }
      .tree li[data-depth='1'] {
        padding-left: 1rem;
      }
      .tree li[data-depth='2'] {
        padding-left: 2rem;
      }
      .tree li[data-depth='3'] {
        padding-left: 3rem;
      }
      .tree li[data-depth='4'] {
        padding-left: 4rem;
      }
      .tree li[data-depth='5'] {
        padding-left: 5rem;
      }
      .tree li[data-depth='6'] {
        padding-left: 6rem;
      }
      .tree li {
        box-sizing: border-box;
        display: flex;
        align-items: center;
        gap: 0.25rem;
        height: ${ROW_HEIGHT_PX}px;
        padding-right: 0.5rem;
        overflow: hidden;
      }
      .tree .pick {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        min-height: 0;
        height: 100%;
        flex: 1;
        min-width: 0;
      }
      .tree .preview {
        flex: 1;
        min-width: 0;
        color: var(--mq-muted);
      }
      .tree .name {
        flex: none;
        max-width: 55%;
      }
      .toggle {
        all: unset;
        flex: none;
        width: 2.25rem;
        height: 2.25rem;
        display: grid;
        place-items: center;
        border-radius: 0.375rem;
        cursor: pointer;
        color: var(--mq-text);
      }
      .spacer {
        flex: none;
        width: 2.25rem;
      }
      .count {
        flex: none;
        font-size: 0.8125rem;
        color: var(--mq-muted);
        white-space: nowrap;
      }
      .branch-name {
        flex: 1;
        min-width: 0;
      }
      .summary {
        margin: 0.5rem 0 0;
      }
      .empty {
        color: var(--mq-muted);
        margin: 0;
      }
    `,
  ];

  /** The matching topics' records, by topic. */
  @property({ attribute: false }) records: ReadonlyMap<string, TopicRecord> = new Map();
  /** The same topics as a tree (kept by the owner, updated with what changed). */
  @property({ attribute: false }) tree: TopicTree | undefined;
  /** Changes whenever the records did: the owner's FilterView version. */
  @property({ type: Number }) version = 0;
  /** The entity's name, for the labels. */
  @property({ attribute: 'entity-name' }) entityName = '';
  /** The picked topic. */
  @property() selected = '';
  /** The time ages are counted to. */
  @property({ type: Number }) now = Date.now();

  @state() private search = '';
  @state() private expanded: ReadonlySet<string> = new Set();
  @state() private firstRow = 0;
  private scrollFrame = 0;

  private pick(topic: string): void {
    this.dispatchEvent(new TopicSelectEvent(topic));
  }

  private meta(record: TopicRecord) {
    const parts = [''];
    if (record.retained) parts.push('retained');
    parts.push(`QoS ${record.qos}`);
    const when = new Date(record.receivedAt);
    return html`<time datetime=${when.toISOString()}>${formatAge(record.receivedAt, Math.max(this.now, record.receivedAt))}</time>${parts.join(' · ')}`;
  }

  private preview(record: TopicRecord): string {
    // One line of it: the row shows the start, the payload view the whole.
    const text = record.text.length > 200 ? record.text.slice(0, 200) : record.text;
    return text.replace(/\s+/g, ' ');
  }

  private renderFlat() {
    const records = [...this.records.values()].sort((a, b) => a.topic.localeCompare(b.topic, 'en', { numeric: true }));
    if (records.length === 0) return html`<p class="empty">No topics yet.</p>`;
    return html`<ul class="flat" aria-label="Topics of ${this.entityName}">
      ${repeat(
        records,
        (record) => record.topic,
        (record) => html`<li>
          <button type="button" class="pick" aria-pressed=${record.topic === this.selected ? 'true' : 'false'} @click=${() => this.pick(record.topic)}>
            <span class="topic">${record.topic}</span>
            <span class="preview">${this.preview(record)}</span>
            <span class="meta">${this.meta(record)}</span>
          </button>
        </li>`,
      )}
    </ul>`;
  }

  private toggle(path: string): void {
    const expanded = new Set(this.expanded);
    if (expanded.has(path)) expanded.delete(path);
    else expanded.add(path);
    this.expanded = expanded;
  }

  private onScroll(event: Event): void {
    const viewport = event.currentTarget as HTMLElement;
    cancelAnimationFrame(this.scrollFrame);
    this.scrollFrame = requestAnimationFrame(() => {
      this.firstRow = Math.floor(viewport.scrollTop / ROW_HEIGHT_PX);
    });
  }

  private renderRow(row: TreeRow) {
    const name = row.name === '' ? '(empty level)' : row.name;
    const toggle = row.branch
      ? html`<button
          type="button"
          class="toggle"
          aria-expanded=${row.expanded ? 'true' : 'false'}
          aria-label="${row.expanded ? 'Collapse' : 'Expand'} ${row.path}"
          @click=${() => this.toggle(row.path)}
        >
          <span aria-hidden="true">${row.expanded ? '▾' : '▸'}</span>
        </button>`
      : html`<span class="spacer" aria-hidden="true"></span>`;
    const counts = row.branch ? html`<span class="count">${plural(row.count, 'message', 'messages')} · ${plural(row.topics, 'topic', 'topics')}</span>` : nothing;
    const record = row.record;
    const body =
      record === undefined
        ? html`<span class="name branch-name">${name}</span>`
        : html`<button
            type="button"
            class="pick"
            aria-pressed=${record.topic === this.selected ? 'true' : 'false'}
            title=${record.topic}
            @click=${() => this.pick(record.topic)}
          >
            <span class="name">${name}</span>
            <span class="preview">${this.preview(record)}</span>
            <span class="count">${row.branch ? nothing : this.meta(record)}</span>
          </button>`;
    return html`<li data-depth=${Math.min(row.depth, MAX_INDENT)} data-path=${row.path}>${toggle}${body}${counts}</li>`;
  }

  private renderTree(tree: TopicTree) {
    const rows = tree.rows(this.expanded, this.search);
    const first = Math.max(0, this.firstRow - OVERSCAN_ROWS);
    const last = Math.min(rows.length, this.firstRow + VISIBLE_ROWS + OVERSCAN_ROWS);
    const shown = rows.slice(first, last);
    this.layout = {
      viewport: Math.min(rows.length, VISIBLE_ROWS) * ROW_HEIGHT_PX || ROW_HEIGHT_PX,
      total: rows.length * ROW_HEIGHT_PX,
      offset: first * ROW_HEIGHT_PX,
    };
    return html`<label for="search">Search topics</label>
      <input
        id="search"
        type="search"
        aria-label="Search topics of ${this.entityName}"
        .value=${this.search}
        autocomplete="off"
        spellcheck="false"
        autocapitalize="off"
        @input=${(e: InputEvent) => {
          this.search = (e.target as HTMLInputElement).value;
          this.firstRow = 0;
        }}
      />
      <p class="hint summary" aria-live="polite">
        ${this.search.trim() === ''
          ? `${plural(tree.size, 'topic', 'topics')}, as a tree.`
          : `${plural(rows.filter((row) => row.record !== undefined).length, 'topic matches', 'topics match')} “${this.search.trim()}”.`}
      </p>
      <div class="viewport" @scroll=${this.onScroll}>
        <div class="scroller">
          <ul class="tree" aria-label="Topic tree of ${this.entityName}">
            ${repeat(shown, (row) => row.path, (row) => this.renderRow(row))}
          </ul>
        </div>
      </div>`;
  }

  /**
   * The virtual list's sizes, set through the CSSOM: the Content-Security-Policy allows no
   * style attributes, and these change with every scroll.
   */
  private layout = { viewport: 0, total: 0, offset: 0 };

  override updated(): void {
    const viewport = this.renderRoot.querySelector<HTMLElement>('.viewport');
    if (viewport === null) return;
    const { viewport: height, total, offset } = this.layout;
    viewport.style.setProperty('--viewport-height', `${height}px`);
    viewport.style.setProperty('--total-height', `${total}px`);
    viewport.style.setProperty('--offset', `${offset}px`);
  }

  override render() {
    const tree = this.tree;
    if (tree !== undefined && this.records.size > FLAT_LIST_MAX) return this.renderTree(tree);
    return this.renderFlat();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.scrollFrame);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-topic-list': MqTopicList;
  }
  interface HTMLElementEventMap {
    'mq-topic-select': TopicSelectEvent;
  }
}
