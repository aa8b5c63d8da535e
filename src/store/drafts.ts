/** The drafts slice: what the user typed and has not acted on yet, kept so a reload loses nothing. */
import type { PresetDraft } from '../devices/presets.js';
import type { EntityDraft } from '../entities/entity.js';
import type { ConnectionConfig } from './connection.js';
import { createStore, type Store } from './store.js';

/** What is typed in an entity's publish form. */
export interface PublishDraft {
  readonly text: string;
  /** For an entity on a filter: the concrete topic to publish to. */
  readonly topic: string;
}

export interface EntityFormDraft {
  /** The entity being edited; null while adding one. */
  readonly entityId: string | null;
  readonly draft: EntityDraft;
  /** While adding: a device preset being filled in, which makes the entities instead. */
  readonly preset?: PresetDraft;
}

export interface DraftsSlice {
  /** The connection form as edited since the last Connect; null when it shows the saved configuration. */
  readonly connection: ConnectionConfig | null;
  /** Per entity id. */
  readonly publish: Readonly<Record<string, PublishDraft>>;
  /** The add/edit form while it is open. */
  readonly entityForm: EntityFormDraft | null;
}

export type DraftsStore = Store<DraftsSlice>;

export const NO_DRAFTS: DraftsSlice = { connection: null, publish: {}, entityForm: null };
export const EMPTY_PUBLISH_DRAFT: PublishDraft = { text: '', topic: '' };

export function createDraftsStore(initial: DraftsSlice = NO_DRAFTS): DraftsStore {
  return createStore(initial);
}

export function connectionDrafted(store: DraftsStore, connection: ConnectionConfig | null): void {
  store.update((s) => (s.connection === connection ? s : { ...s, connection }));
}

export function publishDrafted(store: DraftsStore, entityId: string, change: Partial<PublishDraft>): void {
  store.update((s) => {
    const current = s.publish[entityId] ?? EMPTY_PUBLISH_DRAFT;
    const next = { ...current, ...change };
    if (next.text === current.text && next.topic === current.topic) return s;
    return { ...s, publish: { ...s.publish, [entityId]: next } };
  });
}

/** Clears the publish text once it is safe in the outbox, if it is still what was sent. */
export function publishSent(store: DraftsStore, entityId: string, text: string): void {
  if (store.getState().publish[entityId]?.text === text) publishDrafted(store, entityId, { text: '' });
}

export function entityFormOpened(store: DraftsStore, form: EntityFormDraft): void {
  store.update((s) => ({ ...s, entityForm: form }));
}


export function entityFormClosed(store: DraftsStore): void {
  store.update((s) => (s.entityForm === null ? s : { ...s, entityForm: null }));
}

export function entityFormDrafted(store: DraftsStore, draft: EntityDraft): void {
  store.update((s) => (s.entityForm === null ? s : { ...s, entityForm: { ...s.entityForm, draft } }));
}

export function entityPresetDrafted(store: DraftsStore, preset: PresetDraft): void {
  store.update((s) => (s.entityForm === null ? s : { ...s, entityForm: { ...s.entityForm, preset } }));
}
