import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { HistoryUsage } from '../app/history-commands.js';
import { MIB } from '../history/history.js';
import { formatBytes } from '../mqtt/payload.js';
import { StoreController } from './store-controller.js';
import { dangerStyles } from './danger-styles.js';
import { cardStyles, fieldStyles } from './theme.js';

/**
 * History, in Settings: how much is kept on this device against its budget and against what
 * the browser allows this site, the budget for all entities together, and Clear all history
 * after a confirmation.
 */
@customElement('mq-history-settings')
export class MqHistorySettings extends LitElement {
  static override styles = [
    cardStyles,
    fieldStyles,
    dangerStyles,
    css`
      .note {
        color: var(--mq-muted);
        font-size: 0.875rem;
      }
      .budget {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: end;
      }
      .budget div {
        flex: 1 1 10rem;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin-top: 1rem;
      }
    `,
  ];

  private readonly ui = new StoreController(this, (s) => s.ui, (ui) => ui.historyBudget);
  @state() private usage: HistoryUsage | null = null;
  @state() private budgetText: string | null = null;
  @state() private problem = '';
  @state() private confirming = false;
  @state() private said = '';
  private asked = false;

  override willUpdate(): void {
    if (!this.asked && this.ui.commands !== undefined) {
      this.asked = true;
      void this.refresh();
    }
  }

  private async refresh(): Promise<void> {
    this.usage = (await this.ui.commands?.historyUsage()) ?? null;
  }

  private chooseBudget(event: SubmitEvent): void {
    event.preventDefault();
    const mib = Number(this.budgetText ?? '');
    if (!Number.isFinite(mib) || mib < 1) {
      this.problem = 'The history budget is a number of MiB, 1 or more.';
      return;
    }
    this.problem = '';
    this.ui.commands?.chooseHistoryBudget(Math.round(mib * MIB));
    this.budgetText = null;
    this.said = `History budget set to ${formatBytes(Math.round(mib * MIB))}; the oldest messages go first beyond it.`;
    void this.refresh();
  }

  private async clearAll(): Promise<void> {
    this.confirming = false;
    await this.ui.commands?.clearHistory(null);
    this.said = 'Cleared all history from this device.';
    await this.refresh();
  }

  override render() {
    const budget = this.ui.value;
    if (budget === undefined) return nothing;
    const usage = this.usage;
    const site =
      usage?.siteUsage == null || usage.siteQuota == null
        ? ''
        : ` This site stores ${formatBytes(usage.siteUsage)} in all, of ${formatBytes(usage.siteQuota)} the browser allows it.`;
    return html`<h2>History</h2>
      <p class="note">
        ${usage === null
          ? 'Reading what is kept…'
          : `${usage.count.toLocaleString()} ${usage.count === 1 ? 'message' : 'messages'} kept on this device, ${formatBytes(usage.bytes)} of the ${formatBytes(budget)} budget.${site}`}
      </p>
      <form class="budget" @submit=${this.chooseBudget} novalidate>
        <div>
          <label for="history-budget">History budget for all entities (MiB)</label>
          <input
            id="history-budget"
            type="number"
            inputmode="decimal"
            min="1"
            .value=${this.budgetText ?? String(Number((budget / MIB).toFixed(1)))}
            aria-invalid=${this.problem === '' ? 'false' : 'true'}
            aria-describedby="history-budget-problem"
            @input=${(e: InputEvent) => (this.budgetText = (e.target as HTMLInputElement).value)}
          />
        </div>
        <button type="submit">Set budget</button>
      </form>
      <p class="problem" id="history-budget-problem">${this.problem}</p>
      <div class="buttons">
        ${this.confirming
          ? html`<span>Clear the history of every entity from this device?</span>
              <button type="button" class="danger" @click=${() => void this.clearAll()}>Clear all history</button>
              <button type="button" class="secondary" @click=${() => (this.confirming = false)}>Keep it</button>`
          : html`<button type="button" class="secondary" @click=${() => (this.confirming = true)}>Clear all history…</button>`}
      </div>
      <p class="note" role="status">${this.said}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-history-settings': MqHistorySettings;
  }
}
