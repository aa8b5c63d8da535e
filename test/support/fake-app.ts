/** The real app (stores, commands, topic store) over a fake session: no broker, no worker. */
import { createApp, type AppOptions } from '../../src/app/app.js';
import type { Entity } from '../../src/entities/entity.js';
import { createAppStores, type InitialState } from '../../src/store/app-stores.js';
import { TopicStore } from '../../src/topics/topic-store.js';
import { fakeSession, type FakeSession } from './fake-session.js';

export function startFakeApp(
  entities: readonly Entity[],
  options: Partial<AppOptions> & { initial?: InitialState } = {},
): { app: ReturnType<typeof createApp>; session: FakeSession } {
  let session: FakeSession | undefined;
  const app = createApp({
    stores: createAppStores({ entities, ...options.initial }),
    topics: new TopicStore(),
    db: null,
    ...options,
    createSession: (listener) => (session = fakeSession(listener)),
  });
  return { app, session: session! };
}
