/**
 * The commands that change the entities: save the entity form, add several (a device
 * preset), change an entity's options, move, remove with Undo. Loaded on the first of them:
 * the dashboard's first paint only shows the entities.
 */
import { newEntityId, type Entity, type EntityConfig, type EntityOptions, type EntityProblem } from '../entities/entity.js';
import type { AppStores } from '../store/app-stores.js';
import { entityFormClosed } from '../store/drafts.js';
import { entityDraftsDropped } from '../store/entity-form-drafts.js';
import { entityAdded, entityMoved, entityRemoved, entityUpdated, removalForgotten, removalUndone } from '../store/entities.js';

export interface EntityChanges {
  saveEntityForm(): Promise<EntityProblem | null>;
  addEntities(configs: readonly EntityConfig[]): Promise<EntityProblem | null>;
  updateEntityOptions(entityId: string, change: Partial<EntityOptions>): Promise<void>;
  removeEntity(entityId: string): Promise<void>;
  undoRemove(): Promise<void>;
  /** The removal on offer for Undo is final now. */
  dismissUndo(): void;
  moveEntity(entityId: string, index: number): Promise<void>;
  dispose(): void;
}

export interface EntityChangeDeps {
  readonly stores: AppStores;
  /** Saves the entities, tells the other tabs and follows their topics. */
  entitiesChanged(): Promise<void>;
  /** Asks entities just added for their state, when connected. */
  askNewDevices(added: readonly Entity[]): void;
  /** How long Undo is offered after a removal. */
  readonly undoMs: number;
}

export function entityChanges({ stores, entitiesChanged, askNewDevices, undoMs }: EntityChangeDeps): EntityChanges {
  const { entities, drafts } = stores;
  const findEntity = (id: string) => entities.getState().list.find((e) => e.id === id);

  let undoTimer: ReturnType<typeof setTimeout> | undefined;
  function forgetRemoval(): void {
    clearTimeout(undoTimer);
    const removed = entities.getState().removed;
    if (removed === null) return;
    removalForgotten(entities);
    if (!entities.getState().list.some((e) => e.id === removed.entity.id)) entityDraftsDropped(drafts, removed.entity.id);
  }

  return {
    async saveEntityForm() {
      const form = drafts.getState().entityForm;
      if (form === null) return null;
      const existing = form.entityId === null ? undefined : findEntity(form.entityId);
      const others = entities.getState().list.filter((e) => e.id !== existing?.id);
      const { checkEntityDraft, trimmedDraft } = await import('../entities/entity-check.js');
      const draft = trimmedDraft(form.draft);
      const problem = checkEntityDraft(draft, others);
      if (problem !== null) return problem;
      const saved = { ...draft, id: existing?.id ?? newEntityId() };
      if (existing === undefined) entityAdded(entities, saved);
      else entityUpdated(entities, saved);
      entityFormClosed(drafts);
      await entitiesChanged();
      askNewDevices([saved]);
      return null;
    },

    async addEntities(configs) {
      const { checkNewEntities } = await import('../entities/entity-check.js');
      const added = checkNewEntities(configs, entities.getState().list, newEntityId);
      if (!Array.isArray(added)) return added;
      for (const entity of added) entityAdded(entities, entity);
      entityFormClosed(drafts);
      await entitiesChanged();
      askNewDevices(added);
      return null;
    },

    async updateEntityOptions(entityId, change) {
      const entity = findEntity(entityId);
      if (entity === undefined) return;
      entityUpdated(entities, { ...entity, options: { ...entity.options, ...change } });
      await entitiesChanged();
    },

    async removeEntity(entityId) {
      // One removal can be undone at a time: an earlier one is final now.
      forgetRemoval();
      entityRemoved(entities, entityId);
      undoTimer = setTimeout(forgetRemoval, undoMs);
      await entitiesChanged();
    },

    async undoRemove() {
      clearTimeout(undoTimer);
      if (entities.getState().removed === null) return;
      removalUndone(entities);
      await entitiesChanged();
    },

    dismissUndo: forgetRemoval,

    async moveEntity(entityId, index) {
      const before = entities.getState().list;
      entityMoved(entities, entityId, index);
      if (entities.getState().list !== before) await entitiesChanged();
    },

    dispose() {
      clearTimeout(undoTimer);
    },
  };
}
