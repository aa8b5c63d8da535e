import { LitElement, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { AppSliceController } from './app-slice-controller.js';
import { cardStyles, fieldStyles } from './theme.js';

/**
 * hello_mqtt's set_state action: publishes the typed text to the entity's topic. The text
 * is a draft in the store (saved across reloads) until the broker has acknowledged it.
 */
@customElement('mq-set-state-form')
export class MqSetStateForm extends LitElement {
  static override styles = [cardStyles, fieldStyles];

  private readonly app = new AppSliceController(this, (s) => ({
    topic: s.topic,
    publish: s.publish,
    draft: s.drafts.newState,
  }));

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const slice = this.app.value;
    await this.app.commands?.setState(slice?.draft ?? '');
  }

  private outcome() {
    const publish = this.app.value?.publish;
    switch (publish?.state) {
      case 'sending':
        return 'Sending…';
      case 'sent':
        return `Sent “${publish.text}” to ${this.app.value?.topic}.`;
      case 'failed':
        return `Not sent: ${publish.reason}`;
      default:
        return '';
    }
  }

  override render() {
    const slice = this.app.value;
    if (slice === undefined) return nothing;
    const failed = slice.publish.state === 'failed';
    return html`<form @submit=${this.submit}>
      <h2>Set state</h2>
      <label for="new-state">New state</label>
      <input
        id="new-state"
        name="new-state"
        .value=${slice.draft}
        autocomplete="off"
        enterkeyhint="send"
        aria-describedby="set-state-outcome"
        @input=${(e: InputEvent) => this.app.commands?.draftNewState((e.target as HTMLInputElement).value)}
      />
      <div class="actions">
        <button type="submit" ?disabled=${slice.publish.state === 'sending'}>Set state</button>
      </div>
      <p id="set-state-outcome" class=${failed ? 'problem' : 'hint'} aria-live="polite">${this.outcome()}</p>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-set-state-form': MqSetStateForm;
  }
}
