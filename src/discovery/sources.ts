/**
 * The discovery sources and their names, on their own: a setup offer names the sources it
 * turns on without loading what discovery parses.
 */
export type DiscoverySource = 'home-assistant' | 'tasmota' | 'zigbee2mqtt';

/** How each source is named in the settings and on what it found. */
export const SOURCE_NAMES: Readonly<Record<DiscoverySource, string>> = {
  'home-assistant': 'Home Assistant discovery',
  tasmota: 'Tasmota discovery',
  zigbee2mqtt: 'Zigbee2MQTT devices',
};
