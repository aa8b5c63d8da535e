/**
 * A page driven over the DevTools protocol with nothing enabled but what a step asks for.
 * Playwright turns on network tracking in every page and worker it knows, so each WebSocket
 * frame becomes an event sent to this process: under a 5,000 msg/s stream that took about
 * half a core in the browser process and a quarter in Node (top, 2-core machine), taken from
 * the app being measured. A figure that times the app under a stream sets the page up with
 * Playwright, lets go of it, and measures through this.
 */
import WebSocket from 'ws';

interface Reply {
  id?: number;
  sessionId?: string;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

export interface PlainPage {
  /** Runs an expression in the page (awaiting a promise) and returns its value. */
  evaluate<T>(expression: string): Promise<T>;
  /** The same in the page's worker whose URL contains `urlPart`. */
  evaluateInWorker<T>(urlPart: string, expression: string): Promise<T>;
  /** A press and release of the left mouse button at a point of the viewport. */
  click(x: number, y: number): Promise<void>;
  /** Types text into the focused field, as an IME would (one input event). */
  insertText(text: string): Promise<void>;
  close(): Promise<void>;
}

/** Joins the page whose URL starts with `pageUrl` in the browser at this DevTools endpoint. */
export async function plainPage(endpoint: string, pageUrl: string): Promise<PlainPage> {
  const socket = new WebSocket(endpoint, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let lastId = 0;
  const waiting = new Map<number, { resolve: (result: Record<string, unknown>) => void; reject: (error: Error) => void }>();
  const workers = new Map<string, string>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as Reply;
    if (message.id !== undefined) {
      const pending = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.error !== undefined) pending?.reject(new Error(message.error.message));
      else pending?.resolve(message.result ?? {});
    } else if (message.method === 'Target.attachedToTarget') {
      const info = message.params!.targetInfo as { type: string; url: string };
      if (info.type === 'worker') workers.set(info.url, message.params!.sessionId as string);
    }
  });
  const send = (method: string, params: object = {}, sessionId?: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = ++lastId;
      waiting.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) }));
    });

  const { targetInfos } = (await send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
  const target = targetInfos.find((info) => info.type === 'page' && info.url.startsWith(pageUrl));
  if (target === undefined) throw new Error(`no page at ${pageUrl}`);
  const { sessionId } = (await send('Target.attachToTarget', { targetId: target.targetId, flatten: true })) as { sessionId: string };
  // Workers are joined as they are (the session worker already runs); nothing is paused.
  await send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }, sessionId);

  const evaluateIn = async <T>(session: string, expression: string): Promise<T> => {
    const { result, exceptionDetails } = (await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, session)) as {
      result: { value: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (exceptionDetails !== undefined) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  };
  const mouse = (type: string, x: number, y: number) => send('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 1 }, sessionId);

  return {
    evaluate: (expression) => evaluateIn(sessionId, expression),
    async evaluateInWorker(urlPart, expression) {
      const deadline = Date.now() + 10_000;
      let worker: string | undefined;
      while ((worker = [...workers].find(([url]) => url.includes(urlPart))?.[1]) === undefined) {
        if (Date.now() > deadline) throw new Error(`no worker at ${urlPart}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return evaluateIn(worker, expression);
    },
    async click(x, y) {
      await mouse('mousePressed', x, y);
      await mouse('mouseReleased', x, y);
    },
    async insertText(text) {
      await send('Input.insertText', { text }, sessionId);
    },
    async close() {
      await send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      socket.close();
    },
  };
}
