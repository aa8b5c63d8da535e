import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { formatAge } from '../app/format-age.js';
import { formatBytes } from '../mqtt/payload.js';
import { NO_MESSAGES, type LastMessage } from '../store/app-state.js';
import { AppSliceController } from './app-slice-controller.js';
import { cardStyles, fieldStyles } from './theme.js';

const AGE_REFRESH_MS = 15_000;

/**
 * The hello_mqtt entity: its topic, and its state, the last message on that topic (shown as
 * text, never as markup), with when it arrived.
 */
@customElement('mq-entity-card')
export class MqEntityCard extends LitElement {
  static override styles = [
    cardStyles,
    fieldStyles,
    css`
      dl {
        margin: 1rem 0 0;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0.25rem 0 0.75rem;
      }
      .payload {
        font-size: 1.5rem;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        max-height: 40vh;
        overflow: auto;
      }
      .payload[data-format='hex'] {
        font-family: ui-monospace, monospace;
        font-size: 1rem;
      }
      .payload[data-empty] {
        color: var(--mq-muted);
      }
      .entity-id {
        font-family: ui-monospace, monospace;
        font-size: 0.875rem;
        color: var(--mq-muted);
      }
    `,
  ];

  private readonly app = new AppSliceController(this, (s) => ({
    topic: s.topic,
    topicProblem: s.topicProblem,
    subscribed: s.subscribed,
    lastMessage: s.lastMessage,
  }));

  @state() private now = Date.now();
  private ticker: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.ticker = setInterval(() => (this.now = Date.now()), AGE_REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.ticker);
  }

  private onTopicChange(event: Event): void {
    void this.app.commands?.changeTopic((event.target as HTMLInputElement).value);
  }

  private describe(message: LastMessage): string {
    const parts = [formatBytes(message.byteLength)];
    if (message.format === 'hex') parts.push('not text: shown as hex');
    if (message.truncated) parts.push('shortened for display');
    if (message.retained) parts.push('retained');
    if (message.topic !== this.app.value?.topic) parts.push(`on ${message.topic}`);
    return parts.join(' · ');
  }

  override render() {
    const slice = this.app.value;
    if (slice === undefined) return nothing;
    const { topic, topicProblem, subscribed, lastMessage } = slice;
    const now = Math.max(this.now, lastMessage?.receivedAt ?? 0);
    return html`<h2>hello_mqtt <span class="entity-id">hello_mqtt.last_message</span></h2>
      <label for="topic">Topic</label>
      <input
        id="topic"
        name="topic"
        .value=${topic}
        spellcheck="false"
        autocapitalize="off"
        autocomplete="off"
        enterkeyhint="done"
        aria-invalid=${topicProblem ? 'true' : 'false'}
        aria-describedby=${topicProblem ? 'topic-hint topic-problem' : 'topic-hint'}
        @change=${this.onTopicChange}
      />
      <p class="hint" id="topic-hint">
        ${subscribed ? `Subscribed to ${topic}.` : 'Not subscribed: connect to receive messages.'}
        Changes apply when you press Enter or leave the field; + and # wildcards work.
      </p>
      ${topicProblem ? html`<p class="problem" id="topic-problem" role="alert">${topicProblem}</p>` : nothing}
      <dl>
        <dt id="last-message-label">Last message</dt>
        <dd
          class="payload"
          aria-labelledby="last-message-label"
          data-format=${lastMessage?.format ?? 'text'}
          ?data-empty=${lastMessage === null}
        >${lastMessage?.text ?? NO_MESSAGES}</dd>
        ${lastMessage === null
          ? nothing
          : html`<dt>Received</dt>
              <dd class="received">
                <time datetime=${new Date(lastMessage.receivedAt).toISOString()}
                  title=${new Date(lastMessage.receivedAt).toLocaleString()}
                  >${formatAge(lastMessage.receivedAt, now)}</time
                >
                <span class="hint">· ${this.describe(lastMessage)}</span>
              </dd>`}
      </dl>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-entity-card': MqEntityCard;
  }
}
