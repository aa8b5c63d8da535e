import { LitElement, css, html, nothing, unsafeCSS, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import type { Entity } from '../entities/entity.js';
import { historyCsv, historyFileName, historyJson } from '../history/history-export.js';
import { HISTORY_TEXT_LIMIT, isRetainedReplay, type HistoryEntry, type HistorySummary } from '../history/history.js';
import { extendView, historyView, summarize, type HistoryView, type NumberSeries, type StateTimeline } from '../history/series.js';
import { formatBytes } from '../mqtt/payload.js';
import type { TopicRecord } from '../topics/topic-record.js';
import { dangerStyles } from './danger-styles.js';
import { download } from './download.js';
import { HistoryChart } from './history-chart.js';
import type { JsonPickEvent } from './mq-json-pick-view.js';
import { StoreController } from './store-controller.js';
import { TopicController } from './topic-controller.js';
import { fieldStyles } from './theme.js';
import './mq-json-pick-view.js';

type Range = 'hour' | 'day' | 'week' | 'all';
const RANGES: readonly { id: Range; label: string; ms: number }[] = [
  { id: 'hour', label: 'Last hour', ms: 3_600_000 },
  { id: 'day', label: 'Day', ms: 86_400_000 },
  { id: 'week', label: 'Week', ms: 7 * 86_400_000 },
  { id: 'all', label: 'All', ms: Infinity },
];
/** Text payloads: how many of the newest are listed. */
const RECENT_SHOWN = 50;
/** How soon live records are read back from the history (the recorder writes a flood every 250 ms). */
const CATCH_UP_MS = 400;
/**
 * A live record the history still lacks after this will not be in it (a flood beyond what the
 * storage takes is not kept): it is no longer shown as if it were.
 */
const UNRECORDED_AFTER_MS = 10_000;
const CHART_HEIGHT = 220;
const darkScheme = matchMedia('(prefers-color-scheme: dark)');

const time = (at: number) => {
  const when = new Date(at);
  return html`<time datetime=${when.toISOString()}>${when.toLocaleString()}</time>`;
};

/** A number as the entity shows it: its decimals, when set. */
function shown(value: number, decimals: number | null): string {
  return decimals === null ? String(Number(value.toPrecision(6))) : value.toFixed(decimals);
}

/**
 * An entity's history, kept on this device: a chart of its numbers (the payload or the JSON
 * fields picked), a timeline of its two states, or its recent texts; a range to show, the
 * topic to show for a filter, Export CSV and JSON, and Clear history with a confirmation.
 * Loaded after the first paint, when a card's History is opened.
 */
@customElement('mq-entity-history')
export class MqEntityHistory extends LitElement {
  static override styles = [
    unsafeCSS(uplotCss),
    fieldStyles,
    dangerStyles,
    css`
      :host {
        display: block;
        margin-top: 0.75rem;
        padding-top: 0.75rem;
        border-top: 1px solid var(--mq-border-soft);
      }
      .bar,
      .tools {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      .bar button,
      .tools button {
        min-height: 2.5rem;
        padding: 0.25rem 0.75rem;
        font-size: 0.875rem;
      }
      button[aria-pressed='true'] {
        background: var(--mq-selected-bg);
        border: 2px solid var(--mq-accent);
      }
      .chart {
        margin: 0.75rem 0 0;
        min-height: ${CHART_HEIGHT}px;
        overflow: hidden;
      }
      .summary,
      .kept {
        margin: 0.5rem 0;
        font-size: 0.875rem;
      }
      .kept {
        color: var(--mq-muted);
      }
      .timeline {
        display: flex;
        height: 2rem;
        margin: 0.75rem 0 0;
        border: 1px solid var(--mq-border);
        border-radius: 0.25rem;
        overflow: hidden;
      }
      /* Widths by the style property (CSSOM): the CSP (style-src 'self') drops style attributes. */
      .timeline span {
        min-width: 1px;
      }
      .timeline .on {
        background: var(--mq-accent);
      }
      .timeline .off {
        background: var(--mq-border-soft);
      }
      ol {
        margin: 0.75rem 0 0;
        padding: 0;
        list-style: none;
        max-height: 16rem;
        overflow: auto;
        font-size: 0.875rem;
      }
      li {
        display: flex;
        gap: 0.75rem;
        padding: 0.25rem 0;
        border-bottom: 1px solid var(--mq-border-soft);
      }
      li time {
        flex: none;
        color: var(--mq-muted);
      }
      li span {
        overflow-wrap: anywhere;
        white-space: pre-wrap;
      }
      .pick {
        margin: 0.75rem 0 0;
      }
      .confirm {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin-top: 0.5rem;
      }
      label.inline {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        font-size: 0.875rem;
      }
    `,
  ];

  @property({ attribute: false }) entity: Entity | undefined;

  @state() private range: Range = 'day';
  /** The user zoomed or moved the chart: the window (seconds), until a range is chosen again. */
  @state() private window: { from: number; to: number } | null = null;
  @state() private topics: HistorySummary[] = [];
  @state() private topic = '';
  @state() private entries: HistoryEntry[] = [];
  @state() private loading = true;
  @state() private confirmingClear = false;
  @state() private allTopics = false;
  @state() private said = '';

  private readonly live = new TopicController(this);
  private readonly store = new StoreController(this, (s) => s.ui, (ui) => ui.theme);
  private chart: HistoryChart | null = null;
  private resizer: ResizeObserver | null = null;
  /** Where the messages read start (ms since the epoch): a window moved before it reads older ones. */
  private loadedFrom = Infinity;
  private readingOlder = false;
  /** The theme the chart's colours are from (the chosen one, and whether the system's is dark). */
  private theme = '';
  /** The newest message shown, so that a live record is added once. */
  private lastSeen = -Infinity;
  /**
   * Live records not yet read back from the history: the page hears of the newest message of
   * a topic per frame, the history has every one. Shown at once, then replaced by what the
   * recorder wrote (catchUp), so that a chart following a stream shows all of it.
   */
  private provisional: HistoryEntry[] = [];
  /** The newest message read from the history: where the next catch-up starts. */
  private lastRead: { at: number; seq: number } | null = null;
  private catchingUp: ReturnType<typeof setTimeout> | undefined;
  /** Which load is current: an older one finishing late is dropped. */
  private loads = 0;
  /** The view of the first `length` entries: a message that arrives extends it (extendView). */
  private cachedView: { entries: HistoryEntry[]; length: number; fields: string; view: HistoryView } | null = null;
  /** The first read starts once the app's commands have come (through the context). */
  private started = false;

  private get commands() {
    return this.store.commands;
  }

  /** The JSON fields charted: those picked, else a sensor's or a control's own value. */
  private get fields(): readonly string[] {
    const entity = this.entity!;
    if (entity.options.history.fields.length > 0) return entity.options.history.fields;
    return entity.kind !== 'text' && entity.device.valuePath !== '' ? [entity.device.valuePath] : [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    darkScheme.addEventListener('change', this.schemeChanged);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    darkScheme.removeEventListener('change', this.schemeChanged);
    clearTimeout(this.catchingUp);
    this.catchingUp = undefined;
    this.dropChart();
  }

  private readonly schemeChanged = () => this.requestUpdate();

  private dropChart(): void {
    this.chart?.destroy();
    this.chart = null;
    this.resizer?.disconnect();
    this.resizer = null;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (this.entity === undefined) return;
    this.live.filter = this.entity.topic;
    if (!this.started && this.commands !== undefined) {
      this.started = true;
      void this.load();
    }
    if (changed.has('entity') && changed.get('entity') !== undefined && (changed.get('entity') as Entity).topic !== this.entity.topic) void this.load();
    this.takeLive();
  }

  private rangeStart(now = Date.now()): number {
    const ms = RANGES.find((r) => r.id === this.range)!.ms;
    return ms === Infinity ? -Infinity : now - ms;
  }

  /** Reads the topics with history and the shown topic's messages in the range. */
  private async load(): Promise<void> {
    const commands = this.commands;
    const entity = this.entity;
    if (commands === undefined || entity === undefined) return;
    const load = ++this.loads;
    this.loading = true;
    const topics = await commands.historyTopics(entity.id);
    const topic = topics.some((t) => t.topic === this.topic) ? this.topic : (topics.find((t) => t.topic === entity.topic) ?? topics[0])?.topic ?? '';
    const from = this.rangeStart();
    const entries = topic === '' ? [] : await commands.readHistory(topic, from);
    if (load !== this.loads) return;
    this.loadedFrom = from;
    this.topics = topics;
    this.topic = topic;
    this.entries = entries;
    this.provisional = [];
    const newest = entries[entries.length - 1];
    this.lastRead = newest === undefined ? null : { at: newest.at, seq: newest.seq };
    this.lastSeen = newest?.at ?? -Infinity;
    this.loading = false;
  }

  /** The user moved or widened the chart's window (seconds): before what was read, older messages are read. */
  private windowMoved(from: number, to: number): void {
    this.window = { from, to };
    // A window's width more than is shown, so that a drag does not read at every step.
    const wanted = (from - (to - from)) * 1000;
    if (this.readingOlder || this.loading || this.topic === '' || wanted >= this.loadedFrom) return;
    void this.readOlder(wanted);
  }

  private async readOlder(from: number): Promise<void> {
    const commands = this.commands;
    if (commands === undefined) return;
    this.readingOlder = true;
    const load = this.loads;
    const topic = this.topic;
    const until = this.loadedFrom;
    const older = await commands.readHistory(topic, from, until);
    this.readingOlder = false;
    if (load !== this.loads || topic !== this.topic) return;
    this.loadedFrom = from;
    // What starts at `until` was read already.
    const before = older.filter((e) => e.at < until);
    if (before.length > 0) this.entries = [...before, ...this.entries];
  }

  /** Reads what the recorder wrote since the last read, in place of the live records it covers. */
  private catchUp(): void {
    if (this.catchingUp !== undefined) return;
    this.catchingUp = setTimeout(async () => {
      const commands = this.commands;
      const topic = this.topic;
      const load = this.loads;
      const since = this.lastRead;
      const read = commands === undefined || topic === '' ? [] : await commands.readHistory(topic, since?.at ?? this.rangeStart());
      this.catchingUp = undefined;
      if (load !== this.loads || topic !== this.topic) return;
      const fresh = since === null ? read : read.filter((e) => e.at > since.at || (e.at === since.at && e.seq > since.seq));
      if (fresh.length > 0) {
        // Appended in place: the cached view extends with them (extendView), not read again whole.
        for (const entry of fresh) this.entries.push(entry);
        const newest = fresh[fresh.length - 1]!;
        this.lastRead = { at: newest.at, seq: newest.seq };
        this.provisional = this.provisional.filter((e) => e.at > newest.at);
        this.requestUpdate();
      }
      const oldest = Date.now() - UNRECORDED_AFTER_MS;
      if (this.provisional.some((e) => e.at < oldest)) {
        this.provisional = this.provisional.filter((e) => e.at >= oldest);
        this.requestUpdate();
      }
      // The recorder writes a flood in batches: what it has not written yet is read next time.
      if (this.provisional.length > 0) this.catchUp();
    }, CATCH_UP_MS);
  }

  /** A message that arrived since: added to what is shown (the recorder has it saved too). */
  private takeLive(): void {
    const record: TopicRecord | undefined = this.topic === '' ? this.live.newest : this.live.view?.records.get(this.topic);
    if (record === undefined || record.receivedAt <= this.lastSeen || this.loading) return;
    if (this.topic === '') {
      // The first message of a topic with no history yet: that topic is shown from now on.
      this.topic = record.topic;
      this.topics = [{ topic: record.topic, count: 0, bytes: 0, lastText: '' }];
    }
    if (record.topic !== this.topic) return;
    this.lastSeen = record.receivedAt;
    const text = record.text.slice(0, HISTORY_TEXT_LIMIT);
    const shownLast = this.provisional[this.provisional.length - 1] ?? this.entries[this.entries.length - 1];
    // As the recorder does not keep it twice.
    if (isRetainedReplay(record.retained, text, shownLast?.text)) return;
    const hex = record.format === 'hex';
    this.catchUp();
    this.provisional.push({
      topic: record.topic,
      at: record.receivedAt,
      seq: record.seq,
      text,
      hex,
      size: record.byteLength,
      cut: record.truncated,
      retained: record.retained,
    });
  }

  private view(): HistoryView {
    const fields = this.fields.join('\n');
    const cached = this.cachedView;
    const length = this.entries.length;
    let view: HistoryView;
    if (cached?.entries === this.entries && cached.fields === fields && cached.length === length) view = cached.view;
    else {
      const extended =
        cached?.entries === this.entries && cached.fields === fields && cached.length < length
          ? extendView(cached.view, this.entries.slice(cached.length), this.fields, Date.now())
          : null;
      view = extended ?? historyView(this.entries, this.fields, Date.now());
      this.cachedView = { entries: this.entries, length, fields, view };
    }
    if (this.provisional.length === 0) return view;
    return extendView(view, this.provisional, this.fields, Date.now()) ?? historyView([...this.entries, ...this.provisional], this.fields, Date.now());
  }

  /** The newest `count` shown: what the history holds, then the live records it has not written yet. */
  private newestShown(count: number): HistoryEntry[] {
    // Only the ends: no copy of 100,000 entries a frame.
    return [...this.entries.slice(-count), ...this.provisional].slice(-count);
  }

  private chooseRange(range: Range): void {
    this.range = range;
    this.window = null;
    void this.load();
  }

  private chooseTopic(event: Event): void {
    this.topic = (event.target as HTMLSelectElement).value;
    this.window = null;
    void this.load();
  }

  private pickField(event: JsonPickEvent): void {
    const entity = this.entity!;
    const current = entity.options.history.fields;
    const fields = current.includes(event.path) ? current.filter((f) => f !== event.path) : [...current, event.path];
    void this.commands?.updateEntityOptions(entity.id, { history: { ...entity.options.history, fields } });
  }

  /** The window shown, in seconds: the user's, or the range's up to now. */
  private shownWindow(series: NumberSeries): { from: number; to: number } {
    if (this.window !== null) return this.window;
    const to = Date.now() / 1000;
    const start = this.rangeStart();
    const from = start === -Infinity ? (series.times[0] ?? to - 3600) : start / 1000;
    return { from, to };
  }

  override updated(): void {
    const view = this.view();
    const host = this.renderRoot.querySelector<HTMLElement>('.chart');
    if (view.kind !== 'numbers' || host === null) {
      this.dropChart();
      return;
    }
    // The chart is drawn in the theme's colours: another theme (chosen, or the system's) draws
    // it again, in the next frame, once the app has taken the theme on.
    const theme = `${this.store.value ?? ''}/${darkScheme.matches}`;
    if (this.chart !== null && theme !== this.theme) {
      this.theme = theme;
      requestAnimationFrame(() => {
        this.dropChart();
        this.requestUpdate();
      });
    }
    if (this.chart === null) {
      this.theme = theme;
      const style = getComputedStyle(this);
      const look = {
        text: style.getPropertyValue('--mq-muted').trim() || '#555',
        grid: style.getPropertyValue('--mq-border-soft').trim() || '#ddd',
        lines: [style.getPropertyValue('--mq-accent').trim() || '#0b5cad', '#c2410c', '#15803d', '#7e22ce'],
      };
      this.chart = new HistoryChart(host, {
        unit: this.entity?.device.unit ?? '',
        height: CHART_HEIGHT,
        look,
        windowMoved: (from, to) => this.windowMoved(from, to),
      });
      this.resizer = new ResizeObserver(([entry]) => this.chart?.resize(entry!.contentRect.width));
      this.resizer.observe(host);
      this.chart.resize(host.clientWidth || 300);
    }
    const { from, to } = this.shownWindow(view);
    this.chart.show(view, from, to);
  }

  private async exportAs(format: 'csv' | 'json'): Promise<void> {
    const commands = this.commands;
    const entity = this.entity;
    if (commands === undefined || entity === undefined) return;
    const from = this.window === null ? this.rangeStart() : this.window.from * 1000;
    const to = this.window === null ? Infinity : this.window.to * 1000;
    const topics = this.allTopics ? this.topics.map((t) => t.topic) : [this.topic];
    const parts = await Promise.all(topics.filter((t) => t !== '').map((topic) => commands.readHistory(topic, from, to)));
    const entries = parts.flat().sort((a, b) => a.at - b.at || a.seq - b.seq);
    const now = new Date();
    if (format === 'csv') download(historyFileName(entity.name, 'csv', now), historyCsv(entries), 'text/csv');
    else download(historyFileName(entity.name, 'json', now), historyJson(entity.name, entries, now), 'application/json');
    this.said = `Exported ${entries.length} ${entries.length === 1 ? 'message' : 'messages'} as ${format.toUpperCase()}.`;
  }

  private async clear(): Promise<void> {
    const entity = this.entity;
    if (entity === undefined) return;
    this.confirmingClear = false;
    await this.commands?.clearHistory(entity.id);
    this.said = `Cleared the history of ${entity.name}.`;
    this.window = null;
    await this.load();
  }

  private renderNumbers(series: NumberSeries) {
    const entity = this.entity!;
    const { from, to } = this.shownWindow(series);
    const unit = entity.device.unit === '' ? '' : ` ${entity.device.unit}`;
    const lines = series.lines.map((line, i) => {
      const summary = summarize(series, i, from, to);
      const name = line.label === '' ? '' : `${line.label}: `;
      return summary === null
        ? `${name}nothing in this range`
        : `${name}now ${shown(summary.current, entity.device.decimals)}${unit}, min ${shown(summary.min, entity.device.decimals)}${unit}, max ${shown(summary.max, entity.device.decimals)}${unit}`;
    });
    return html`<div class="chart" role="img" aria-label="History chart" aria-describedby="summary"></div>
      <p class="summary" id="summary">${lines.join(' · ')}</p>`;
  }

  private renderStates(timeline: StateTimeline) {
    const now = Date.now();
    const start = Math.max(this.rangeStart(now), timeline.segments[0]?.from ?? now);
    const span = Math.max(1, now - start);
    const visible = timeline.segments.filter((s) => s.to > start);
    const onMs = visible.filter((s) => s.on).reduce((sum, s) => sum + s.to - Math.max(s.from, start), 0);
    const last = timeline.segments[timeline.segments.length - 1];
    const summary =
      last === undefined
        ? ''
        : `${last.label} since ${new Date(last.from).toLocaleString()}; on ${Math.round((onMs / span) * 100)}% of the time shown, ${timeline.segments.length - 1} ${timeline.segments.length === 2 ? 'change' : 'changes'}.`;
    return html`<div class="timeline" role="img" aria-label="State timeline" aria-describedby="summary">
        ${visible.map((s) => html`<span class=${s.on ? 'on' : 'off'} .style=${`flex: ${s.to - Math.max(s.from, start)} 0 0`} title=${`${s.label}, ${new Date(s.from).toLocaleString()}`}></span>`)}
      </div>
      <p class="summary" id="summary">${summary}</p>`;
  }

  private renderRecent() {
    const recent = this.newestShown(RECENT_SHOWN).reverse();
    if (recent.length === 0) return nothing;
    return html`<ol aria-label="Recent values">
      ${recent.map((e) => html`<li>${time(e.at)}<span>${e.text}</span></li>`)}
    </ol>`;
  }

  private renderPicker() {
    const entity = this.entity!;
    const latest = this.topic === '' ? undefined : this.live.view?.records.get(this.topic);
    if (latest?.format !== 'json' || entity.kind !== 'text') return nothing;
    return html`<div class="pick">
      <p class="summary">Tap a number to chart it (tap again to stop).</p>
      <mq-json-pick-view
        .record=${latest}
        view="json"
        label="Fields of ${entity.name} to chart"
        .pickedPaths=${entity.options.history.fields}
        @mq-json-pick=${this.pickField}
      ></mq-json-pick-view>
    </div>`;
  }

  override render() {
    const entity = this.entity;
    if (entity === undefined) return nothing;
    const view = this.view();
    const kept = this.topics.find((t) => t.topic === this.topic);
    let body;
    if (this.loading) body = html`<p class="summary">Reading the history…</p>`;
    else if (this.entries.length === 0 && this.provisional.length === 0) {
      body = html`<p class="summary">
        ${entity.options.history.keep ? 'Nothing recorded in this range yet. Messages are kept on this device as they arrive.' : 'History is off for this entity (Edit to switch it on).'}
      </p>`;
    } else if (view.kind === 'numbers') body = this.renderNumbers(view);
    else if (view.kind === 'states') body = this.renderStates(view);
    else body = this.renderRecent();
    return html`<section aria-label="History of ${entity.name}">
      <div class="bar">
        <div class="bar" role="group" aria-label="Range shown">
          ${RANGES.map(
            (r) => html`<button type="button" class="secondary" aria-pressed=${this.window === null && this.range === r.id ? 'true' : 'false'} @click=${() => this.chooseRange(r.id)}>
              ${r.label}
            </button>`,
          )}
        </div>
        ${this.topics.length > 1
          ? html`<label class="inline"
              >Topic
              <select @change=${this.chooseTopic}>
                ${this.topics.map((t) => html`<option value=${t.topic} ?selected=${t.topic === this.topic}>${t.topic}</option>`)}
              </select></label
            >`
          : nothing}
      </div>
      ${body} ${view.kind === 'states' ? nothing : this.renderPicker()}
      <p class="kept">
        ${kept === undefined ? 'Nothing kept yet.' : `${kept.count.toLocaleString()} ${kept.count === 1 ? 'message' : 'messages'} kept on this device (${formatBytes(kept.bytes)}); the newest ${entity.options.history.maxMessages.toLocaleString()} or ${formatBytes(entity.options.history.maxBytes)} are kept.`}
      </p>
      <div class="tools">
        <button type="button" class="secondary" @click=${() => void this.exportAs('csv')}>Export CSV</button>
        <button type="button" class="secondary" @click=${() => void this.exportAs('json')}>Export JSON</button>
        ${this.topics.length > 1
          ? html`<label class="inline"><input type="checkbox" .checked=${this.allTopics} @change=${(e: Event) => (this.allTopics = (e.target as HTMLInputElement).checked)} /> All ${this.topics.length} topics</label>`
          : nothing}
        <button type="button" class="secondary" aria-expanded=${this.confirmingClear ? 'true' : 'false'} @click=${() => (this.confirmingClear = true)}>Clear history</button>
      </div>
      ${this.confirmingClear
        ? html`<div class="confirm" role="group" aria-label="Clear the history of ${entity.name}?">
            <span>Clear the history of ${entity.name} from this device?</span>
            <button type="button" class="danger" @click=${() => void this.clear()}>Clear</button>
            <button type="button" class="secondary" @click=${() => (this.confirmingClear = false)}>Keep it</button>
          </div>`
        : nothing}
      <p class="kept" role="status">${this.said}</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-entity-history': MqEntityHistory;
  }
}
