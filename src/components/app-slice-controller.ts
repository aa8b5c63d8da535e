import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { App, AppCommands } from '../app/app.js';
import type { AppState } from '../store/app-state.js';
import { appContext } from './app-context.js';

function shallowEqual<T>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const keysA = Object.keys(a) as (keyof T)[];
  return keysA.length === Object.keys(b).length && keysA.every((key) => Object.is(a[key], b[key]));
}

/**
 * Gives a view one slice of the app state and the app's commands. It finds the app through
 * context, follows the store while the host is connected, and re-renders the host only when
 * the selected slice changed.
 */
export class AppSliceController<T> implements ReactiveController {
  private unsubscribe: (() => void) | undefined;
  private current: { value: T; commands: AppCommands } | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly select: (state: AppState) => T,
  ) {
    host.addController(this);
    new ContextConsumer(host, {
      context: appContext,
      // Follow the provider, so a view created before the app was set still gets it.
      subscribe: true,
      callback: (app: App | undefined) => {
        this.unsubscribe?.();
        if (app === undefined) return;
        this.current = { value: select(app.store.getState()), commands: app.commands };
        this.unsubscribe = app.store.subscribe((state) => {
          const value = this.select(state);
          if (this.current === undefined || shallowEqual(value, this.current.value)) return;
          this.current = { ...this.current, value };
          this.host.requestUpdate();
        });
        this.host.requestUpdate();
      },
    });
  }

  /** The selected slice; undefined until the host is attached below an `<mq-app>`. */
  get value(): T | undefined {
    return this.current?.value;
  }

  get commands(): AppCommands | undefined {
    return this.current?.commands;
  }

  hostConnected(): void {
    // Subscription starts when the context answers (see the constructor).
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
