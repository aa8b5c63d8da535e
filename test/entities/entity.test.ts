import { expect } from '@open-wc/testing';
import { checkEntityDraft } from '../../src/entities/entity-check.js';
import { createEntity, DEFAULT_OPTIONS, defaultEntities, wantedFilters, type EntityParts } from '../../src/entities/entity.js';

const draft = (name: string, topic: string, options = DEFAULT_OPTIONS, parts: EntityParts = {}) => {
  const { id: _id, ...config } = createEntity(name, topic, options, parts);
  return config;
};

describe('entities', () => {
  it('start as hello_mqtt does: one entity on edzna/hello', () => {
    const [first, ...rest] = defaultEntities();
    expect(rest).to.deep.equal([]);
    expect(first).to.deep.include({ name: 'hello_mqtt', topic: 'edzna/hello', kind: 'text' });
  });

  it('refuse an empty name, a name already taken (whatever its case), and an invalid filter', () => {
    const kitchen = createEntity('Kitchen', 'home/kitchen');
    expect(checkEntityDraft(draft(' ', 'a'), [])).to.deep.equal({ field: 'name', reason: 'Enter a name.' });
    expect(checkEntityDraft(draft('kitchen ', 'a'), [kitchen])?.reason).to.equal(
      'Another entity is already called “kitchen”. Choose another name.',
    );
    expect(checkEntityDraft(draft('Hall', 'home/#/x'), [kitchen])).to.deep.include({ field: 'topic' });
    expect(checkEntityDraft(draft('Hall', 'home/+/temp'), [kitchen])).to.equal(null);
  });

  it('refuse a stale time that is not above zero, and a saved payload without a label', () => {
    expect(checkEntityDraft(draft('A', 'a', { ...DEFAULT_OPTIONS, staleAfterSeconds: 0 }), [])?.field).to.equal('staleAfterSeconds');
    expect(checkEntityDraft(draft('A', 'a', { ...DEFAULT_OPTIONS, savedPayloads: [{ label: '', payload: 'x' }] }), [])?.field).to.equal(
      'savedPayloads',
    );
  });

  it('want each filter subscribed once', () => {
    expect(wantedFilters([createEntity('a', 'x/#'), createEntity('b', 'x/#'), createEntity('c', 'y')])).to.deep.equal(['x/#', 'y']);
  });
});
