/** Default and maximum delivery timeout: only a 2xx within 15 s counts. */
export const DELIVERY_TIMEOUT_MS = 15_000;
/** The delivery log keeps this much of a response body. */
export const EXCERPT_BYTES = 1024;
/** Stop reading a response after this much; a receiver has nothing more to say to us. */
export const MAX_READ_BYTES = 64 * 1024;

export interface HttpAttemptResult {
  /** null when no response arrived. */
  status: number | null;
  durationMs: number;
  excerpt: string | null;
  error: string | null;
  retryAfter: string | null;
}

/**
 * One POST of a signed webhook. Redirects are not followed (a 3xx is a failure: the
 * receiver must be configured with its final URL, and a redirect could point anywhere);
 * the whole exchange, body included, must finish within `timeoutMs`.
 */
export async function postWebhook(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpAttemptResult> {
  const started = Date.now();
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'partner-portal-webhooks/1', ...headers },
      body,
      redirect: 'manual',
      signal,
    });
    const excerpt = await readExcerpt(res);
    const redirect = res.status >= 300 && res.status < 400;
    return {
      status: res.status,
      durationMs: Date.now() - started,
      excerpt,
      error: redirect ? `Redirects are not followed (Location: ${res.headers.get('location') ?? 'none'})` : null,
      retryAfter: res.headers.get('retry-after'),
    };
  } catch (err) {
    const timedOut = signal.aborted;
    return {
      status: null,
      durationMs: Date.now() - started,
      excerpt: null,
      error: timedOut ? `Timed out after ${timeoutMs / 1000} s` : `Connection failed: ${err instanceof Error ? err.message : String(err)}`,
      retryAfter: null,
    };
  }
}

/** The first EXCERPT_BYTES of the body as text, reading at most MAX_READ_BYTES. */
async function readExcerpt(res: Response): Promise<string | null> {
  if (!res.body) return null;
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let read = 0;
  while (read < MAX_READ_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    read += value.byteLength;
  }
  if (read >= MAX_READ_BYTES) await reader.cancel().catch(() => undefined);
  const head = new Uint8Array(Math.min(read, EXCERPT_BYTES));
  let at = 0;
  for (const chunk of chunks) {
    if (at >= head.length) break;
    const part = chunk.subarray(0, head.length - at);
    head.set(part, at);
    at += part.length;
  }
  return head.length === 0 ? null : new TextDecoder().decode(head);
}
