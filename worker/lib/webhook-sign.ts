import { decodeBase64, encodeBase64 } from '@oslojs/encoding';

/**
 * Standard Webhooks v1 signing with WebCrypto HMAC-SHA256 (native in workerd, nothing added
 * to the bundle; docs/decisions/ explains why not the `standardwebhooks` package). Receivers
 * verify with any Standard Webhooks library; our tests use `standardwebhooks`' `Webhook.verify`.
 */
export const SECRET_PREFIX = 'whsec_';

/** `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + encodeBase64(crypto.getRandomValues(new Uint8Array(32)));
}

/** `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` */
export async function signV1(secret: string, id: string, timestampSeconds: number, body: string): Promise<string> {
  const raw = decodeBase64(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret);
  const key = await crypto.subtle.importKey('raw', raw as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${id}.${timestampSeconds}.${body}`));
  return `v1,${encodeBase64(new Uint8Array(mac))}`;
}

/**
 * The three Standard Webhooks headers. With several secrets (during a rotation's grace period)
 * `webhook-signature` carries one space-separated signature per secret, newest first.
 */
export async function webhookHeaders(secrets: readonly string[], id: string, timestampSeconds: number, body: string) {
  const signatures = await Promise.all(secrets.map((s) => signV1(s, id, timestampSeconds, body)));
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signatures.join(' '),
  };
}
