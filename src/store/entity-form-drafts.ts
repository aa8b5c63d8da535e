/**
 * The drafts slice's change made by removals: loaded with them, after the first paint
 * (drafts.ts holds the slice and what the dashboard and the entity form change).
 */
import type { DraftsStore } from './drafts.js';

/** An entity that is gone takes its drafts with it. */
export function entityDraftsDropped(store: DraftsStore, entityId: string): void {
  store.update((s) => {
    if (!(entityId in s.publish)) return s;
    const { [entityId]: _dropped, ...publish } = s.publish;
    return { ...s, publish };
  });
}
