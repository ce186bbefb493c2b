/** Files that ship with the project, found from this file whether it runs from src/ (tests) or dist/. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'migrations');
export const DEMO_TIMELINE_FILE = path.join(PROJECT_ROOT, 'data/demo-timeline.json');
/** The build (npm run build): the scripts the bench and the tests run as child processes. */
export const DIST_DIR = path.join(PROJECT_ROOT, 'dist');
