import type { Db } from '../../db/client.ts';
import type { Actor } from '../domain/actor.ts';
import type { Env } from '../env.ts';

export interface AppVariables {
  requestId: string;
  db: Db;
  /** Set by the session/token middleware; null for anonymous requests. */
  actor: Actor | null;
  clientIp: string | null;
  /** Outbox event ids this request wrote (worker/events/emit.ts); enqueued after a successful response. */
  emittedEvents?: string[];
}

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}
