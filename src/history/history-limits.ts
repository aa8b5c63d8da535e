/** Which limits a topic's history is kept within: the rules of the entities that follow it. */
import { topicMatches } from '../mqtt/topic.js';
import type { HistoryLimits, HistoryRule } from './history.js';

/**
 * The limits for a topic: of every rule that matches it, the largest (two entities on one
 * topic keep what the more generous asks for); null when no rule matches: not recorded.
 */
export function limitsFor(rules: readonly HistoryRule[], topic: string): HistoryLimits | null {
  let limits: HistoryLimits | null = null;
  for (const rule of rules) {
    if (!topicMatches(rule.filter, topic)) continue;
    limits =
      limits === null
        ? { maxMessages: rule.maxMessages, maxBytes: rule.maxBytes }
        : { maxMessages: Math.max(limits.maxMessages, rule.maxMessages), maxBytes: Math.max(limits.maxBytes, rule.maxBytes) };
  }
  return limits;
}
