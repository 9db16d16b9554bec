/**
 * The portal's API client: a small typed wrapper over fetch. Response types come from the
 * worker's zod schemas (see ./types.ts), so the portal and the API cannot drift apart silently.
 *
 * - Same-origin cookies on every request (the session cookie is HttpOnly).
 * - Errors arrive as RFC 9457 problem+json and become an `ApiError`.
 * - A 401 on any request (session expired, signed out elsewhere) sends the user to
 *   `/sign-in?next=<where they were>`; after signing in they return there.
 */

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: FieldError[],
    readonly requestId: string | undefined,
  ) {
    super(detail ?? title);
    this.name = 'ApiError';
  }

  /** The first error message for a form field (`products.0` counts for `products`). */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field || e.field.startsWith(`${field}.`))?.message;
  }
}

type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Login and the initial session probe handle 401 themselves instead of redirecting. */
  allowUnauthenticated?: boolean;
}

let unauthorizedHandler: (() => void) | null = null;

/**
 * Every request of the current session listens to this signal: signing out cancels what is
 * still in flight, so no late answer comes back 401 (an error in the console) after the session ended.
 */
let sessionRequests = new AbortController();
/**
 * Between signing out and the next confirmed session, a page that mounts late (a lazily loaded
 * chunk, a poll) must not ask for private data: the answer would be a 401 after sign-out.
 */
let sessionClosed = false;
export function abortPendingRequests(): void {
  sessionRequests.abort();
  sessionRequests = new AbortController();
}
/** Signing out: cancel what is in flight and hold back new private requests. */
export function closeSession(): void {
  sessionClosed = true;
  abortPendingRequests();
}
/** A session was confirmed (/me answered with a user): private requests may go out again. */
export function openSession(): void {
  sessionClosed = false;
}

/** A cancelled request (page left, filters changed, signed out): nothing to report. */
export const isAbort = (err: unknown) => err instanceof DOMException && err.name === 'AbortError';

/** The session provider registers how to react to an expired session (clear it, go to sign-in). */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

/** Where the sign-in page should send the user back to. */
export function signInPath(next = location.pathname + location.search): string {
  return next.startsWith('/sign-in') ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
}

export function withQuery(path: string, query: Query | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Turns a non-2xx response into an ApiError, whatever its body looks like. */
export async function problemFrom(status: number, contentType: string | null, text: string, requestId: string | null): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  if (contentType?.includes('json')) {
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = {};
    }
  }
  const errors = Array.isArray(body.errors)
    ? (body.errors as Array<Record<string, unknown>>).map((e) => ({ field: String(e.field ?? ''), message: String(e.message ?? '') }))
    : [];
  return new ApiError(
    status,
    typeof body.title === 'string' ? body.title : `Request failed (${status})`,
    typeof body.detail === 'string' ? body.detail : undefined,
    errors,
    typeof body.requestId === 'string' ? body.requestId : (requestId ?? undefined),
  );
}

function handleUnauthorized(options: RequestOptions, status: number) {
  if (status === 401 && !options.allowUnauthenticated) unauthorizedHandler?.();
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  if (sessionClosed && !options.allowUnauthenticated) throw new DOMException('Signed out', 'AbortError');
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData || typeof options.body === 'string') {
    body = options.body;
  } else if (options.body instanceof Blob) {
    // A file sent as the raw body (e.g. certification evidence), typed by the file itself.
    headers['content-type'] ||= options.body.type || 'application/octet-stream';
    body = options.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal ? AbortSignal.any([options.signal, sessionRequests.signal]) : sessionRequests.signal,
    });
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new ApiError(0, 'Network error', 'The server could not be reached. Check your connection and try again.', [], undefined);
  }
  const text = await response.text();
  if (!response.ok) {
    handleUnauthorized(options, response.status);
    throw await problemFrom(response.status, response.headers.get('content-type'), text, response.headers.get('x-request-id'));
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
};

/**
 * An upload with progress events (fetch has no upload progress): XHR, same error handling.
 */
export function upload<T>(
  path: string,
  body: Blob | FormData,
  onProgress: (fraction: number) => void,
  headers: Record<string, string> = {},
  method: 'POST' | 'PUT' = 'POST',
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    xhr.withCredentials = false; // same-origin requests send cookies regardless
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    for (const [key, value] of Object.entries(headers)) xhr.setRequestHeader(key, value);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'Network error', 'The upload did not reach the server.', [], undefined));
    xhr.onload = async () => {
      onProgress(1);
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
        return;
      }
      handleUnauthorized({}, xhr.status);
      reject(await problemFrom(xhr.status, xhr.getResponseHeader('content-type'), xhr.responseText, xhr.getResponseHeader('x-request-id')));
    };
    xhr.send(body);
  });
}

/** A fresh key per form submission: retries of the same submission reuse it. */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
