/**
 * What `<mq-app>` provides to every view below it, in narrow contexts: the slow state, the
 * topics, and the commands. Tests provide their own.
 */
import { createContext } from '@lit/context';
import type { AppCommands } from '../app/app.js';
import type { AppStores } from '../store/app-stores.js';
import type { TopicStore } from '../topics/topic-store.js';

export const storesContext = createContext<AppStores>(Symbol('hello-mqtt-stores'));
export const topicsContext = createContext<TopicStore>(Symbol('hello-mqtt-topics'));
export const commandsContext = createContext<AppCommands>(Symbol('hello-mqtt-commands'));
