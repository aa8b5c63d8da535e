/**
 * Keepalive that counts every packet from the broker as a sign of life.
 *
 * mqtt.js sends a PINGREQ and closes the connection when no PINGRESP comes within half a
 * keepalive. But the broker sends its PINGRESP after every message it queued before it: a
 * client working through a backlog (a busy `#`, a phone waking up) sees it late, closes a
 * healthy connection, and loses the QoS 0 messages sent while it reconnects. MQTT asks for a
 * PINGRESP "within a reasonable amount of time"; while packets still arrive, the wait is
 * reasonable. A silent broker still times out as before.
 */
import type { MqttClient } from 'mqtt';

export function keepAliveWhileReceiving(client: MqttClient): void {
  // Per packet only a flag: this listener runs for every message of a flood.
  let heardSincePing = false;
  client.on('packetreceive', () => {
    heardSincePing = true;
  });
  const ping = client.sendPing.bind(client);
  client.sendPing = () => {
    heardSincePing = false;
    ping();
  };
  const timeOut = client.onKeepaliveTimeout.bind(client);
  client.onKeepaliveTimeout = () => {
    if (!heardSincePing) return timeOut();
    // Alive: ping again at once, as the broker must hear from us within its own keepalive.
    client.sendPing();
    client.reschedulePing(true);
  };
}
