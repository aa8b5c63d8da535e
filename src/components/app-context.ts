import { createContext } from '@lit/context';
import type { App } from '../app/app.js';

/** The app (store and commands), provided once by `<mq-app>` to every view below it. */
export const appContext = createContext<App>(Symbol('hello-mqtt-app'));
