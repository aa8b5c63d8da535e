/**
 * The controls slice's actions. Apart from the slice (src/store/controls.ts), which the stores
 * create before the first paint, because only the device commands use them, and those load
 * after it.
 */
import type { ControlsStore, PendingCommand } from './controls.js';

export function commandPending(store: ControlsStore, entityId: string, command: PendingCommand): void {
  store.update((s) => ({ ...s, pending: { ...s.pending, [entityId]: command } }));
}

export function commandStateChanged(store: ControlsStore, entityId: string, state: PendingCommand['state']): void {
  store.update((s) => {
    const command = s.pending[entityId];
    return command === undefined || command.state === state ? s : { ...s, pending: { ...s.pending, [entityId]: { ...command, state } } };
  });
}

/** The device confirmed (or a newer command replaced it, or it was cancelled). */
export function commandSettled(store: ControlsStore, entityId: string): void {
  store.update((s) => {
    if (!(entityId in s.pending)) return s;
    const { [entityId]: _settled, ...pending } = s.pending;
    return { ...s, pending };
  });
}

export function optimisticSent(store: ControlsStore, entityId: string, value: string): void {
  store.update((s) => (s.optimistic[entityId] === value ? s : { ...s, optimistic: { ...s.optimistic, [entityId]: value } }));
}
