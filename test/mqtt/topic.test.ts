import { expect } from '@open-wc/testing';
import { checkPublishTopic, checkSubscribeTopic, filterCovers, literalPrefix, topicMatches } from '../../src/mqtt/topic.js';

const reason = (check: ReturnType<typeof checkPublishTopic>) => (check.ok ? '' : check.reason);

describe('topic validation', () => {
  it('accepts the hello_mqtt topic for publish and subscribe', () => {
    expect(checkPublishTopic('edzna/hello').ok).to.equal(true);
    expect(checkSubscribeTopic('edzna/hello').ok).to.equal(true);
  });

  it('refuses an empty topic', () => {
    expect(reason(checkPublishTopic(''))).to.match(/empty/);
    expect(reason(checkSubscribeTopic(''))).to.match(/empty/);
  });

  it('refuses wildcards in a publish topic', () => {
    expect(reason(checkPublishTopic('home/+/state'))).to.match(/wildcards/);
    expect(reason(checkPublishTopic('home/#'))).to.match(/wildcards/);
  });

  it('accepts wildcards where MQTT allows them in a subscription', () => {
    for (const filter of ['#', '+', 'home/#', 'home/+/state', '+/+', '/']) {
      expect(checkSubscribeTopic(filter).ok, filter).to.equal(true);
    }
  });

  it('refuses # that is not last or not a whole level', () => {
    expect(reason(checkSubscribeTopic('home/#/state'))).to.match(/# must be the last level/);
    expect(reason(checkSubscribeTopic('home/a#'))).to.match(/# must be the last level/);
  });

  it('refuses + that is not a whole level', () => {
    expect(reason(checkSubscribeTopic('home/a+/state'))).to.match(/\+ must fill a whole level/);
  });

  it('refuses a NUL character', () => {
    expect(reason(checkPublishTopic('a\u0000b'))).to.match(/NUL/);
  });

  it('refuses a topic over 65,535 bytes, counting UTF-8 bytes', () => {
    expect(checkPublishTopic('a'.repeat(65_535)).ok).to.equal(true);
    expect(reason(checkPublishTopic('a'.repeat(65_536)))).to.match(/65,536 bytes/);
    expect(reason(checkPublishTopic('é'.repeat(32_768)))).to.match(/65,536 bytes/);
  });

  it('matches topics against filters as a broker does', () => {
    expect(topicMatches('edzna/hello', 'edzna/hello')).to.equal(true);
    expect(topicMatches('edzna/hello', 'edzna/hello/x')).to.equal(false);
    expect(topicMatches('home/#', 'home')).to.equal(true);
    expect(topicMatches('home/#', 'home/a/b')).to.equal(true);
    expect(topicMatches('home/+/state', 'home/kitchen/state')).to.equal(true);
    expect(topicMatches('home/+/state', 'home/kitchen/light/state')).to.equal(false);
    expect(topicMatches('#', '$SYS/broker/uptime')).to.equal(false);
  });

  it('knows when one filter delivers everything another would', () => {
    expect(filterCovers('home/#', 'home/kitchen/temp')).to.equal(true);
    expect(filterCovers('home/#', 'home')).to.equal(true);
    expect(filterCovers('home/#', 'home/+/temp')).to.equal(true);
    expect(filterCovers('home/+/temp', 'home/kitchen/temp')).to.equal(true);
    expect(filterCovers('+/+', 'a/b')).to.equal(true);
    expect(filterCovers('#', 'a/b/#')).to.equal(true);
    expect(filterCovers('a/b', 'a/b')).to.equal(true);
    expect(filterCovers('home/+/temp', 'home/#')).to.equal(false);
    expect(filterCovers('home/+', 'home/+/temp')).to.equal(false);
    expect(filterCovers('a/+', 'a/#')).to.equal(false);
    expect(filterCovers('a/b', 'a/c')).to.equal(false);
    expect(filterCovers('home/kitchen', 'home/#')).to.equal(false);
  });

  it('never takes a wildcard at the first level to cover $SYS topics', () => {
    expect(filterCovers('#', '$SYS/broker/uptime')).to.equal(false);
    expect(filterCovers('+/broker/uptime', '$SYS/broker/uptime')).to.equal(false);
    expect(filterCovers('$SYS/#', '$SYS/broker/uptime')).to.equal(true);
  });

  it('finds the literal start of a filter', () => {
    expect(literalPrefix('home/+/temp')).to.equal('home/');
    expect(literalPrefix('#')).to.equal('');
    expect(literalPrefix('edzna/hello')).to.equal('edzna/hello');
  });
});
