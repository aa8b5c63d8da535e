/**
 * Why a connection ended, told from what the session saw before the close. A broker that
 * cannot be reached never accepts the connection; one that accepts it and then closes it
 * while a SUBSCRIBE is unanswered has refused the subscription in the bluntest way MQTT
 * 3.1.1 allows. RabbitMQ does this when a session's queue lives on a cluster node that is
 * down (`not_found … home node … is down or inaccessible` in its log): the node the app is
 * on is up, and moving to another address would not help.
 */

export type CloseCause =
  /** The broker never accepted the connection (no CONNACK). */
  | 'unreachable'
  /** Accepted, then closed while a SUBSCRIBE was unanswered, soon after it was sent. */
  | 'closed-at-subscribe'
  /** Accepted, and lost later for any other reason. */
  | 'lost';

export interface CloseFacts {
  /** The broker accepted the connection (CONNACK). */
  readonly accepted: boolean;
  /** Filters whose SUBSCRIBE was sent on this connection and not answered. */
  readonly unansweredFilters: readonly string[];
  /** Milliseconds from the oldest unanswered SUBSCRIBE to the close. */
  readonly msSinceSubscribe: number;
}

/**
 * A broker answers SUBSCRIBE within a round trip; a close this soon after one, with no
 * SUBACK, is the broker's answer. Later, the connection may have been lost for other reasons.
 */
export const SUBSCRIBE_CLOSE_WINDOW_MS = 3000;

export function closeCause({ accepted, unansweredFilters, msSinceSubscribe }: CloseFacts): CloseCause {
  if (!accepted) return 'unreachable';
  if (unansweredFilters.length > 0 && msSinceSubscribe <= SUBSCRIBE_CLOSE_WINDOW_MS) return 'closed-at-subscribe';
  return 'lost';
}
