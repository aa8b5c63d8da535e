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
  let lastPacketAt = 0;
  client.on('packetreceive', () => {
    lastPacketAt = Date.now();
  });
  const timeOut = client.onKeepaliveTimeout.bind(client);
  client.onKeepaliveTimeout = () => {
    const manager = client.keepaliveManager;
    // mqtt.js checks once per half keepalive: a packet since the last check means alive.
    if (manager && Date.now() - lastPacketAt <= manager.intervalEvery) {
      // Ping again at once: the broker must hear from us within its own keepalive window.
      client.sendPing();
      client.reschedulePing(true);
      return;
    }
    timeOut();
  };
}
