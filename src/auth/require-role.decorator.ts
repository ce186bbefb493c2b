/**
 * Marks a resolver or route as needing a role; unmarked ones need READER (open when PUBLIC_READ).
 * `@Open()` marks a route that needs no key at all (the health check).
 */
import { SetMetadata } from '@nestjs/common';
import type { Role } from './principal.js';

export const REQUIRED_ROLE = 'requiredRole';
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

export const OPEN_ROUTE = 'openRoute';
export const Open = () => SetMetadata(OPEN_ROUTE, true);
