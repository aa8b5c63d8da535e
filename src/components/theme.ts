import { css } from 'lit';

/**
 * Shared look of the views: colours come from `--mq-*` custom properties set on `<mq-app>`,
 * so a host page can retheme the app and dark mode follows the system.
 */
export const fieldStyles = css`
  label {
    display: block;
    font-weight: 600;
    margin-block: 0.75rem 0.25rem;
  }
  input:not([type='checkbox']),
  select {
    box-sizing: border-box;
    width: 100%;
    min-height: 2.75rem;
    padding: 0.5rem 0.75rem;
    font: inherit;
    color: var(--mq-text);
    background: var(--mq-field-bg);
    border: 1px solid var(--mq-border);
    border-radius: 0.5rem;
  }
  input[aria-invalid='true'] {
    border-color: var(--mq-danger);
  }
  input:focus-visible,
  select:focus-visible,
  summary:focus-visible,
  button:focus-visible {
    outline: 3px solid var(--mq-focus);
    outline-offset: 2px;
  }
  .checkbox {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    font-weight: 400;
  }
  .checkbox input {
    width: 1.25rem;
    height: 1.25rem;
  }
  button {
    min-height: 2.75rem;
    padding: 0.5rem 1.25rem;
    font: inherit;
    font-weight: 600;
    border-radius: 0.5rem;
    border: 1px solid var(--mq-accent);
    background: var(--mq-accent);
    color: var(--mq-on-accent);
    cursor: pointer;
  }
  button.secondary {
    background: transparent;
    color: var(--mq-accent-text);
  }
  button:disabled,
  button[aria-disabled='true'] {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .hint {
    margin: 0.25rem 0 0;
    font-size: 0.875rem;
    color: var(--mq-muted);
  }
  .problem {
    margin: 0.25rem 0 0;
    font-size: 0.875rem;
    color: var(--mq-danger);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    margin-top: 1rem;
  }
`;

export const cardStyles = css`
  :host {
    display: block;
    padding: 1rem;
    border: 1px solid var(--mq-border);
    border-radius: 0.75rem;
    background: var(--mq-card-bg);
  }
  h2 {
    margin: 0 0 0.5rem;
    font-size: 1.125rem;
  }
`;

/** A toast: a card at the bottom of the screen (mq-app stacks them above the page). */
export const toastStyles = css`
  :host {
    display: block;
  }
  .toast {
    pointer-events: auto;
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: center;
    justify-content: space-between;
    max-width: 32rem;
    margin: 0 auto;
    padding: 0.75rem 1rem;
    border: 1px solid var(--mq-border);
    border-radius: 0.75rem;
    background: var(--mq-card-bg);
    box-shadow: 0 4px 16px rgb(0 0 0 / 25%);
  }
  p {
    margin: 0;
    overflow-wrap: anywhere;
  }
`;
