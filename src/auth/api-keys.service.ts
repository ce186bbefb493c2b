/**
 * API keys. A key is shown once, when created; the database keeps only its SHA-256 (keys are 256
 * random bits, so a fast hash is safe) and an id derived from it for the look-up. Comparison is
 * constant-time. Authentication is cached in the server while revocations can be heard
 * (principal-cache.ts); revocation takes effect on the next request all the same, on every
 * instance, and ends the connections and streams the key holds (key-revocations.service.ts).
 */
import crypto from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull, Not, type Repository } from 'typeorm';
import { DomainError, ValidationFailed } from '../common/domain-error.js';
import { isDatabaseUnavailable } from '../common/graphql-errors.js';
import { ReadDatabase } from '../database/read-database.js';
import { ApiKeyAuditEntity } from './api-key-audit.entity.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { type Principal, type Role, isRole } from './principal.js';
import type { PrincipalCache } from './principal-cache.js';

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

function toInfo(row: ApiKeyEntity): ApiKeyInfo {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    revokedAt: row.revokedAt,
  };
}

@Injectable()
export class ApiKeysService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(ReadDatabase) private readonly reads: ReadDatabase = new ReadDatabase(db),
  ) {}

  private get keys(): Repository<ApiKeyEntity> {
    return this.db.getRepository(ApiKeyEntity);
  }

  static generateKey(): string {
    return `${KEY_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
  }

  /**
   * Creates a key; `key` may be given (ADMIN_API_KEY), else one is generated. `at` prefixes the
   * field paths of errors (`input.` for GraphQL).
   */
  async create(
    name: string,
    role: string,
    createdBy: string,
    key = ApiKeysService.generateKey(),
    at = '',
  ): Promise<CreatedKey> {
    const normalizedRole = role.toUpperCase();
    const errors = [];
    if (!NAME_PATTERN.test(name))
      errors.push({
        path: `${at}name`,
        reason: 'must be 1-64 letters, digits or ._@- (starting with a letter or digit)',
      });
    if (!isRole(normalizedRole)) errors.push({ path: `${at}role`, reason: 'must be admin, editor or reader' });
    if (key.length < 24) errors.push({ path: `${at}key`, reason: 'must be at least 24 characters' });
    if (errors.length || !isRole(normalizedRole)) throw new ValidationFailed(errors);
    const hash = digest(key);
    const id = keyId(hash);
    return this.db.transaction(async (manager) => {
      const keys = manager.getRepository(ApiKeyEntity);
      if (await keys.exists({ where: [{ name }, { id }] }))
        throw new DomainError('CONFLICT', `${at}name: a key named "${name}" (or with this secret) already exists`);
      await keys.insert({ id, name, role: normalizedRole, secretHash: hash, createdBy });
      await manager
        .getRepository(ApiKeyAuditEntity)
        .insert({ keyId: id, keyName: name, action: 'CREATED', actor: createdBy });
      return { ...toInfo(await keys.findOneByOrFail({ id })), key };
    });
  }

  async list(): Promise<ApiKeyInfo[]> {
    return (await this.keys.find({ order: { createdAt: 'ASC', name: 'ASC' } })).map(toInfo);
  }

  /** The key with this id, or null. */
  async byId(id: string): Promise<ApiKeyInfo | null> {
    const row = await this.keys.findOneBy({ id });
    return row ? toInfo(row) : null;
  }

  /** The audit trail (append-only in the database), newest first; at most `limit` entries. */
  async audit(limit = 1000): Promise<AuditEntry[]> {
    const rows = await this.db.getRepository(ApiKeyAuditEntity).find({ order: { id: 'DESC' }, take: limit });
    return rows.map((row) => ({
      keyId: row.keyId,
      keyName: row.keyName,
      action: row.action,
      actor: row.actor,
      at: row.at,
    }));
  }

  count(): Promise<number> {
    return this.keys.count();
  }

  /** Revokes by name or id; revoking a revoked key is an error that says so. */
  async revoke(nameOrId: string, revokedBy: string): Promise<ApiKeyInfo> {
    // Only a name a key can have, or a key id, is looked up: anything else (a NUL byte, which PostgreSQL refuses) is no key.
    if (!NAME_PATTERN.test(nameOrId) && !/^[0-9a-f]{12}$/.test(nameOrId))
      throw new DomainError('NOT_FOUND', `no key named ${JSON.stringify(nameOrId)}`);
    return this.db.transaction(async (manager) => {
      const keys = manager.getRepository(ApiKeyEntity);
      const row = await keys.findOne({
        where: [{ name: nameOrId }, { id: nameOrId }],
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw new DomainError('NOT_FOUND', `no key named "${nameOrId}"`);
      if (row.revokedAt)
        throw new DomainError('CONFLICT', `key "${row.name}" was already revoked at ${row.revokedAt.toISOString()}`);
      // The database's clock, as for created_at; its trigger announces the revocation at commit (migration 007).
      await keys.update({ id: row.id }, { revokedAt: () => 'now()' });
      this.cache?.forget(row.id);
      await manager
        .getRepository(ApiKeyAuditEntity)
        .insert({ keyId: row.id, keyName: row.name, action: 'REVOKED', actor: revokedBy });
      return toInfo(await keys.findOneByOrFail({ id: row.id }));
    });
  }

  /** Set by KeyRevocations in the server (which hears every revocation); tools authenticate uncached. */
  private cache: PrincipalCache | null = null;

  useCache(cache: PrincipalCache): void {
    this.cache = cache;
  }

  /** How many keys' principals are cached now (0 without a cache). */
  get cachedPrincipals(): number {
    return this.cache?.size ?? 0;
  }

  /**
   * The principal of a presented key, or null when it is unknown or revoked. Looked up on the
   * primary (a revocation counts at once), on the replica when the primary is unreachable (reads
   * go on; the replica may be a moment behind a revocation).
   */
  async authenticate(key: string): Promise<Principal | null> {
    if (typeof key !== 'string' || key.length < 24 || key.length > 512) return null;
    const hash = digest(key);
    const hex = hash.toString('hex');
    const cached = this.cache?.get(hex);
    if (cached) return cached;
    const id = keyId(hash);
    let row;
    try {
      row = await this.keys.findOneBy({ id });
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const fallback = await this.reads.onReplica((db) => db.getRepository(ApiKeyEntity).findOneBy({ id }));
      if (fallback === null) throw error;
      row = fallback.value;
    }
    if (!row || row.revokedAt) return null;
    const stored = row.secretHash;
    if (stored.length !== hash.length || !crypto.timingSafeEqual(stored, hash)) return null;
    const principal: Principal = { keyId: row.id, keyName: row.name, role: row.role };
    this.cache?.set(hex, principal);
    return principal;
  }

  /** The role of key `keyId` while it is valid; null once revoked (or unknown). */
  async current(keyId: string): Promise<{ role: Role } | null> {
    const row = await this.keys.findOne({ select: { role: true }, where: { id: keyId, revokedAt: IsNull() } });
    return row ? { role: row.role } : null;
  }

  /** Which of `keyIds` are revoked (or unknown). */
  async revokedAmong(keyIds: string[]): Promise<string[]> {
    const valid = await this.keys
      .createQueryBuilder('k')
      .select('k.id', 'id')
      .where('k.id = ANY(:ids)', { ids: keyIds })
      .andWhere('k.revoked_at IS NULL')
      .getRawMany<{ id: string }>();
    const stillValid = new Set(valid.map((row) => row.id));
    return keyIds.filter((id) => !stillValid.has(id));
  }

  /**
   * Registers ADMIN_API_KEY as an ADMIN key named `admin-env`; when the variable changed since the
   * last start, the key registered from its old value is revoked.
   */
  async ensureEnvAdminKey(key: string, attempt = 1): Promise<void> {
    const id = keyId(digest(key));
    const existing = await this.keys.findOneBy({ id });
    if (existing && !existing.revokedAt) {
      if (existing.role === 'ADMIN') return;
      throw new DomainError(
        'CONFLICT',
        `ADMIN_API_KEY is the secret of key "${existing.name}", whose role is ${existing.role}; choose another value`,
      );
    }
    if (existing) throw new DomainError('CONFLICT', 'ADMIN_API_KEY was revoked; set a new value');
    try {
      // Not this key itself: an instance starting at the same moment may have registered it since the look-up above.
      const previous = await this.keys.findBy({ createdBy: 'ADMIN_API_KEY', revokedAt: IsNull(), id: Not(id) });
      for (const row of previous) await this.revoke(row.name, 'ADMIN_API_KEY');
      const n = await this.keys.countBy({ createdBy: 'ADMIN_API_KEY' });
      await this.create(n === 0 ? 'admin-env' : `admin-env-${n + 1}`, 'ADMIN', 'ADMIN_API_KEY', key);
    } catch (error) {
      // Instances starting together with the same key race to register it: the loser looks again.
      const conflict =
        (error instanceof DomainError && error.code === 'CONFLICT') ||
        (error as { driverError?: { code?: string } }).driverError?.code === '23505';
      if (conflict && attempt < 3) return this.ensureEnvAdminKey(key, attempt + 1);
      throw error;
    }
  }
}
