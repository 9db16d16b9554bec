import type { Env } from '../../env.ts';
import type { MailContent } from './templates/layout.ts';

/** What the send_email binding receives (its builder form: Cloudflare writes the MIME). */
export interface OutgoingMail extends MailContent {
  from: { email: string; name: string };
  to: string;
}

export const DEFAULT_MAIL_FROM = 'notifications@partner-portal.example.com';

/**
 * Sends one message: to the local mail sink when MAIL_SINK_URL is set (`npm start`, browser
 * tests: it writes an .eml file, see docs/decisions/050-local-mail.md), and through the
 * `EMAIL` send_email binding when bound (production; locally wrangler only logs it).
 * Throws when the message could not be handed over; the caller retries. The sink writes by
 * message id, so a retry after a partial failure rewrites the same file.
 */
export async function transmit(env: Env, id: string, content: MailContent, to: string): Promise<string | null> {
  const mail: OutgoingMail = { from: { email: env.MAIL_FROM || DEFAULT_MAIL_FROM, name: 'Partner Portal' }, to, ...content };
  if (!env.MAIL_SINK_URL && !env.EMAIL) throw new Error('No mail transport: bind EMAIL ([[send_email]]) or set MAIL_SINK_URL');
  if (env.MAIL_SINK_URL) {
    const res = await fetch(env.MAIL_SINK_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, ...mail }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`mail sink answered ${res.status}`);
  }
  if (env.EMAIL) {
    const result = await env.EMAIL.send(mail);
    return result?.messageId ?? null;
  }
  return null;
}
