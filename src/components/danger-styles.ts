import { css } from 'lit';

/**
 * What removes or clears for good, and what went wrong, in the danger colour: the settings'
 * cards and the history view. Apart from theme.ts, which the first paint loads, so that it
 * comes with those views, after it.
 */
export const dangerStyles = css`
  .problem {
    color: var(--mq-danger);
  }
  button.danger {
    background: var(--mq-danger);
    border-color: var(--mq-danger);
    color: var(--mq-on-accent);
  }
`;
