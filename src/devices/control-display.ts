/**
 * What a device control shows, in words: the state the device reported, a command on its way
 * (Queued, Pending…, No answer), an optimistic switch, an unavailable device. Pure: the views
 * render what this returns, and the tests read it.
 */
import type { Entity } from '../entities/entity.js';
import type { PendingCommand } from '../store/controls.js';
import { stateSources, stateValues, type AvailabilityReading, type SwitchReading } from './readings.js';

export interface ControlDisplay {
  /** A switch's position; null when it is not known (or neither on nor off). */
  readonly checked: boolean | null;
  /** The state or what is going on, in words. */
  readonly words: string;
  /** A command is on its way: the control shows it is busy. */
  readonly busy: boolean;
  /** The device says it is offline: the control cannot be used. */
  readonly disabled: boolean;
}

/** Why the control is disabled, if the device says it is offline. */
export function unavailableWords(entity: Entity, availability: AvailabilityReading): string | null {
  if (availability.state !== 'offline' || entity.availability === null) return null;
  return `Unavailable: ${availability.topic ?? entity.availability.topic} says “${availability.raw}”.`;
}

/** Words for a command on its way, or null when there is none. */
function commandWords(entity: Entity, pending: PendingCommand | undefined, what: string, lastReported: string): string | null {
  if (pending === undefined) return null;
  if (pending.state === 'queued') return `Queued: ${what} once connected.`;
  if (pending.state === 'waiting') return `Pending… ${what}.`;
  return `No answer: the device did not confirm within ${entity.device.timeoutSeconds} s. ${lastReported}`;
}

export function describeSwitch(
  entity: Entity,
  reading: SwitchReading | null,
  pending: PendingCommand | undefined,
  optimistic: string | undefined,
  availability: AvailabilityReading,
): ControlDisplay {
  const unavailable = unavailableWords(entity, availability);
  const { on, off } = stateValues(entity);
  const optimisticSwitch = stateSources(entity).length === 0;
  const state = optimisticSwitch ? (optimistic as 'on' | 'off' | undefined) : reading?.state;
  const checked = state === undefined || state === null ? null : state === 'on';
  const reported =
    reading === null
      ? optimisticSwitch
        ? ''
        : 'No state reported yet.'
      : reading.state === null
        ? `The device reported “${reading.raw}”, which is neither on (${on}) nor off (${off}).`
        : `Last reported: ${reading.state === 'on' ? 'On' : 'Off'}.`;
  const turning = pending === undefined ? '' : `turning ${pending.target}`;
  const command = commandWords(entity, pending, turning, reported);
  if (unavailable !== null) return { checked, words: `${unavailable} ${reported}`.trim(), busy: false, disabled: true };
  if (command !== null) return { checked, words: command, busy: pending?.state !== 'no-answer', disabled: false };
  if (optimisticSwitch) {
    const shown = state === undefined ? 'Not switched from here yet.' : state === 'on' ? 'On' : 'Off';
    return { checked, words: `${shown} (optimistic: no state topic, so it shows what was last sent)`, busy: false, disabled: false };
  }
  if (reading === null || reading.state === null) return { checked: null, words: reported, busy: false, disabled: false };
  return { checked, words: reading.state === 'on' ? 'On' : 'Off', busy: false, disabled: false };
}

/** A number's or select's state: the value reported, and a command on its way. */
export function describeValue(
  entity: Entity,
  reported: string | null,
  pending: PendingCommand | undefined,
  availability: AvailabilityReading,
): ControlDisplay {
  const unit = entity.kind === 'number' && entity.device.unit !== '' ? ` ${entity.device.unit}` : '';
  const shown = reported === null ? 'No value reported yet.' : `Reported: ${reported}${unit}.`;
  const unavailable = unavailableWords(entity, availability);
  if (unavailable !== null) return { checked: null, words: `${unavailable} ${shown}`, busy: false, disabled: true };
  const command = commandWords(entity, pending, pending === undefined ? '' : `setting ${pending.target}${unit}`, shown);
  if (command !== null) return { checked: null, words: command, busy: pending?.state !== 'no-answer', disabled: false };
  return { checked: null, words: shown, busy: false, disabled: false };
}
