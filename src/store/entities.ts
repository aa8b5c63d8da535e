/**
 * The entities slice: the dashboard's entities in the user's order, and the last one removed
 * while its Undo is offered.
 */
import type { Entity } from '../entities/entity.js';
import { createStore, type Store } from './store.js';

export interface EntitiesSlice {
  readonly list: readonly Entity[];
  /** The entity last removed, and where it stood, while it can be put back. */
  readonly removed: { readonly entity: Entity; readonly index: number } | null;
}

export type EntitiesStore = Store<EntitiesSlice>;

export function createEntitiesStore(list: readonly Entity[] = []): EntitiesStore {
  return createStore<EntitiesSlice>({ list, removed: null });
}

export function entityAdded(store: EntitiesStore, entity: Entity): void {
  store.update((s) => ({ ...s, list: [...s.list, entity] }));
}

export function entityUpdated(store: EntitiesStore, entity: Entity): void {
  store.update((s) =>
    s.list.some((e) => e.id === entity.id) ? { ...s, list: s.list.map((e) => (e.id === entity.id ? entity : e)) } : s,
  );
}

export function entityRemoved(store: EntitiesStore, id: string): void {
  store.update((s) => {
    const index = s.list.findIndex((e) => e.id === id);
    if (index === -1) return s;
    return { list: s.list.filter((e) => e.id !== id), removed: { entity: s.list[index]!, index } };
  });
}

/** Undo: the removed entity goes back where it was. */
export function removalUndone(store: EntitiesStore): void {
  store.update((s) => {
    if (s.removed === null) return s;
    const list = [...s.list];
    list.splice(Math.min(s.removed.index, list.length), 0, s.removed.entity);
    return { list, removed: null };
  });
}

/** The Undo offer ends. */
export function removalForgotten(store: EntitiesStore): void {
  store.update((s) => (s.removed === null ? s : { ...s, removed: null }));
}

/** Moves an entity to `index` in the order (clamped to the list). */
export function entityMoved(store: EntitiesStore, id: string, index: number): void {
  store.update((s) => {
    const from = s.list.findIndex((e) => e.id === id);
    const to = Math.max(0, Math.min(index, s.list.length - 1));
    if (from === -1 || from === to) return s;
    const list = [...s.list];
    const [entity] = list.splice(from, 1);
    list.splice(to, 0, entity!);
    return { ...s, list };
  });
}

/** Another tab changed the entities: take its list as it is. */
export function entitiesReplaced(store: EntitiesStore, list: readonly Entity[]): void {
  store.update((s) => (JSON.stringify(s.list) === JSON.stringify(list) ? s : { ...s, list }));
}
