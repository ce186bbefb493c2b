/** Files that ship with the project, found from this file wherever it runs from (src/ in tests, dist/, or the tools' build). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder above this file that holds the project's package.json. */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export const PROJECT_ROOT = projectRoot();
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'migrations');
export const DEMO_TIMELINE_FILE = path.join(PROJECT_ROOT, 'data/demo-timeline.json');
/** The build (npm run build): the scripts the bench and the tests run as child processes. */
export const DIST_DIR = path.join(PROJECT_ROOT, 'dist');
/** The tools' build (npm run build:tools): the bench and the soak, which do not ship. */
export const TOOLS_DIST_DIR = path.join(PROJECT_ROOT, 'dist-tools/tools');
