/** Bindings and variables the worker receives (see wrangler.toml). */
export interface Env {
  ASSETS?: Fetcher;
  WEBHOOK_QUEUE?: Queue<WebhookMessage>;
  /** "development" enables local-only conveniences (http webhooks to loopback, non-Secure cookies). */
  APP_ENV: 'development' | 'test' | 'production';
  PORTAL_URL: string;
  TURSO_DATABASE_URL: string;
  TURSO_AUTH_TOKEN?: string;
  /** Base64 32-byte key that encrypts webhook signing secrets at rest. */
  SECRETS_KEY?: string;
  WEBHOOK_ALLOW_HOSTS?: string;
  /** When "1", the worker tags database requests with its request id so round trips can be counted. */
  DB_TRACE?: string;
}

/** One queue message: deliver one outbox event to one webhook endpoint. */
export interface WebhookMessage {
  eventId: string;
  endpointId: string;
  /** 1-based attempt number for this message. */
  attempt: number;
}
