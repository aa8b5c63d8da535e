/**
 * Links that configure the app: `/?broker=ws://host:9001&topic=home/x&client_id=abc&keepalive=30`.
 * A password is never taken from a link: links end up in histories, logs and chats.
 */
import type { ConnectionConfig } from '../store/connection.js';

export interface ConnectLink {
  /** The configuration with the link's values applied. */
  readonly config: ConnectionConfig;
  readonly topic: string;
  /** True when the link names a broker, which means: connect now. */
  readonly connect: boolean;
}

/** Applies the query string `search` to the current configuration and topic. */
export function readConnectLink(search: string, config: ConnectionConfig, topic: string): ConnectLink {
  const params = new URLSearchParams(search);
  const text = (name: string) => params.get(name)?.trim() || undefined;
  const keepalive = Number(text('keepalive'));
  const broker = text('broker');
  return {
    config: {
      ...config,
      brokerUrl: broker ?? config.brokerUrl,
      clientId: text('client_id') ?? config.clientId,
      keepalive: Number.isInteger(keepalive) && keepalive >= 0 ? keepalive : config.keepalive,
      username: text('username') ?? config.username,
    },
    topic: text('topic') ?? topic,
    connect: broker !== undefined,
  };
}

const LINK_PARAMETERS = ['broker', 'topic', 'client_id', 'keepalive', 'username', 'password'];

/**
 * The query string without the link's parameters, once they are applied: a reload must not
 * apply them again over later edits (or reconnect after a Disconnect), and a password that
 * someone put there must not stay in the address bar or the history.
 */
export function withoutLinkParameters(search: string): string {
  const params = new URLSearchParams(search);
  for (const name of LINK_PARAMETERS) params.delete(name);
  const rest = params.toString();
  return rest === '' ? '' : `?${rest}`;
}
