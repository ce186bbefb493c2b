import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPageAssets } from './page-assets.js';

describe('loadPageAssets', () => {
  it('takes the files of known types at the top of the folder, with a content type and a stable ETag', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'page-assets-'));
    try {
      fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
      fs.writeFileSync(path.join(dir, 'app.js'), 'export {};');
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'not served');
      fs.mkdirSync(path.join(dir, 'sub'));
      fs.writeFileSync(path.join(dir, 'sub', 'x.js'), 'nested');
      const assets = loadPageAssets(dir);
      expect([...assets.keys()].sort()).toEqual(['app.js', 'index.html']);
      expect(assets.get('index.html')?.contentType).toBe('text/html; charset=utf-8');
      expect(assets.get('app.js')?.contentType).toBe('text/javascript; charset=utf-8');
      expect(loadPageAssets(dir).get('app.js')?.etag).toBe(assets.get('app.js')?.etag);
      expect(assets.get('app.js')?.etag).not.toBe(assets.get('index.html')?.etag);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is empty when the page has not been built', () => {
    expect(loadPageAssets(path.join(os.tmpdir(), 'no-such-page-dir')).size).toBe(0);
  });
});
