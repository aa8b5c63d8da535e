import { LitElement, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { Theme } from '../store/ui.js';
import { StoreController } from './store-controller.js';
import { cardStyles, fieldStyles } from './theme.js';

const THEMES: readonly [Theme, string][] = [
  ['system', 'Like the device'],
  ['light', 'Light'],
  ['dark', 'Dark'],
];

/** The appearance card: the colour theme. */
@customElement('mq-appearance')
export class MqAppearance extends LitElement {
  static override styles = [cardStyles, fieldStyles];

  private readonly theme = new StoreController(this, (s) => s.ui, (u) => u.theme);

  override render() {
    const theme = this.theme.value;
    if (theme === undefined) return nothing;
    return html`<h2>Appearance</h2>
      <label for="theme">Theme</label>
      <select id="theme" @change=${(e: Event) => this.theme.commands?.chooseTheme((e.target as HTMLSelectElement).value as Theme)}>
        ${THEMES.map(([value, label]) => html`<option value=${value} ?selected=${theme === value}>${label}</option>`)}
      </select>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-appearance': MqAppearance;
  }
}
