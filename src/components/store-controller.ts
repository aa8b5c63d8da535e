import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AppCommands } from '../app/app.js';
import type { AppStores } from '../store/app-stores.js';
import type { Store } from '../store/store.js';
import { commandsContext, storesContext } from './context.js';

function shallowEqual<T>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const keysA = Object.keys(a) as (keyof T)[];
  return keysA.length === Object.keys(b).length && keysA.every((key) => Object.is(a[key], b[key]));
}

/**
 * Gives a view what it selects from one slice store, and the app's commands. It finds them
 * through context, follows the store while the host is connected, and re-renders the host
 * only when the selected value changed (shallowly).
 */
export class StoreController<S, T> implements ReactiveController {
  private store: Store<S> | undefined;
  private unsubscribe: (() => void) | undefined;
  private current: { value: T } | undefined;
  private commandsValue: AppCommands | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    pick: (stores: AppStores) => Store<S>,
    private readonly select: (state: S) => T,
  ) {
    host.addController(this);
    new ContextConsumer(host, {
      context: storesContext,
      // Follow the provider, so a view created before the app was set still gets it.
      subscribe: true,
      callback: (stores: AppStores | undefined) => {
        this.unsubscribe?.();
        this.unsubscribe = undefined;
        this.store = stores === undefined ? undefined : pick(stores);
        this.follow();
      },
    });
    new ContextConsumer(host, {
      context: commandsContext,
      subscribe: true,
      callback: (commands: AppCommands | undefined) => {
        this.commandsValue = commands;
        host.requestUpdate();
      },
    });
  }

  /** The selected value; undefined until the host is attached below an `<mq-app>`. */
  get value(): T | undefined {
    return this.current?.value;
  }

  get commands(): AppCommands | undefined {
    return this.commandsValue;
  }

  hostConnected(): void {
    if (this.unsubscribe === undefined) this.follow();
  }

  /**
   * Selects again before each render: a selector may read the host's properties (its entity's
   * id), which can change, or arrive after the store did (a view defined after its element
   * was created gets its properties at its first update).
   */
  hostUpdate(): void {
    const store = this.store;
    if (store === undefined) return;
    const value = this.select(store.getState());
    if (this.current === undefined || !shallowEqual(value, this.current.value)) this.current = { value };
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private follow(): void {
    const store = this.store;
    if (store === undefined) return;
    this.current = { value: this.select(store.getState()) };
    this.unsubscribe = store.subscribe((state) => {
      const value = this.select(state);
      if (this.current !== undefined && shallowEqual(value, this.current.value)) return;
      this.current = { value };
      this.host.requestUpdate();
    });
    this.host.requestUpdate();
  }
}
