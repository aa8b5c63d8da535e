/**
 * Broker URL validation: the WebSocket address of an MQTT broker, checked before any
 * connection is tried so that a typo gets a reason instead of a silent failure.
 */

export type BrokerUrlCheck =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly reason: string };

/** Checks what the user typed as a broker address (`ws://host:port/path` or `wss://…`); returns it trimmed. */
export function checkBrokerUrl(input: string): BrokerUrlCheck {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'Enter the broker URL, for example ws://localhost:9001.' };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    return { ok: false, reason: `"${text}" has no scheme: start it with ws:// or wss://, as in ws://${text}.` };
  }
  if (scheme !== 'ws' && scheme !== 'wss') {
    const hint = scheme === 'mqtt' || scheme === 'tcp' || scheme === 'mqtts' || scheme === 'ssl'
      ? ' Browsers can only reach a broker through its WebSocket listener (often port 9001 or 8083).'
      : '';
    return { ok: false, reason: `The broker URL must start with ws:// or wss://, not ${scheme}://.${hint}` };
  }
  const portText = /^[a-z]+:\/\/(?:[^@/]*@)?(?:\[[^\]]*\]|[^:/?#]*)(?::([^/?#]*))?/i.exec(text)?.[1];
  if (portText !== undefined && portText !== '' && !/^\d+$/.test(portText)) {
    return { ok: false, reason: `The port "${portText}" is not a number.` };
  }
  if (portText !== undefined && portText !== '' && (Number(portText) < 1 || Number(portText) > 65_535)) {
    return { ok: false, reason: `The port ${portText} is out of range (1 to 65535).` };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: `"${text}" is not a valid URL. Check the host name and port.` };
  }
  if (url.hostname === '') return { ok: false, reason: 'The broker URL has no host name.' };
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'Put the user name and password in their own fields, not in the URL.' };
  }
  return { ok: true, url: text };
}

export type BrokerUrlsCheck =
  | { readonly ok: true; readonly urls: string[] }
  | { readonly ok: false; readonly reason: string };

/** Several broker URLs (separated by spaces or commas), tried in turn: each is checked. */
export function checkBrokerUrls(input: string): BrokerUrlsCheck {
  const parts = input.split(/[\s,]+/).filter((part) => part !== '');
  if (parts.length === 0) return checkBrokerUrl('') as BrokerUrlsCheck;
  const urls: string[] = [];
  for (const part of parts) {
    const check = checkBrokerUrl(part);
    if (!check.ok) return check;
    urls.push(check.url);
  }
  return { ok: true, urls };
}
