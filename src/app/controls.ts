/**
 * Commands to devices that tell the truth about whether the device did what it was told. A
 * tap on a switch (or a new number or choice) goes through the durable outbox and is pending
 * until the device reports the new state on one of the entity's state topics; with no report
 * within the entity's timeout it is "No answer", and the last reported state stays shown.
 * While offline the command waits in the outbox, and the timeout starts once it is sent. A
 * switch with no state topic is optimistic: once sent, it shows what it sent.
 */
import { latestReport, readSwitch, stateSources, valueText } from '../devices/readings.js';
import type { Entity } from '../entities/entity.js';
import { compileTemplate, TemplateError } from '../discovery/template.js';
import { colourOf, colourScope } from '../devices/colour.js';
import { findEntity } from '../store/discovery.js';
import type { AppStores } from '../store/app-stores.js';
import { commandPending, commandSettled, commandStateChanged, optimisticSent } from '../store/controls-actions.js';
import type { PendingCommand } from '../store/controls.js';
import type { OutboxItem } from '../store/outbox.js';
import type { TopicRecord } from '../topics/topic-record.js';
import type { TopicStore } from '../topics/topic-store.js';
import type { Outbox } from './outbox.js';

/** Whether a reported value is the one a command asked for. */
function confirms(entity: Entity, reported: unknown, target: string, topics: TopicStore): boolean {
  if (entity.kind === 'switch') return readSwitch(entity, (t) => topics.get(t), topics.lastFound)?.state === target;
  if (entity.kind === 'number') return Number(valueText(reported)) === Number(target);
  if (entity.kind === 'color') return colourOf(reported) === target.toLowerCase();
  return valueText(reported).trim() === target.trim();
}

/**
 * What a command publishes: the payload itself, or what the entity's command template makes
 * of it (a discovered light's `{"brightness": {{ value }}}`); a number goes in as a number.
 */
export function commandPayload(entity: Entity, payload: string): string {
  if (entity.device.commandTemplate === '') return payload;
  const template = compileTemplate(entity.device.commandTemplate);
  if (template instanceof TemplateError) throw template;
  const value = entity.kind === 'number' && Number.isFinite(Number(payload)) ? Number(payload) : payload;
  const rendered = template.render(entity.kind === 'color' ? colourScope(payload) : { value });
  return typeof rendered === 'string' ? rendered : JSON.stringify(rendered);
}

export class DeviceControls {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /**
   * Outbox ids seen listed. A follower tab lists the leader's outbox, which may not hold a
   * command just added yet: only one seen and then gone unsent was cancelled.
   */
  private readonly seen = new Set<number>();
  private readonly stops: (() => void)[] = [];

  constructor(
    private readonly stores: AppStores,
    private readonly topics: TopicStore,
    private readonly outbox: Outbox,
    private readonly now: () => number = Date.now,
    /** Called once a command is in the outbox (a follower tab tells the leader to send it). */
    private readonly queued: () => void = () => undefined,
  ) {
    this.stops.push(
      stores.outbox.subscribe((state, previous) => {
        if (state.items !== previous.items) this.outboxChanged(state.items);
      }),
      topics.onApplied((records) => this.recordsArrived(records)),
    );
  }

  /** Turns a switch to the other state (on, when its state is not known). */
  async toggle(entityId: string): Promise<void> {
    const entity = this.entity(entityId);
    if (entity?.kind !== 'switch') return;
    const reported = readSwitch(entity, (t) => this.topics.get(t), this.topics.lastFound)?.state;
    const optimistic = this.stores.controls.getState().optimistic[entityId];
    const current = stateSources(entity).length === 0 ? optimistic : reported;
    const target = current === 'on' ? 'off' : 'on';
    await this.command(entity, target, target === 'on' ? entity.device.payloadOn : entity.device.payloadOff);
  }

  /** Sends a number or a choice. */
  async setValue(entityId: string, value: string): Promise<void> {
    const entity = this.entity(entityId);
    if (entity?.kind !== 'number' && entity?.kind !== 'select' && entity?.kind !== 'color') return;
    await this.command(entity, value, value);
  }

  /** A button: its payload, once; nothing to confirm. */
  async press(entityId: string): Promise<void> {
    const entity = this.entity(entityId);
    if (entity?.kind !== 'button') return;
    await this.outbox.add(entity.id, entity.device.commandTopic, commandPayload(entity, entity.device.pressPayload), this.publishOptions(entity));
    this.queued();
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const stop of this.stops) stop();
  }

  private entity(id: string): Entity | undefined {
    return findEntity(this.stores, id);
  }

  private publishOptions(entity: Entity) {
    return { qos: entity.options.publishQos, retain: entity.options.publishRetain };
  }

  private async command(entity: Entity, target: string, payload: string): Promise<void> {
    this.clearTimer(entity.id);
    const since = this.now();
    const outboxId = await this.outbox.add(entity.id, entity.device.commandTopic, commandPayload(entity, payload), this.publishOptions(entity));
    commandPending(this.stores.controls, entity.id, { target, outboxId, since, state: 'queued' });
    this.queued();
    // It may have gone out already, while it was being saved.
    this.outboxChanged(this.stores.outbox.getState().items);
  }

  private outboxChanged(items: readonly OutboxItem[]): void {
    for (const [entityId, pending] of Object.entries(this.stores.controls.getState().pending)) {
      if (pending.state === 'no-answer') continue;
      const item = items.find((i) => i.id === pending.outboxId);
      if (item !== undefined) this.seen.add(item.id);
      if (item === undefined && !this.seen.has(pending.outboxId)) continue;
      // Sent again after the connection dropped with it in flight: waiting for a connection again.
      if (item?.state === 'queued') {
        if (pending.state === 'waiting') {
          this.clearTimer(entityId);
          commandStateChanged(this.stores.controls, entityId, 'queued');
        }
        continue;
      }
      if (pending.state === 'waiting') continue;
      const entity = this.entity(entityId);
      // Gone from the outbox unsent: cancelled. Its entity gone: nothing to show.
      if (item === undefined || entity === undefined) {
        this.seen.delete(pending.outboxId);
        commandSettled(this.stores.controls, entityId);
        continue;
      }
      // On its way (sending) or with the broker (sent): the device may answer before the
      // outbox has marked it sent.
      if (stateSources(entity).length === 0) {
        if (item.state !== 'sent') continue;
        optimisticSent(this.stores.controls, entityId, pending.target);
        commandSettled(this.stores.controls, entityId);
        continue;
      }
      commandStateChanged(this.stores.controls, entityId, 'waiting');
      this.startTimer(entity, pending);
    }
  }

  private recordsArrived(records: readonly TopicRecord[]): void {
    const changed = new Set(records.map((r) => r.topic));
    for (const [entityId, pending] of Object.entries(this.stores.controls.getState().pending)) {
      const entity = this.entity(entityId);
      if (entity === undefined || !stateSources(entity).some((s) => changed.has(s.topic))) continue;
      const report = latestReport(entity, (t) => this.topics.get(t), this.topics.lastFound);
      // Only what the device said after the command was sent counts.
      if (pending.state === 'queued' || report === null || report.record.receivedAt < pending.since) continue;
      // Confirmed. Or the device answered with another value (it clamped a number, refused a
      // choice): what it reports wins. A retained message is an old state replayed on
      // subscribe, not an answer, unless it is the state asked for.
      if (confirms(entity, report.value, pending.target, this.topics) || !report.record.retained) {
        this.clearTimer(entityId);
        commandSettled(this.stores.controls, entityId);
      }
    }
  }

  private startTimer(entity: Entity, pending: PendingCommand): void {
    this.clearTimer(entity.id);
    this.timers.set(
      entity.id,
      setTimeout(() => {
        this.timers.delete(entity.id);
        const current = this.stores.controls.getState().pending[entity.id];
        if (current?.outboxId === pending.outboxId && current.state === 'waiting') {
          commandStateChanged(this.stores.controls, entity.id, 'no-answer');
        }
      }, entity.device.timeoutSeconds * 1000),
    );
  }

  private clearTimer(entityId: string): void {
    clearTimeout(this.timers.get(entityId));
    this.timers.delete(entityId);
  }
}
