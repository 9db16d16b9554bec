import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { plural } from './plural.ts';

/** A field-level validation error inside a problem document. */
export interface FieldError {
  /** JSON pointer-ish dotted path to the field, e.g. "products.0". */
  field: string;
  message: string;
  code?: string;
}

/** RFC 9457 problem details. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  requestId?: string;
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Check the request',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Check the highlighted fields',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/**
 * An error a handler throws to answer with a problem document.
 *
 * @example
 *   throw new ProblemError(404, { detail: 'No deal with that id' });
 */
export class ProblemError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly problem: Partial<Problem> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail ?? problem.title ?? TITLES[status] ?? 'Error');
  }
}

/** Problem type URIs are stable slugs documented in docs/api.md. */
export function problemType(slug: string): string {
  return `https://partner-portal.dev/problems/${slug}`;
}

export function problemResponse(
  c: Context,
  status: ContentfulStatusCode,
  problem: Partial<Problem> = {},
  headers: Record<string, string> = {},
): Response {
  const body: Problem = {
    type: problem.type ?? 'about:blank',
    title: problem.title ?? TITLES[status] ?? 'Error',
    status,
    ...problem,
    instance: problem.instance ?? new URL(c.req.url).pathname,
    requestId: c.get('requestId'),
  };
  const requestId = c.get('requestId');
  // A new Response: the id the requestId middleware set on the context's headers would be lost.
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json', ...(requestId ? { 'x-request-id': requestId } : {}), ...headers },
  });
}

/**
 * The problem for invalid input (type `validation`), worded for people: which fields need a
 * change, never the messages again (each error is shown next to its field).
 */
export function invalidFields(errors: FieldError[], status: 400 | 422 = 422, detail?: string): ProblemError {
  const fields = [...new Set(errors.map((e) => e.field))];
  return new ProblemError(status, {
    type: problemType('validation'),
    title: 'Check the highlighted fields',
    detail: detail ?? `${plural(fields.length, 'field')} ${fields.length === 1 ? 'needs' : 'need'} a change: ${fields.join(', ')}.`,
    errors,
  });
}

export const notFound = (detail = 'Not found') => new ProblemError(404, { type: problemType('not-found'), detail });
export const forbidden = (detail = 'You do not have permission to do this') =>
  new ProblemError(403, { type: problemType('forbidden'), detail });
