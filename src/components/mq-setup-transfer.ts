import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { QrLink } from '../setup/share-link.js';
import { download } from './download.js';
import { StoreController } from './store-controller.js';
import { cardStyles, fieldStyles } from './theme.js';

interface Shared {
  readonly link: string;
  readonly qr: QrLink;
  /** The QR code as an SVG data URL. */
  readonly image: string;
}

/**
 * Moving the setup to another device: Export setup (a JSON file), Import setup (a file input),
 * and Share setup (a link with the setup in its fragment, Copy, the system share sheet where
 * there is one, and a QR code of the link). The password never goes with any of them.
 * The share and QR code are loaded when asked for.
 */
@customElement('mq-setup-transfer')
export class MqSetupTransfer extends LitElement {
  static override styles = [
    cardStyles,
    fieldStyles,
    css`
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      .file {
        margin-top: 0.75rem;
      }
      .share {
        margin-top: 1rem;
        display: grid;
        gap: 0.5rem;
      }
      .qr {
        justify-self: start;
        width: min(18rem, 100%);
        height: auto;
        background: #fff;
        padding: 0.5rem;
        border-radius: 0.5rem;
        /* A QR code must stay dark on light to scan, in the dark theme too. */
        image-rendering: pixelated;
      }
      .note {
        color: var(--mq-muted);
        font-size: 0.875rem;
        margin: 0;
      }
    `,
  ];

  private readonly entities = new StoreController(this, (s) => s.entities, (e) => e.list.length);
  @state() private shared: Shared | null = null;
  @state() private said = '';

  private async exportFile(): Promise<void> {
    const commands = this.entities.commands;
    if (commands === undefined) return;
    const [{ setupFileName }, setup] = await Promise.all([import('../setup/setup-file.js'), commands.exportSetup()]);
    download(setupFileName(new Date()), `${JSON.stringify(setup, null, 2)}\n`, 'application/json');
    this.said = `Exported ${setup.entities.length} ${setup.entities.length === 1 ? 'entity' : 'entities'} and the broker settings, without the password.`;
  }

  private async importFile(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file === undefined) return;
    const text = await file.text();
    // The same file again must be read again.
    input.value = '';
    await this.entities.commands?.offerSetupFile(file.name, text);
  }

  private async share(): Promise<void> {
    const commands = this.entities.commands;
    if (commands === undefined) return;
    const [{ renderSVG }, { link, qr }] = await Promise.all([import('uqr'), commands.shareSetup(`${location.origin}${location.pathname}`)]);
    const svg = renderSVG(qr.link, { ecc: 'M', border: 2, pixelSize: 4 });
    this.shared = { link, qr, image: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` };
    this.said = '';
  }

  private async copy(): Promise<void> {
    if (this.shared === null) return;
    try {
      await navigator.clipboard.writeText(this.shared.link);
      this.said = 'Copied the share link.';
    } catch {
      this.said = 'This browser did not allow copying: select the link and copy it.';
    }
  }

  private async systemShare(): Promise<void> {
    if (this.shared === null) return;
    try {
      await navigator.share({ title: 'Hello MQTT setup', url: this.shared.link });
    } catch {
      // Closed without sharing: nothing to say.
    }
  }

  private renderShared(shared: Shared) {
    const canShare = typeof navigator.share === 'function';
    return html`<div class="share">
      <label for="share-link">Share link</label>
      <input id="share-link" type="text" readonly .value=${shared.link} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
      <div class="buttons">
        <button type="button" @click=${() => void this.copy()}>Copy</button>
        ${canShare ? html`<button type="button" class="secondary" @click=${() => void this.systemShare()}>Share…</button>` : nothing}
      </div>
      <p class="note">The link holds no password. Its setup is after the #, which browsers never send to a server.</p>
      <img class="qr" src=${shared.image} alt="QR code" />
      <p class="note">
        Scan it with the other phone’s camera.
        ${shared.qr.leftOut.length === 0
          ? ''
          : `The QR code leaves out ${shared.qr.leftOut.join(' and ')}, to fit; the link and Export setup carry everything.`}
      </p>
    </div>`;
  }

  override render() {
    if (this.entities.value === undefined) return nothing;
    return html`<h2>Move this setup</h2>
      <p class="note">The broker settings and the entities, to another device or browser. The password never goes with them.</p>
      <div class="buttons">
        <button type="button" @click=${() => void this.exportFile()}>Export setup</button>
        <button type="button" class="secondary" @click=${() => void this.share()}>Share setup</button>
      </div>
      <div class="file">
        <label for="import-setup">Import setup</label>
        <input id="import-setup" type="file" accept=".json,application/json" @change=${(e: Event) => void this.importFile(e)} />
      </div>
      <p class="note" role="status">${this.said}</p>
      ${this.shared === null ? nothing : this.renderShared(this.shared)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mq-setup-transfer': MqSetupTransfer;
  }
}
