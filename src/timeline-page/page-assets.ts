/**
 * The built pages (`npm run build` writes them to dist/page from the browser code in web/: the
 * timeline page's index.html, app.js, app.css and source maps; the review page's review.html,
 * review.js and review.css; GraphiQL's graphiql.html, .js and .css), read once into memory with
 * a content type and an ETag for each file. Serving them from memory keeps `/` independent of
 * the disk.
 */
import crypto from 'node:crypto';
import { Injectable } from '@nestjs/common';
import fs from 'node:fs';
import path from 'node:path';
import { DIST_DIR } from '../config/project-paths.js';

export const PAGE_DIR = path.join(DIST_DIR, 'page');

export interface PageAsset {
  name: string;
  body: Buffer;
  contentType: string;
  etag: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Every servable file of `dir` by name (no sub-folders, only known extensions); empty when the page is not built. */
export function loadPageAssets(dir: string = PAGE_DIR): Map<string, PageAsset> {
  const assets = new Map<string, PageAsset>();
  if (!fs.existsSync(dir)) return assets;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const contentType = CONTENT_TYPES[path.extname(entry.name)];
    if (!entry.isFile() || !contentType) continue;
    const body = fs.readFileSync(path.join(dir, entry.name));
    const etag = `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    assets.set(entry.name, { name: entry.name, body, contentType, etag });
  }
  return assets;
}

/** The built files, read once per process (the timeline page's controller and GraphiQL share them). */
@Injectable()
export class PageAssets {
  private readonly assets = loadPageAssets();

  get(name: string): PageAsset | undefined {
    return this.assets.get(name);
  }

  get built(): boolean {
    return this.assets.size > 0;
  }
}

/**
 * The page's Content-Security-Policy: its own script and styles only, GraphQL over HTTP and
 * WebSocket to the same origin, nothing inline, no frames.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
