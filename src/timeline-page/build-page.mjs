/**
 * `npm run build:page` (part of `npm run build`): the timeline page and GraphiQL into dist/page.
 *   1. type-checks the browser code (client/tsconfig.json of each: DOM, strict);
 *   2. bundles client/main.ts with its imports (graphql-ws) into app.js, and styles.css into app.css;
 *      GraphiQL (src/graphiql/client, with React) into graphiql.js and graphiql.css;
 *   3. copies public/ of each (index.html, graphiql.html, the icon).
 * Everything the pages load comes from this folder: nothing is fetched from the internet.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const out = path.join(root, 'dist/page');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
const graphiql = path.resolve(here, '../graphiql');

try {
  for (const dir of [here, graphiql]) execFileSync(process.execPath, [tsc, '-p', path.join(dir, 'client/tsconfig.json')], { stdio: 'inherit' });
} catch {
  process.stderr.write('build:page: the browser code does not type-check (errors above)\n');
  process.exit(1);
}
fs.rmSync(out, { recursive: true, force: true });
await esbuild.build({
  entryPoints: [
    { in: path.join(here, 'client/main.ts'), out: 'app' },
    { in: path.join(here, 'client/styles.css'), out: 'app' },
  ],
  outdir: out,
  bundle: true,
  format: 'esm',
  target: ['es2022', 'chrome111', 'firefox111', 'safari16'],
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
// GraphiQL is large (React, CodeMirror): no source map, which would be kept in memory with it.
await esbuild.build({
  entryPoints: [{ in: path.join(graphiql, 'client/graphiql.ts'), out: 'graphiql' }],
  outdir: out,
  bundle: true,
  format: 'esm',
  target: ['es2022', 'chrome111', 'firefox111', 'safari16'],
  minify: true,
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl' },
  legalComments: 'linked',
  logLevel: 'warning',
});
for (const dir of [here, graphiql]) {
  for (const name of fs.readdirSync(path.join(dir, 'public'))) fs.copyFileSync(path.join(dir, 'public', name), path.join(out, name));
}
