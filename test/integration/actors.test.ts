/**
 * Actors kept in memory (ActorsService): a registration never changes and no actor is deleted, so
 * an instance keeps what it has read and asks the database only for ids it has not seen. Two
 * instances on one database: one that looked an id up before another registered it still finds it
 * afterwards, and what it keeps is what is stored.
 */
import { type Sut, createSut, startSutOn } from './support/sut.js';

describe('actors kept in memory', () => {
  let first: Sut;
  let second: Sut;
  beforeAll(async () => {
    first = await createSut({ RUN_PROJECTIONS: 'false' });
    second = await startSutOn(first.database, { RUN_PROJECTIONS: 'false' });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('an id unknown at first is found once another instance registers it', async () => {
    expect([...(await first.actors.byIds(['kremlin', 'russia'])).keys()]).toEqual([]);
    await second.actors.register({ id: 'russia', name: 'Russia', kind: 'STATE' });
    await second.actors.register({ id: 'kremlin', name: 'Kremlin', kind: 'ORGANIZATION', represents: 'russia' });
    const found = await first.actors.byIds(['kremlin', 'russia', 'nobody']);
    expect([...found.keys()].sort()).toEqual(['kremlin', 'russia']);
    expect(found.get('kremlin')).toMatchObject({ name: 'Kremlin', kind: 'ORGANIZATION', represents: 'russia' });
  });

  it('a kept actor is answered without the database and is the stored one', async () => {
    await first.actors.byIds(['russia']);
    // The table is emptied behind the service's back (only a test can: nothing in the service deletes
    // actors): the kept actor is still answered, an id never read is not.
    await first.db.query('DELETE FROM actors');
    const after = await first.actors.byIds(['russia', 'kremlin']);
    expect(after.get('russia')).toMatchObject({ id: 'russia', name: 'Russia', kind: 'STATE', represents: null });
    expect(after.has('kremlin')).toBe(true);
    const fresh = await startSutOn(first.database, { RUN_PROJECTIONS: 'false' });
    try {
      expect((await fresh.actors.byIds(['russia'])).size).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});
