/** The device slice: what the browser and device allow (network, install, offline, storage). */
import { createStore, type Store } from './store.js';

/** Whether the browser offers to install the app, and how. */
export type InstallOffer =
  /** The browser fired beforeinstallprompt: an Install button can prompt. */
  | 'available'
  /** iOS Safari: no prompt exists; the user adds it through the Share menu. */
  | 'ios'
  /** Running as an installed app, or just installed. */
  | 'installed'
  | 'unavailable';

export interface DeviceSlice {
  readonly online: boolean;
  /** https or localhost: needed for the service worker, install and wss:// from https. */
  readonly secureContext: boolean;
  readonly install: InstallOffer;
  /** The service worker has cached the app: it opens without a network. */
  readonly offlineReady: boolean;
  /** A new version is downloaded and waits for the user to reload. */
  readonly updateAvailable: boolean;
  /** The browser promised not to evict our data (null: not asked yet or not supported). */
  readonly persistentStorage: boolean | null;
  /** The build's version, shown in About (and how a test tells two builds apart). */
  readonly version: string;
}

export type DeviceStore = Store<DeviceSlice>;

export function initialDevice(overrides: Partial<DeviceSlice> = {}): DeviceSlice {
  return {
    online: true,
    secureContext: true,
    install: 'unavailable',
    offlineReady: false,
    updateAvailable: false,
    persistentStorage: null,
    version: '',
    ...overrides,
  };
}

export function createDeviceStore(overrides: Partial<DeviceSlice> = {}): DeviceStore {
  return createStore(initialDevice(overrides));
}

export function deviceChanged(store: DeviceStore, change: Partial<DeviceSlice>): void {
  store.update((s) => {
    const device = { ...s, ...change };
    const same = (Object.keys(change) as (keyof DeviceSlice)[]).every((key) => s[key] === device[key]);
    return same ? s : device;
  });
}
