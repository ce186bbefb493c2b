/** Marks a resolver as needing a role; unmarked root resolvers need READER (open when PUBLIC_READ). */
import { SetMetadata } from '@nestjs/common';
import type { Role } from './principal.js';

export const REQUIRED_ROLE = 'requiredRole';
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);
