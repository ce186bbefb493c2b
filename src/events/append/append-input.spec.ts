import { provenanceOf } from './append-input.js';

describe('provenanceOf', () => {
  it('a direct append is approved by its appender', () => {
    expect(provenanceOf({ keyName: 'alice' }, {})).toEqual({ appendedBy: 'alice', approvedBy: 'alice' });
  });

  it('an approved draft: the submitter appends, the reviewer approves', () => {
    expect(provenanceOf({ keyName: 'ed-anna', approvedBy: 'rev-clara' }, { provenance: null })).toEqual({
      appendedBy: 'ed-anna',
      approvedBy: 'rev-clara',
    });
  });

  it('an imported export line keeps its own, and names the import', () => {
    expect(
      provenanceOf({ keyName: 'import:bob' }, { provenance: { appendedBy: 'ed-anna', approvedBy: 'rev-clara' } }),
    ).toEqual({ appendedBy: 'ed-anna', approvedBy: 'rev-clara', importedBy: 'import:bob' });
  });
});
