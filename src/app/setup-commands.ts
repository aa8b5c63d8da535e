/**
 * The setup commands: export a setup, read one from a file or a share link and offer it, and
 * apply the offer (replace the broker settings and entities, or add the entities). The setup
 * code (setup-file.ts, share-link.ts) is loaded on the first use: the dashboard's first paint
 * does without it.
 */
import type { SharedDiscovery } from '../setup/setup-file.js';
import { newEntityId, type Entity, type EntityConfig } from '../entities/entity.js';
import type { Setup } from '../setup/setup-file.js';
import type { QrLink } from '../setup/share-link.js';
import type { AppStores } from '../store/app-stores.js';
import type { ConnectionConfig } from '../store/connection.js';
import { connectionDrafted } from '../store/drafts.js';
import { entitiesReplaced, entityAdded } from '../store/entities.js';
import { sourcesOn } from '../store/discovery.js';
import { setupOffered, setupRefused, setupSettled } from '../store/setup.js';

export interface SetupCommands {
  /** The setup to export or share: the broker settings (no password, no client ID) and the entities. */
  exportSetup(): Promise<Setup>;
  /**
   * The setup as a share link, and as a link short enough for a QR code (with what that one
   * leaves out), for the app at `appUrl`.
   */
  shareSetup(appUrl: string): Promise<SharedSetup>;
  /** Reads a setup file and offers it; a file that is not a setup is refused with the reason. */
  offerSetupFile(fileName: string, text: string): Promise<void>;
  /** Reads a share link's fragment and offers its setup; false when the fragment is not a share link. */
  offerShareLink(hash: string): Promise<boolean>;
  /**
   * Takes the offered setup: as a new saved connection (opened at once), in place of this
   * connection's broker settings and entities, or only its entities, added here.
   */
  acceptSetup(mode: 'connection' | 'replace' | 'add'): Promise<void>;
  /** Drops the offer, a refusal or the word of what was done: nothing changes. */
  dismissSetup(): void;
}

export interface SharedSetup {
  readonly link: string;
  readonly qr: QrLink;
}

export interface SetupDeps {
  readonly stores: AppStores;
  /** Takes this configuration without connecting (in the tab that holds the connection). */
  configure(config: ConnectionConfig): Promise<void>;
  /** Saves the entities and follows their topics, after a change in this tab. */
  entitiesChanged(): Promise<void>;
  /** Adds a saved connection with these settings and entities, and opens it. */
  addConnectionWith(config: Partial<ConnectionConfig>, entities: readonly Entity[], discovery?: SharedDiscovery): Promise<boolean>;
}

/** What an entity reads and commands, whatever it is called. */
const whatItIs = ({ kind, topic, device, availability }: EntityConfig) => JSON.stringify({ kind, topic, device, availability });

export function setupCommands({ stores, configure, entitiesChanged, addConnectionWith }: SetupDeps): SetupCommands {
  const { connection, entities, drafts, setup: setupStore } = stores;
  const names = (list: readonly { name: string }[]) => new Set(list.map((e) => e.name.trim().toLowerCase()));

  /**
   * Which of the setup's entities a device that takes it finds again by discovery: copies,
   * unchanged, of what a source that the setup turns on announces here.
   */
  const rediscoverableIn = (setup: Setup) => {
    const on = new Set(setup.discovery === undefined ? [] : sourcesOn(setup.discovery));
    const found = new Set(
      (stores.discovery.getState().catalog?.groups ?? [])
        .flatMap((group) => group.entities)
        .filter(({ source }) => on.has(source))
        .map(({ entity }) => whatItIs(entity)),
    );
    return (entity: EntityConfig) => found.has(whatItIs(entity));
  };

  const exportSetup = async () => {
    const { setupOf } = await import('../setup/setup-file.js');
    return setupOf(connection.getState().config, entities.getState().list, stores.discovery.getState().settings);
  };

  return {
    exportSetup,

    async shareSetup(appUrl) {
      const [{ shareLink, linkForQr }, setup] = await Promise.all([import('../setup/share-link.js'), exportSetup()]);
      const [link, qr] = await Promise.all([shareLink(appUrl, setup), linkForQr(appUrl, setup, rediscoverableIn(setup))]);
      return { link, qr };
    },

    async offerSetupFile(fileName, text) {
      const { readSetupText } = await import('../setup/setup-file.js');
      const read = readSetupText(text);
      if (read.ok) setupOffered(setupStore, { setup: read.setup, from: `the file ${fileName}` });
      else setupRefused(setupStore, read.reason);
    },

    async offerShareLink(hash) {
      const { readShareLink } = await import('../setup/share-link.js');
      const read = await readShareLink(hash);
      if (read === null) return false;
      if (read.ok) setupOffered(setupStore, { setup: read.setup, from: 'the share link' });
      else setupRefused(setupStore, read.reason);
      return true;
    },

    async acceptSetup(mode) {
      const offer = setupStore.getState().offer;
      if (offer === null) return;
      const { setup } = offer;
      const withIds = () => setup.entities.map((entity) => ({ ...entity, id: newEntityId() }));
      if (mode === 'connection') {
        // The page opens the new connection; until it does, the offer stays in view.
        if (await addConnectionWith(setup.connection, withIds(), setup.discovery)) return;
        return setupRefused(setupStore, `The connection could not be saved: ${stores.connections.getState().problem}`);
      }
      if (mode === 'add') {
        const { checkNewEntities } = await import('../entities/entity-check.js');
        const present = names(entities.getState().list);
        const fresh = setup.entities.filter((e) => !present.has(e.name.trim().toLowerCase()));
        const added = checkNewEntities(fresh, entities.getState().list, newEntityId);
        if (!Array.isArray(added)) return setupRefused(setupStore, added.reason);
        for (const entity of added) entityAdded(entities, entity);
        await entitiesChanged();
        const kept = setup.entities.length - fresh.length;
        return setupSettled(
          setupStore,
          `Added ${added.length} ${added.length === 1 ? 'entity' : 'entities'} from ${offer.from}.` +
            (kept > 0 ? ` ${kept} with names already on the dashboard stayed as they were.` : ''),
        );
      }
      // This device keeps its client ID; the password never travels, and is not kept either.
      const config: ConnectionConfig = { ...connection.getState().config, ...setup.connection, password: '', rememberPassword: false };
      connectionDrafted(drafts, null);
      await configure(config);
      entitiesReplaced(entities, withIds());
      if (setup.discovery !== undefined) (await import('../store/discovery-actions.js')).discoveryConfigured(stores.discovery, setup.discovery);
      await entitiesChanged();
      setupSettled(
        setupStore,
        `Took the broker settings and ${setup.entities.length} ${setup.entities.length === 1 ? 'entity' : 'entities'} from ${offer.from}. ` +
          'A setup holds no password: enter it in Settings if the broker needs one, then connect.',
      );
    },

    dismissSetup() {
      setupSettled(setupStore, '');
    },
  };
}
