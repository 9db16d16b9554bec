/** Bindings and variables the worker receives (see wrangler.toml). */
export interface Env {
  ASSETS?: Fetcher;
  WEBHOOK_QUEUE?: Queue<WebhookMessage>;
  /** Files: content library assets, and certification evidence under the `evidence/` prefix (R2 bucket partner-portal-content). */
  CONTENT_BUCKET: R2Bucket;
  /** Mail to send, one message per mail_messages row (worker/resources/notifications/mail-queue.ts). */
  MAIL_QUEUE?: Queue<{ mailId: string }>;
  /** Cloudflare Email Service (`[[send_email]]` in wrangler.toml). */
  EMAIL?: SendEmail;
  /** Sender address on the domain onboarded to Email Sending. */
  MAIL_FROM?: string;
  /** Local stack only: the mail sink that writes every message as an .eml file (docs/decisions/050-local-mail.md). */
  MAIL_SINK_URL?: string;
  /** "development" enables local-only conveniences (http webhooks to loopback, non-Secure cookies). */
  APP_ENV: 'development' | 'test' | 'production';
  PORTAL_URL: string;
  TURSO_DATABASE_URL: string;
  TURSO_AUTH_TOKEN?: string;
  /** Base64 32-byte key that encrypts webhook signing secrets at rest. */
  SECRETS_KEY?: string;
  /** The previous SECRETS_KEY while secrets encrypted under it remain (worker/lib/secrets-crypto.ts). */
  SECRETS_KEY_PREVIOUS?: string;
  WEBHOOK_ALLOW_HOSTS?: string;
  /** Webhook delivery timeout in ms (default and maximum 15000); tests shorten it. */
  WEBHOOK_TIMEOUT_MS?: string;
  /** When "1", the worker tags database requests with its request id so round trips can be counted. */
  DB_TRACE?: string;
}

/**
 * One queue message: deliver one outbox event to one webhook endpoint. The state (attempts,
 * status) lives in the `webhook_messages` row, so a duplicate queue message is harmless.
 */
export interface WebhookMessage {
  messageId: string;
  /** For logs and the Queues dashboard. */
  eventId: string;
  endpointId: string;
}
