/**
 * Which saved connection this tab shows. Each saved connection has a database of its own (its
 * broker settings, entities, topics and outbox), so the connection must be known before the
 * database opens: it comes from the address (`?connection=<id>`, what the header's switch and
 * the home-screen shortcuts open) or else from the last one chosen on this device. A tab keeps
 * its connection across reloads: the address keeps the parameter.
 */

/** The first connection: its database has the name the app used before it had several. */
export const DEFAULT_CONNECTION_ID = 'default';

export const CONNECTION_PARAMETER = 'connection';

/** The last connection opened on this device; localStorage, because it is read synchronously. */
const CURRENT_KEY = 'hello-mqtt-current-connection';

/** Ids are made by the app (registry.ts); anything else in an address is not one. */
const isConnectionId = (id: string) => /^[a-z0-9-]{1,40}$/.test(id);

/** The database of a saved connection. */
export function databaseName(connectionId: string): string {
  return connectionId === DEFAULT_CONNECTION_ID ? 'hello-mqtt' : `hello-mqtt-${connectionId}`;
}

/**
 * The connection a page at this address shows; remembered as the current one. localStorage
 * may be missing or throw (storage blocked): then the address's, or the first one.
 */
export function currentConnectionId(search: string): string {
  const asked = new URLSearchParams(search).get(CONNECTION_PARAMETER);
  try {
    if (asked !== null && isConnectionId(asked)) {
      localStorage.setItem(CURRENT_KEY, asked);
      return asked;
    }
    const remembered = localStorage.getItem(CURRENT_KEY);
    if (remembered !== null && isConnectionId(remembered)) return remembered;
  } catch {
    if (asked !== null && isConnectionId(asked)) return asked;
  }
  return DEFAULT_CONNECTION_ID;
}
