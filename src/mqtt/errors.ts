/**
 * Connection problems in words a user can act on. mqtt.js reports CONNACK refusals as
 * reason codes and browser WebSocket failures with no detail at all; this maps both.
 */

/** CONNACK return codes of MQTT 3.1.1 and the matching reason codes of MQTT 5. */
const REFUSALS: Readonly<Record<number, string>> = {
  1: 'unacceptable protocol version',
  2: 'client ID rejected',
  3: 'server unavailable',
  4: 'bad user name or password',
  5: 'not authorized',
  0x80: 'unspecified error',
  0x81: 'malformed packet',
  0x82: 'protocol error',
  0x83: 'implementation specific error',
  0x84: 'unsupported protocol version',
  0x85: 'client ID not valid',
  0x86: 'bad user name or password',
  0x87: 'not authorized',
  0x88: 'server unavailable',
  0x89: 'server busy',
  0x8a: 'banned',
  0x8c: 'bad authentication method',
  0x90: 'topic name invalid',
  0x95: 'packet too large',
  0x97: 'quota exceeded',
  0x99: 'payload format invalid',
  0x9a: 'retain not supported',
  0x9b: 'QoS not supported',
  0x9c: 'use another server',
  0x9d: 'server moved',
  0x9f: 'connection rate exceeded',
};

/** Refusals that say "not now" rather than "not you": worth another try after a pause. */
const TRANSIENT = new Set([3, 0x88, 0x89, 0x97, 0x9f]);

/** True when the code is a CONNACK refusal (the broker answered CONNECT with a no). */
export function isRefusal(code: number): boolean {
  return code in REFUSALS;
}

/** True when retrying with the same settings cannot help (credentials, client ID, …). */
export function isFinalRefusal(code: number): boolean {
  return isRefusal(code) && !TRANSIENT.has(code);
}

/** "Broker refused: not authorized." and the like, with an MQTT 5 broker's own words. */
export function describeRefusal(code: number, reasonString = ''): string {
  const because = reasonString === '' ? '' : ` The broker says: “${reasonString}”.`;
  return `Broker refused: ${REFUSALS[code] ?? `reason code ${code}`}.${because}`;
}

/** MQTT 5 DISCONNECT reason codes a broker sends, beyond those it shares with CONNACK. */
const DISCONNECTS: Readonly<Record<number, string>> = {
  0: 'normal disconnection',
  0x8b: 'server shutting down',
  0x8d: 'keep alive timeout',
  0x8e: 'session taken over',
  0x93: 'receive maximum exceeded',
  0x94: 'topic alias invalid',
  0x96: 'message rate too high',
  0x98: 'administrative action',
  0x9e: 'shared subscriptions not supported',
  0xa0: 'maximum connect time',
  0xa1: 'subscription identifiers not supported',
  0xa2: 'wildcard subscriptions not supported',
};

/** Another client connected with the same client ID, and the broker gave it the session. */
export const SESSION_TAKEN_OVER = 0x8e;

/** An MQTT 5 broker closed the connection itself (DISCONNECT with a reason). */
export function describeServerDisconnect(url: string, code: number, reasonString = '', clientId = ''): string {
  const reason = DISCONNECTS[code] ?? REFUSALS[code] ?? `reason code ${code}`;
  const because = reasonString === '' ? '' : ` (“${reasonString}”)`;
  const what = `${url} closed the connection: ${reason}${because}.`;
  if (code !== SESSION_TAKEN_OVER) return what;
  return `${what} Another client connected with the client ID “${clientId}”. Give this one its own client ID, or connect again to take the session back.`;
}

/** Why a WebSocket could not be opened; the browser does not say which of these it was. */
export function describeUnreachable(url: string, mqtt5 = false): string {
  const tls = url.startsWith('wss:')
    ? ', or its TLS certificate is not trusted by this browser (open its https:// address once to accept it)'
    : '';
  // Some brokers (RabbitMQ 3.10, older Mosquitto) drop an MQTT 5 CONNECT without a word.
  const version = mqtt5 ? ' If the broker only speaks MQTT 3.1.1, choose MQTT version 3.1.1.' : '';
  return `Cannot reach ${url}: the broker is down, the address or port is wrong${tls}.${suggestPath(url)}${version}`;
}

/** Brokers serve MQTT over WebSocket on / (Mosquitto) or /mqtt (EMQX, HiveMQ, VerneMQ). */
function suggestPath(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '';
  }
  const base = `${parsed.protocol}//${parsed.host}`;
  if (parsed.pathname === '/' || parsed.pathname === '') {
    return ` If the broker is up, its WebSocket path may be /mqtt: try ${base}/mqtt.`;
  }
  if (parsed.pathname === '/mqtt') return ` If the broker is up, try the path / instead: ${base}.`;
  return ` If the broker is up, try the common paths: ${base} or ${base}/mqtt.`;
}

/**
 * The broker accepted us and then closed the connection soon after, several times in a row.
 * With MQTT 3.1.1 this is how a takeover looks: the broker closes the older of two
 * connections with one client ID and says nothing (MQTT 5 says "session taken over").
 */
export function describeShortConnections(url: string, times: number, clientId = ''): string {
  return (
    `${url} accepted the connection and closed it again soon after, ${times} times in a row. ` +
    `Another client may be using the client ID “${clientId}” (in another browser or on another device): ` +
    'the broker keeps one connection per client ID and drops the other. ' +
    'Give each its own client ID, or look in the broker’s log for the reason. Trying again at longer intervals.'
  );
}

/** The broker took the WebSocket but never answered the MQTT CONNECT. */
export function describeNoConnack(url: string): string {
  return `${url} accepted the connection but did not answer as an MQTT broker. Check the port and path.`;
}

/** SUBACK failure codes (MQTT 5 §3.9.3; MQTT 3.1.1 has only 0x80). */
const SUBSCRIBE_REFUSALS: Readonly<Record<number, string>> = {
  0x80: 'the broker refused it (often its access control does not allow this filter)',
  0x83: 'implementation specific error',
  0x87: 'not authorized',
  0x8f: 'topic filter invalid',
  0x91: 'packet identifier in use',
  0x97: 'quota exceeded',
  0x9e: 'shared subscriptions not supported',
  0xa1: 'subscription identifiers not supported',
  0xa2: 'wildcard subscriptions not supported',
};

/** "The broker refused the subscription to home/#: not authorized." with its own words. */
export function describeSubscribeRefusal(filter: string, code: number, reasonString = ''): string {
  const reason = SUBSCRIBE_REFUSALS[code] ?? `reason code 0x${code.toString(16)}`;
  const because = reasonString === '' ? '' : ` The broker says: “${reasonString}”.`;
  return `Not subscribed to ${filter}: ${reason}.${because}`;
}

/** A few filters by name, then how many more: a status line stays readable with 500. */
function someFilters(filters: readonly string[]): string {
  const named = filters.slice(0, 3).join(', ');
  return filters.length <= 3 ? named : `${named} and ${filters.length - 3} more`;
}

/**
 * The broker took the connection and closed it at the SUBSCRIBE (closeCause in
 * close-cause.ts). At QoS 1 the app tries QoS 0 next; at QoS 0 the filters themselves are
 * the trouble.
 */
export function describeClosedAtSubscribe(url: string, filters: readonly string[], qos: 0 | 1): string {
  const what = `${url} accepted the connection, then closed it when asked to subscribe to ${someFilters(filters)} (no SUBACK came).`;
  if (qos === 0) {
    return `${what} It did so at QoS 0 too: it may not allow these filters, and its log says why. Trying again at longer intervals.`;
  }
  return (
    `${what} The broker is up, so this is not the network. On RabbitMQ this usually means that this ` +
    'session’s queue lives on a cluster node that is down. Subscribing at QoS 0 instead.'
  );
}

/** A delay in words: “30 s”, “5 min”. */
const inWords = (ms: number) => (ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`);

/**
 * The explanation kept beside a connection whose subscriptions are at QoS 0 for now; the
 * normal session is tried again `retry.firstMs` after, then at doubling intervals up to
 * `retry.capMs`.
 */
export function describeQos0Session(url: string, retry: { readonly firstMs: number; readonly capMs: number }): string {
  return (
    `${url}, subscribed at QoS 0: the broker closed the connection at the QoS 1 subscription ` +
    '(on RabbitMQ, this session’s queue is on a cluster node that is down). Until the normal session ' +
    `works again, messages published while the app is away are not kept for it. It is tried again after ${inWords(retry.firstMs)}, ` +
    `then at doubling intervals up to every ${inWords(retry.capMs)}.`
  );
}

/** Beside a filter subscribed at QoS 0 for now, naming the broker that closed the connection. */
export function describeQos0Filter(url: string): string {
  return (
    `At QoS 0 for now: ${url} closed the connection at the QoS 1 subscription (on RabbitMQ, this session’s ` +
    'queue is on a cluster node that is down), so messages published while the app is away are not kept.'
  );
}

/** Beside a filter whose SUBSCRIBE the broker answered by closing the connection. */
export function describeFilterClosedAtSubscribe(url: string, filter: string): string {
  return `${url} closed the connection when asked to subscribe to ${filter}; subscribing again.`;
}
