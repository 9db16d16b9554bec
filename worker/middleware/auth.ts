import type { MiddlewareHandler } from 'hono';
import type { Actor, TokenActor, UserActor } from '../domain/actor.ts';
import { PERMISSIONS, roleCan, scopeCan, type Permission } from '../domain/permissions.ts';
import { ProblemError, problemType } from '../lib/problem.ts';
import type { AppEnv } from '../lib/types.ts';

const unauthenticated = () =>
  new ProblemError(
    401,
    { type: problemType('unauthenticated'), detail: 'Sign in, or send an integration token as Authorization: Bearer <token>.' },
    { 'www-authenticate': 'Bearer' },
  );

/** True when the actor (person by role, token by scope) holds the permission. */
export function can(actor: Actor, permission: Permission): boolean {
  return actor.kind === 'user' ? roleCan(actor.role, permission) : scopeCan(actor.scopes, permission);
}

/**
 * Route guard: 401 without an actor, 403 when the role or token scope lacks the permission.
 *
 * @example router.use('/deals/*', requirePermission('deals:read'))
 */
export function requirePermission(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (!actor) throw unauthenticated();
    if (!can(actor, permission)) {
      const needed = PERMISSIONS[permission].scope;
      throw new ProblemError(403, {
        type: problemType('forbidden'),
        detail:
          actor.kind === 'token'
            ? needed
              ? `This token lacks the ${needed} scope.`
              : 'Integration tokens cannot do this.'
            : 'Your role does not allow this.',
      });
    }
    await next();
  };
}

/** The signed-in person, or 401/403 (for token callers) — for handlers that need a user. */
export function userActor(actor: Actor | null): UserActor {
  if (!actor) throw unauthenticated();
  if (actor.kind !== 'user') throw new ProblemError(403, { type: problemType('forbidden'), detail: 'This needs a signed-in user.' });
  return actor;
}

export function tokenActor(actor: Actor | null): TokenActor | null {
  return actor?.kind === 'token' ? actor : null;
}
