/**
 * Topic validation: the one place that decides whether a topic may be published to or
 * subscribed to, so that bad input is refused with a reason before anything is sent.
 * Rules follow MQTT 3.1.1 §4.7 and MQTT 5 §4.7.
 */

/** The outcome of a check: either fine, or the reason in words a user understands. */
export type TopicCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const OK: TopicCheck = { ok: true };
const MAX_TOPIC_BYTES = 65_535;
const utf8 = new TextEncoder();

function refuse(reason: string): TopicCheck {
  return { ok: false, reason };
}

function checkCommon(topic: string): TopicCheck {
  if (topic.length === 0) return refuse('The topic is empty.');
  if (topic.includes('\u0000')) return refuse('The topic contains a NUL character.');
  const bytes = utf8.encode(topic).length;
  if (bytes > MAX_TOPIC_BYTES) {
    return refuse(`The topic is ${bytes.toLocaleString('en')} bytes long; MQTT allows at most 65,535.`);
  }
  return OK;
}

/** Checks a topic that a message is published to: no wildcards allowed. */
export function checkPublishTopic(topic: string): TopicCheck {
  const common = checkCommon(topic);
  if (!common.ok) return common;
  if (topic.includes('#') || topic.includes('+')) {
    return refuse('Cannot publish to a topic with wildcards (+ or #).');
  }
  return OK;
}

/** Checks a topic filter that is subscribed to: `+` and `#` allowed where MQTT allows them. */
export function checkSubscribeTopic(filter: string): TopicCheck {
  const common = checkCommon(filter);
  if (!common.ok) return common;
  const levels = filter.split('/');
  for (const [index, level] of levels.entries()) {
    if (level.includes('#') && (level !== '#' || index !== levels.length - 1)) {
      return refuse('The wildcard # must be the last level of the topic, on its own (as in home/#).');
    }
    if (level.includes('+') && level !== '+') {
      return refuse('The wildcard + must fill a whole level of the topic (as in home/+/state).');
    }
  }
  return OK;
}

/** Whether a message published to `topic` is delivered to a subscription to `filter`. */
export function topicMatches(filter: string, topic: string): boolean {
  const filterLevels = filter.split('/');
  const topicLevels = topic.split('/');
  // MQTT §4.7.2: wildcards at the first level do not match topics starting with $.
  if (topic.startsWith('$') && (filterLevels[0] === '#' || filterLevels[0] === '+')) return false;
  for (let i = 0; i < filterLevels.length; i++) {
    const level = filterLevels[i];
    if (level === '#') return true;
    if (i >= topicLevels.length) return false;
    if (level !== '+' && level !== topicLevels[i]) return false;
  }
  return filterLevels.length === topicLevels.length;
}

/**
 * Whether every topic that `inner` matches is also matched by `outer`, so that a subscription
 * to `outer` alone delivers what `inner` would. Equal filters cover each other.
 */
export function filterCovers(outer: string, inner: string): boolean {
  const outerLevels = outer.split('/');
  const innerLevels = inner.split('/');
  // MQTT §4.7.2: a wildcard at the first level never matches a topic starting with $, so
  // `#` does not deliver what `$SYS/#` would.
  if (innerLevels[0]!.startsWith('$') && (outerLevels[0] === '#' || outerLevels[0] === '+')) return false;
  for (let i = 0; i < outerLevels.length; i++) {
    const level = outerLevels[i];
    if (level === '#') return true;
    if (i >= innerLevels.length) return false;
    const innerLevel = innerLevels[i];
    // `+` covers one level, whatever it holds, but not the many levels of `#`.
    if (level === '+') {
      if (innerLevel === '#') return false;
      continue;
    }
    if (level !== innerLevel) return false;
  }
  return outerLevels.length === innerLevels.length;
}

/** The longest start of the filter before its first wildcard: what every matching topic begins with. */
export function literalPrefix(filter: string): string {
  const wildcard = filter.search(/[+#]/);
  return wildcard === -1 ? filter : filter.slice(0, wildcard);
}

/** True when the filter has no wildcard: it names one topic. */
export function isConcreteTopic(filter: string): boolean {
  return !filter.includes('+') && !filter.includes('#');
}
