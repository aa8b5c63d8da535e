/**
 * Checks a connection configuration before connecting, field by field, so the form can
 * point at the field that is wrong and keep everything the user typed.
 */
import { checkBrokerUrls } from '../mqtt/broker-url.js';
import { checkPublishTopic } from '../mqtt/topic.js';
import type { ConnectionConfig } from '../store/connection.js';

export interface ConfigProblem {
  readonly field: 'brokerUrl' | 'clientId' | 'keepalive' | 'willTopic';
  readonly reason: string;
}

const MAX_KEEPALIVE = 65_535;

/**
 * `pageProtocol` is the app's own (`location.protocol`): an https page may not open ws://
 * (browsers block it as mixed content, with no error the app could show).
 */
export function checkConnectionConfig(config: ConnectionConfig, pageProtocol = 'http:'): ConfigProblem | null {
  const urls = checkBrokerUrls(config.brokerUrl);
  if (!urls.ok) return { field: 'brokerUrl', reason: urls.reason };
  if (pageProtocol === 'https:' && urls.urls.some((url) => /^ws:/i.test(url))) {
    return {
      field: 'brokerUrl',
      reason:
        'This page is served over https, so the browser blocks unencrypted ws:// connections. ' +
        'Use the broker’s wss:// address (a WebSocket listener with TLS).',
    };
  }
  if (config.clientId.trim() === '') return { field: 'clientId', reason: 'Enter a client ID.' };
  if (new TextEncoder().encode(config.clientId).length > 65_535) {
    return { field: 'clientId', reason: 'The client ID is too long.' };
  }
  if (!Number.isInteger(config.keepalive) || config.keepalive < 0 || config.keepalive > MAX_KEEPALIVE) {
    return { field: 'keepalive', reason: 'Keepalive is a whole number of seconds from 0 to 65535.' };
  }
  // Older saved configurations have no will.
  const willTopic = config.will?.topic ?? '';
  if (willTopic !== '') {
    const check = checkPublishTopic(willTopic);
    if (!check.ok) return { field: 'willTopic', reason: `Last will topic: ${check.reason}` };
  }
  return null;
}
