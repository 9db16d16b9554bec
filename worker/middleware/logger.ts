import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/types.ts';

/**
 * One structured JSON log line per request (Workers Logs indexes JSON fields).
 *
 * @example app.use(jsonLogger())
 */
export function jsonLogger(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = Date.now();
    await next();
    // Tests assert on responses; a log line per request would bury their output.
    if (c.env.APP_ENV === 'test') return;
    const actor = c.get('actor');
    log('info', 'request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Date.now() - started,
      actor: actor ? (actor.kind === 'user' ? actor.userId : actor.tokenId) : null,
    });
  };
}

export function log(level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}) {
  const line = JSON.stringify({ level, msg, time: new Date().toISOString(), ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}
