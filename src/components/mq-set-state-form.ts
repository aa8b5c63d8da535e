import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { OutboxItem } from '../store/app-state.js';
import { AppSliceController } from './app-slice-controller.js';
import { cardStyles, fieldStyles } from './theme.js';

const STATE_WORDS: Record<OutboxItem['state'], string> = {
  queued: 'queued: sent when connected',
  sending: 'sending…',
  sent: 'sent',
};

/**
 * hello_mqtt's set_state action: publishes the typed text to the entity's topic. The text is
 * a draft in the store until it is in the outbox, and the outbox (listed here, with each
 * message's state and a Cancel for those still queued) keeps it until the broker has it.
 */
@customElement('mq-set-state-form')
export class MqSetStateForm extends LitElement {
  static override styles = [
    cardStyles,
    fieldStyles,
    css`
      ol {
        list-style: none;
        margin: 0.75rem 0 0;
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
      }
      .text {
        overflow-wrap: anywhere;
        white-space: pre-wrap;
      }
      li button {
        min-height: 2.25rem;
        padding: 0.25rem 0.75rem;
      }
    `,
  ];

  private readonly app = new AppSliceController(this, (s) => ({
    topic: s.topic,
    outbox: s.outbox,
    problem: s.publishProblem,
    draft: s.drafts.newState,
  }));

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    await this.app.commands?.setState(this.app.value?.draft ?? '');
  }

  private cancel(id: number): void {
    void this.app.commands?.cancelQueued(id);
    // The button goes with its row: keep the keyboard user in the form, not on the page body.
    this.renderRoot.querySelector<HTMLInputElement>('#new-state')?.focus();
  }

  private item(item: OutboxItem) {
    return html`<li data-state=${item.state}>
      <span><span class="text">“${item.text}”</span> <span class="hint">→ ${item.topic} · ${STATE_WORDS[item.state]}</span></span>
      ${item.state === 'queued'
        ? html`<button
            type="button"
            class="secondary"
            aria-label="Cancel “${item.text}”"
            @click=${() => this.cancel(item.id)}
          >
            Cancel
          </button>`
        : nothing}
    </li>`;
  }

  override render() {
    const slice = this.app.value;
    if (slice === undefined) return nothing;
    const pending = slice.outbox.filter((i) => i.state !== 'sent').length;
    const lastSent = slice.outbox.at(-1);
    const summary =
      pending > 0
        ? `${pending} ${pending === 1 ? 'message' : 'messages'} waiting to be sent.`
        : lastSent?.state === 'sent'
          ? `Sent “${lastSent.text}” to ${lastSent.topic}.`
          : '';
    return html`<form @submit=${this.submit}>
      <h2>Set state</h2>
      <label for="new-state">New state</label>
      <input
        id="new-state"
        name="new-state"
        .value=${slice.draft}
        autocomplete="off"
        enterkeyhint="send"
        aria-describedby="set-state-problem outbox-summary"
        @input=${(e: InputEvent) => this.app.commands?.draftNewState((e.target as HTMLInputElement).value)}
      />
      <div class="actions">
        <button type="submit">Set state</button>
      </div>
      <p id="set-state-problem" class="problem" role="alert">${slice.problem}</p>
      <p id="outbox-summary" class="hint" aria-live="polite">${summary}</p>
      ${slice.outbox.length === 0
        ? nothing
        : html`<ol aria-label="Outbox">
            ${slice.outbox.map((item) => this.item(item))}
          </ol>`}
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-set-state-form': MqSetStateForm;
  }
}
