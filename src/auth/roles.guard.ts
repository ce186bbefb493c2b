/**
 * The one gate of the API, GraphQL and HTTP alike: a presented key must be valid; writes need
 * ADMIN; reads need READER unless PUBLIC_READ. Runs on root Query/Mutation/Subscription fields (not
 * on field resolvers) and on every HTTP route of a controller, where it leaves the caller's
 * principal on the request (principalOf).
 */
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { RequestContext } from '../graphql/request-context.js';
import type { FastifyRequest } from 'fastify';
import { ApiKeysService } from './api-keys.service.js';
import { callerOfRequest } from './bearer-principal.js';
import { type Principal, type Role, grants } from './principal.js';
import { OPEN_ROUTE, REQUIRED_ROLE } from './require-role.decorator.js';

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ApiKeysService) private readonly keys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(OPEN_ROUTE, targets)) return true;
    const needed = this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, targets) ?? 'READER';
    if (context.getType<string>() === 'graphql') {
      checkAccess(GqlExecutionContext.create(context).getContext<RequestContext>(), needed, this.config.publicRead);
      return true;
    }
    const request = context.switchToHttp().getRequest<FastifyRequest & { [PRINCIPAL]?: Principal | null }>();
    const caller = await callerOfRequest(this.keys, request);
    checkAccess(caller, needed, this.config.publicRead);
    request[PRINCIPAL] = caller.principal;
    return true;
  }
}

const PRINCIPAL = Symbol('principal');

/** The principal the guard found for an HTTP request (null when it presented no key). */
export function principalOf(request: FastifyRequest): Principal | null {
  return (request as FastifyRequest & { [PRINCIPAL]?: Principal | null })[PRINCIPAL] ?? null;
}

export function checkAccess(
  ctx: Pick<RequestContext, 'principal' | 'authError' | 'failure'>,
  needed: Role,
  publicRead: boolean,
): void {
  if (ctx.failure) throw ctx.failure;
  if (ctx.authError) throw new DomainError('UNAUTHENTICATED', ctx.authError);
  if (needed === 'READER' && publicRead) return;
  if (!ctx.principal) {
    throw new DomainError(
      'UNAUTHENTICATED',
      `this needs ${needed === 'READER' ? 'an' : `an ${needed}`} API key: send "Authorization: Bearer <key>"`,
    );
  }
  if (!grants(ctx.principal.role, needed)) {
    throw new DomainError(
      'FORBIDDEN',
      `key "${ctx.principal.keyName}" has role ${ctx.principal.role}; this needs ${needed}`,
    );
  }
}
