import { expect } from '@open-wc/testing';
import {
  connectionChanged,
  createAppStore,
  entityState,
  generateClientId,
  initialState,
  messageReceived,
  NO_MESSAGES,
  topicChanged,
  topicRefused,
  topicSubscribed,
  type LastMessage,
} from '../../src/store/app-state.js';

const message = (text: string, topic = 'edzna/hello'): LastMessage => ({
  text,
  format: 'text',
  byteLength: text.length,
  truncated: false,
  topic,
  receivedAt: 1_700_000_000_000,
  retained: false,
});

describe('app state', () => {
  it('starts as hello_mqtt does: topic edzna/hello, keepalive 60, No messages', () => {
    const state = initialState();
    expect(state.topic).to.equal('edzna/hello');
    expect(state.config.keepalive).to.equal(60);
    expect(entityState(state)).to.equal(NO_MESSAGES);
    expect(NO_MESSAGES).to.equal('No messages');
  });

  it('makes a client ID per install', () => {
    expect(generateClientId()).to.match(/^hello-mqtt-[0-9a-f]{8}$/);
    expect(generateClientId()).to.not.equal(generateClientId());
  });

  it('takes the last message as the entity state and tells subscribers', () => {
    const store = createAppStore();
    const seen: string[] = [];
    store.subscribe((state) => seen.push(entityState(state)));
    messageReceived(store, message('ThisIsIt'));
    messageReceived(store, message('Again'));
    expect(entityState(store.getState())).to.equal('Again');
    expect(seen).to.deep.equal(['ThisIsIt', 'Again']);
  });

  it('does not notify when the connection status did not change', () => {
    const store = createAppStore();
    let calls = 0;
    store.subscribe(() => calls++);
    connectionChanged(store, 'connected', 'ws://x');
    connectionChanged(store, 'connected', 'ws://x');
    expect(calls).to.equal(1);
  });

  it('stops notifying after unsubscribe', () => {
    const store = createAppStore();
    let calls = 0;
    const unsubscribe = store.subscribe(() => calls++);
    unsubscribe();
    messageReceived(store, message('x'));
    expect(calls).to.equal(0);
  });

  it('clears a topic problem once the subscription succeeds', () => {
    const store = createAppStore();
    topicRefused(store, 'Connection closed');
    topicSubscribed(store, 'edzna/hello');
    expect(store.getState().topicProblem).to.equal('');
    expect(store.getState().subscribed).to.equal(true);
  });

  it('starts a new topic from what was saved for it, or No messages', () => {
    const store = createAppStore(initialState({ lastMessage: message('old') }));
    topicChanged(store, 'home/x', null);
    expect(store.getState().topic).to.equal('home/x');
    expect(entityState(store.getState())).to.equal(NO_MESSAGES);
    topicChanged(store, 'home/y', message('saved', 'home/y'));
    expect(entityState(store.getState())).to.equal('saved');
  });
});
