/**
 * API keys. A key is shown once, when created; the database keeps only its SHA-256 (keys are 256
 * random bits, so a fast hash is safe) and an id derived from it for the look-up. Comparison is
 * constant-time. Revocation takes effect on the next request (nothing is cached), and ends the
 * connections and streams the key holds (key-revocations.service.ts).
 */
import crypto from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, ValidationFailed } from '../common/domain-error.js';
import { type Principal, ROLES, type Role } from './principal.js';

const KEY_PREFIX = 'dtl_';
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export interface ApiKeyInfo {
  id: string;
  name: string;
  role: Role;
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
}

export interface AuditEntry {
  keyId: string;
  keyName: string;
  action: 'CREATED' | 'REVOKED';
  /** Who did it: `key:<name>` (GraphQL), `cli:<user>` (npm run keys), `ADMIN_API_KEY` (the environment). */
  actor: string;
  at: Date;
}

export interface CreatedKey extends ApiKeyInfo {
  /** The secret: shown once, never stored. */
  key: string;
}

function digest(key: string): Buffer {
  return crypto.createHash('sha256').update(key, 'utf8').digest();
}

function keyId(hash: Buffer): string {
  return hash.toString('hex').slice(0, 12);
}

function toInfo(row: Record<string, unknown>): ApiKeyInfo {
  return {
    id: row.id as string,
    name: row.name as string,
    role: row.role as Role,
    createdAt: new Date(row.created_at as string),
    createdBy: row.created_by as string,
    revokedAt: row.revoked_at ? new Date(row.revoked_at as string) : null,
  };
}

@Injectable()
export class ApiKeysService {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  static generateKey(): string {
    return `${KEY_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
  }

  /**
   * Creates a key; `key` may be given (ADMIN_API_KEY), else one is generated. `at` prefixes the
   * field paths of errors (`input.` for GraphQL).
   */
  async create(name: string, role: string, createdBy: string, key = ApiKeysService.generateKey(), at = ''): Promise<CreatedKey> {
    const normalizedRole = role.toUpperCase();
    const errors = [];
    if (!NAME_PATTERN.test(name)) errors.push({ path: `${at}name`, reason: 'must be 1-64 letters, digits or ._@- (starting with a letter or digit)' });
    if (!(ROLES as readonly string[]).includes(normalizedRole)) errors.push({ path: `${at}role`, reason: 'must be admin or reader' });
    if (key.length < 24) errors.push({ path: `${at}key`, reason: 'must be at least 24 characters' });
    if (errors.length) throw new ValidationFailed(errors);
    const hash = digest(key);
    return this.db.transaction(async (manager) => {
      const taken = await manager.query('SELECT 1 FROM api_keys WHERE name = $1 OR id = $2', [name, keyId(hash)]);
      if (taken.length) throw new DomainError('CONFLICT', `${at}name: a key named "${name}" (or with this secret) already exists`);
      const [row] = await manager.query(
        `INSERT INTO api_keys (id, name, role, secret_hash, created_by) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, name, role, created_at, created_by, revoked_at`,
        [keyId(hash), name, normalizedRole, hash, createdBy],
      );
      await manager.query('INSERT INTO api_key_audit (key_id, key_name, action, actor) VALUES ($1, $2, $3, $4)', [row.id, name, 'CREATED', createdBy]);
      return { ...toInfo(row), key };
    });
  }

  async list(): Promise<ApiKeyInfo[]> {
    const rows = await this.db.query('SELECT id, name, role, created_at, created_by, revoked_at FROM api_keys ORDER BY created_at, name');
    return rows.map(toInfo);
  }

  /** The audit trail (append-only in the database), newest first; at most `limit` entries. */
  async audit(limit = 1000): Promise<AuditEntry[]> {
    const rows = await this.db.query('SELECT key_id, key_name, action, actor, at FROM api_key_audit ORDER BY id DESC LIMIT $1', [limit]);
    return rows.map((row: Record<string, string>) => ({ keyId: row.key_id, keyName: row.key_name, action: row.action, actor: row.actor, at: new Date(row.at) }) as AuditEntry);
  }

  async count(): Promise<number> {
    const [row] = await this.db.query('SELECT count(*)::int AS n FROM api_keys');
    return row.n;
  }

  /** Revokes by name or id; revoking a revoked key is an error that says so. */
  async revoke(nameOrId: string, revokedBy: string): Promise<ApiKeyInfo> {
    // Only a name a key can have, or a key id, is looked up: anything else (a NUL byte, which PostgreSQL refuses) is no key.
    if (!NAME_PATTERN.test(nameOrId) && !/^[0-9a-f]{12}$/.test(nameOrId)) throw new DomainError('NOT_FOUND', `no key named ${JSON.stringify(nameOrId)}`);
    return this.db.transaction(async (manager) => {
      const [row] = await manager.query('SELECT id, name, revoked_at FROM api_keys WHERE name = $1 OR id = $1 FOR UPDATE', [nameOrId]);
      if (!row) throw new DomainError('NOT_FOUND', `no key named "${nameOrId}"`);
      if (row.revoked_at) throw new DomainError('CONFLICT', `key "${row.name}" was already revoked at ${new Date(row.revoked_at).toISOString()}`);
      // TypeORM answers an UPDATE with [rows, affected].
      const [[updated]] = await manager.query(
        `UPDATE api_keys SET revoked_at = now() WHERE id = $1 RETURNING id, name, role, created_at, created_by, revoked_at`,
        [row.id],
      );
      await manager.query('INSERT INTO api_key_audit (key_id, key_name, action, actor) VALUES ($1, $2, $3, $4)', [row.id, row.name, 'REVOKED', revokedBy]);
      return toInfo(updated);
    });
  }

  /** The principal of a presented key, or null when it is unknown or revoked. */
  async authenticate(key: string): Promise<Principal | null> {
    if (typeof key !== 'string' || key.length < 24 || key.length > 512) return null;
    const hash = digest(key);
    const [row] = await this.db.query('SELECT id, name, role, secret_hash, revoked_at FROM api_keys WHERE id = $1', [keyId(hash)]);
    if (!row || row.revoked_at) return null;
    const stored: Buffer = row.secret_hash;
    if (stored.length !== hash.length || !crypto.timingSafeEqual(stored, hash)) return null;
    return { keyId: row.id, keyName: row.name, role: row.role };
  }

  /** The role of key `keyId` while it is valid; null once revoked (or unknown). */
  async current(keyId: string): Promise<{ role: Role } | null> {
    const [row] = await this.db.query('SELECT role FROM api_keys WHERE id = $1 AND revoked_at IS NULL', [keyId]);
    return row ? { role: row.role } : null;
  }

  /** Which of `keyIds` are revoked (or unknown). */
  async revokedAmong(keyIds: string[]): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query('SELECT id FROM api_keys WHERE id = ANY($1::text[]) AND revoked_at IS NULL', [keyIds]);
    const valid = new Set(rows.map((row) => row.id));
    return keyIds.filter((id) => !valid.has(id));
  }

  /**
   * Registers ADMIN_API_KEY as an ADMIN key named `admin-env`; when the variable changed since the
   * last start, the key registered from its old value is revoked.
   */
  async ensureEnvAdminKey(key: string, attempt = 1): Promise<void> {
    const hash = digest(key);
    const existing = await this.db.query('SELECT id, name, role, revoked_at FROM api_keys WHERE id = $1', [keyId(hash)]);
    if (existing.length && !existing[0].revoked_at) {
      if (existing[0].role === 'ADMIN') return;
      throw new DomainError('CONFLICT', `ADMIN_API_KEY is the secret of key "${existing[0].name}", whose role is ${existing[0].role}; choose another value`);
    }
    if (existing.length) throw new DomainError('CONFLICT', 'ADMIN_API_KEY was revoked; set a new value');
    try {
      // Not this key itself: an instance starting at the same moment may have registered it since the look-up above.
      const previous = await this.db.query("SELECT name FROM api_keys WHERE created_by = 'ADMIN_API_KEY' AND revoked_at IS NULL AND id <> $1", [keyId(hash)]);
      for (const row of previous) await this.revoke(row.name, 'ADMIN_API_KEY');
      const [{ n }] = await this.db.query("SELECT count(*)::int AS n FROM api_keys WHERE created_by = 'ADMIN_API_KEY'");
      await this.create(n === 0 ? 'admin-env' : `admin-env-${n + 1}`, 'ADMIN', 'ADMIN_API_KEY', key);
    } catch (error) {
      // Instances starting together with the same key race to register it: the loser looks again.
      const conflict = (error instanceof DomainError && error.code === 'CONFLICT') || (error as { driverError?: { code?: string } }).driverError?.code === '23505';
      if (conflict && attempt < 3) return this.ensureEnvAdminKey(key, attempt + 1);
      throw error;
    }
  }
}
