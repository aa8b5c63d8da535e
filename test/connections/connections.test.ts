/**
 * Saved connections: which one a tab opens, the registry that lists them, and the commands
 * that add, open and remove them, against the browser's real IndexedDB.
 */
import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import { connectionCommands } from '../../src/app/connection-commands.js';
import { currentConnectionId, databaseName, DEFAULT_CONNECTION_ID } from '../../src/connections/current.js';
import { connectionLabel, listConnections, openRegistry, REGISTRY_NAME, removeConnection, saveConnection } from '../../src/connections/registry.js';
import { loadEntities, loadSettings, openAppDb } from '../../src/db/database.js';
import { createEntity } from '../../src/entities/entity.js';
import { createAppStores } from '../../src/store/app-stores.js';
import { defaultConfig } from '../../src/store/connection.js';
import { waitUntil } from '../support/wait.js';

const databases = async () => (await indexedDB.databases()).map((d) => d.name);

describe('the connection a tab opens', () => {
  beforeEach(() => localStorage.clear());

  it('is the first one until another is chosen', () => {
    expect(currentConnectionId('')).to.equal(DEFAULT_CONNECTION_ID);
    expect(databaseName(DEFAULT_CONNECTION_ID)).to.equal('hello-mqtt');
  });

  it('is the one in the address, remembered for the next start without one', () => {
    expect(currentConnectionId('?connection=a1b2c3')).to.equal('a1b2c3');
    expect(currentConnectionId('')).to.equal('a1b2c3');
    expect(databaseName('a1b2c3')).to.equal('hello-mqtt-a1b2c3');
  });

  it('ignores an address that names no connection the app could have made', () => {
    expect(currentConnectionId('?connection=../x')).to.equal(DEFAULT_CONNECTION_ID);
    expect(currentConnectionId('?connection=')).to.equal(DEFAULT_CONNECTION_ID);
  });
});

describe('saved connections', () => {
  const opened: string[] = [];
  beforeEach(async () => {
    opened.length = 0;
    await deleteDB(REGISTRY_NAME);
  });

  it('are listed oldest first, keep when they were added, and are called by name or broker host', async () => {
    const registry = await openRegistry();
    await saveConnection(registry, { id: 'b', name: 'Cabin', brokerUrl: 'ws://cabin:9001', addedAt: 20 });
    await saveConnection(registry, { id: 'a', name: '', brokerUrl: 'wss://home.example:8884/mqtt ws://10.0.0.2:9001', addedAt: 10 });
    await saveConnection(registry, { id: 'b', name: 'The cabin', brokerUrl: 'ws://cabin:9001', addedAt: 99 });
    const list = await listConnections(registry);
    expect(list.map((c) => [c.id, c.addedAt])).to.deep.equal([['a', 10], ['b', 20]]);
    expect(list.map(connectionLabel)).to.deep.equal(['home.example:8884', 'The cabin']);
    expect(connectionLabel({ name: ' ', brokerUrl: '' })).to.equal('New connection');
    registry.close();
  });

  it('removing one deletes its database too', async () => {
    const registry = await openRegistry();
    (await openAppDb(databaseName('gone1'))).close();
    await saveConnection(registry, { id: 'gone1', name: 'Gone', brokerUrl: '', addedAt: 1 });
    expect(await databases()).to.include('hello-mqtt-gone1');
    await removeConnection(registry, 'gone1');
    expect(await listConnections(registry)).to.deep.equal([]);
    expect(await databases()).not.to.include('hello-mqtt-gone1');
    registry.close();
  });

  it('list this tab’s connection as it is saved, and follow its name and broker', async () => {
    const stores = createAppStores({ connection: { config: { ...defaultConfig(), name: 'Home', brokerUrl: 'ws://home:9001' } } });
    connectionCommands({ stores, open: (id) => opened.push(id) });
    await waitUntil(() => stores.connections.getState().list, (l) => l.length === 1, 'listed');
    expect(stores.connections.getState().list[0]).to.deep.include({ id: DEFAULT_CONNECTION_ID, name: 'Home', brokerUrl: 'ws://home:9001' });
    stores.connection.update((s) => ({ ...s, config: { ...s.config, name: 'House' } }));
    await waitUntil(() => stores.connections.getState().list[0]?.name, (n) => n === 'House', 'renamed');
  });

  it('an added one gets a database of its own with a client ID of its own, and is opened', async () => {
    const stores = createAppStores({ connection: { config: { ...defaultConfig('hello-mqtt-here'), name: 'Home' } } });
    const commands = connectionCommands({ stores, open: (id) => opened.push(id) });
    await commands.addConnection(' Cabin ');
    expect(opened).to.have.length(1);
    const id = opened[0]!;
    expect(id).not.to.equal(DEFAULT_CONNECTION_ID);
    await waitUntil(() => stores.connections.getState().list.map((c) => c.name), (n) => n.join() === 'Home,Cabin', 'both listed');
    const db = await openAppDb(databaseName(id));
    const saved = await loadSettings(db);
    expect(saved?.config.name).to.equal('Cabin');
    expect(saved?.config.clientId).to.match(/^hello-mqtt-[0-9a-f]{8}$/).and.not.equal('hello-mqtt-here');
    expect(saved?.wantsConnection).to.equal(false);
    db.close();
    await deleteDB(databaseName(id));
  });

  it('a setup taken as a new connection keeps its entities in order, and never a password', async () => {
    const stores = createAppStores();
    const commands = connectionCommands({ stores, open: (id) => opened.push(id) });
    const entities = [createEntity('Lamp', 'home/lamp'), createEntity('All', 'home/#')];
    const added = await commands.addConnectionWith({ name: 'Friend', brokerUrl: 'ws://friend:9001', username: 'ana', password: 'secret' }, entities);
    expect(added).to.equal(true);
    const db = await openAppDb(databaseName(opened[0]!));
    const saved = await loadSettings(db);
    expect(saved?.config).to.deep.include({ name: 'Friend', brokerUrl: 'ws://friend:9001', username: 'ana', password: '', rememberPassword: false });
    expect((await loadEntities(db)).map((e) => e.name)).to.deep.equal(['Lamp', 'All']);
    db.close();
    await deleteDB(databaseName(opened[0]!));
  });

  it('this tab’s own connection cannot be removed; another one can', async () => {
    const stores = createAppStores();
    const commands = connectionCommands({ stores, open: (id) => opened.push(id) });
    await commands.addConnection('Other');
    const other = opened[0]!;
    await commands.removeConnection(DEFAULT_CONNECTION_ID);
    await commands.removeConnection(other);
    expect(stores.connections.getState().list.map((c) => c.id)).to.deep.equal([DEFAULT_CONNECTION_ID]);
    expect(await databases()).not.to.include(databaseName(other));
  });
});
