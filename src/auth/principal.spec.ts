import { ROLES, grants, isRole } from './principal.js';

describe('roles', () => {
  it('are ordered: each grants what the ones below it do, and nothing above', () => {
    const table = ROLES.map((role) => ROLES.map((needed) => grants(role, needed)));
    expect(ROLES).toEqual(['READER', 'EDITOR', 'ADMIN']);
    expect(table).toEqual([
      [true, false, false],
      [true, true, false],
      [true, true, true],
    ]);
  });

  it('are recognized by name, upper case only', () => {
    expect(['READER', 'EDITOR', 'ADMIN', 'editor', 'OWNER'].map(isRole)).toEqual([true, true, true, false, false]);
  });
});
