/**
 * docker-compose.yml as Docker Compose reads it, for the tests that check it without a Docker
 * engine: the YAML, `${VAR}` / `${VAR:-default}` / `$$` interpolation from a .env file's
 * variables, and the environment a service's container gets (its env_file, then `environment`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { PROJECT_ROOT } from '../../src/config/project-paths.js';

export const COMPOSE_FILE = path.join(PROJECT_ROOT, 'docker-compose.yml');

export function composeText(): string {
  return fs.readFileSync(COMPOSE_FILE, 'utf8');
}

/** The compose file as YAML data, not interpolated. */
export function composeFile(): any {
  return load(composeText());
}

/** The variables of a .env file (KEY=value lines; `#` comments and blank lines skipped). */
export function readEnvFile(file: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of fs.readFileSync(path.resolve(PROJECT_ROOT, file), 'utf8').split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) vars[match[1]] = match[2].trim();
  }
  return vars;
}

/** A compose value with `${VAR}`, `${VAR:-default}`, `${VAR-default}` and `$$` replaced as Compose does. */
export function interpolate(value: string, vars: Record<string, string | undefined>): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}/g,
    (whole, name: string | undefined, op: string | undefined, fallback: string | undefined) => {
      if (whole === '$$') return '$';
      const set = vars[name as string];
      if (op === ':-') return set ? set : (fallback ?? '');
      if (op === '-') return set !== undefined ? set : (fallback ?? '');
      return set ?? '';
    },
  );
}

/** The names a compose text interpolates (`${NAME...}`). */
export function interpolatedNames(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))];
}

/** A service's env_file entries (short or long syntax) as paths. */
export function envFiles(service: any): string[] {
  const files = service.env_file === undefined ? [] : [service.env_file].flat();
  return files.map((entry: string | { path: string }) => (typeof entry === 'string' ? entry : entry.path));
}

/**
 * The environment a service's container gets when `.env` holds `dotEnv`: the variables of its
 * env_file (which must be that .env), then its `environment`, interpolated from the same .env.
 */
export function serviceEnvironment(compose: any, name: string, dotEnv: Record<string, string>): Record<string, string> {
  const service = compose.services[name];
  const env: Record<string, string> = {};
  for (const file of envFiles(service)) {
    if (file !== '.env') throw new Error(`${name}: env_file ${file} is not .env`);
    Object.assign(env, dotEnv);
  }
  const listed: Record<string, string | number | boolean | null> = Array.isArray(service.environment)
    ? Object.fromEntries(service.environment.map((item: string) => item.split(/=(.*)/s).slice(0, 2)))
    : (service.environment ?? {});
  for (const [key, value] of Object.entries(listed)) env[key] = interpolate(String(value ?? ''), dotEnv);
  return env;
}
