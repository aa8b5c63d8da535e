/**
 * Checks a connection configuration before connecting, field by field, so the form can
 * point at the field that is wrong and keep everything the user typed.
 */
import { checkBrokerUrl } from '../mqtt/broker-url.js';
import type { ConnectionConfig } from '../store/app-state.js';

export interface ConfigProblem {
  readonly field: 'brokerUrl' | 'clientId' | 'keepalive';
  readonly reason: string;
}

const MAX_KEEPALIVE = 65_535;

export function checkConnectionConfig(config: ConnectionConfig): ConfigProblem | null {
  const url = checkBrokerUrl(config.brokerUrl);
  if (!url.ok) return { field: 'brokerUrl', reason: url.reason };
  if (config.clientId.trim() === '') return { field: 'clientId', reason: 'Enter a client ID.' };
  if (new TextEncoder().encode(config.clientId).length > 65_535) {
    return { field: 'clientId', reason: 'The client ID is too long.' };
  }
  if (!Number.isInteger(config.keepalive) || config.keepalive < 0 || config.keepalive > MAX_KEEPALIVE) {
    return { field: 'keepalive', reason: 'Keepalive is a whole number of seconds from 0 to 65535.' };
  }
  return null;
}
