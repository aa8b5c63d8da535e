/**
 * The drafts slice's changes made by the entity form and by removals: loaded with them, after
 * the first paint (drafts.ts holds the slice and what the dashboard changes).
 */
import type { PresetDraft } from '../devices/presets.js';
import type { EntityDraft } from '../entities/entity.js';
import type { DraftsStore, EntityFormDraft } from './drafts.js';

export function entityFormOpened(store: DraftsStore, form: EntityFormDraft): void {
  store.update((s) => ({ ...s, entityForm: form }));
}

export function entityFormDrafted(store: DraftsStore, draft: EntityDraft): void {
  store.update((s) => (s.entityForm === null ? s : { ...s, entityForm: { ...s.entityForm, draft } }));
}

export function entityFormClosed(store: DraftsStore): void {
  store.update((s) => (s.entityForm === null ? s : { ...s, entityForm: null }));
}

export function entityPresetDrafted(store: DraftsStore, preset: PresetDraft): void {
  store.update((s) => (s.entityForm === null ? s : { ...s, entityForm: { ...s.entityForm, preset } }));
}

/** An entity that is gone takes its drafts with it. */
export function entityDraftsDropped(store: DraftsStore, entityId: string): void {
  store.update((s) => {
    if (!(entityId in s.publish)) return s;
    const { [entityId]: _dropped, ...publish } = s.publish;
    return { ...s, publish };
  });
}
