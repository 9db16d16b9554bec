import type { ApiError } from '../api/client.ts';

export interface ProblemText {
  heading: string;
  text?: string | undefined;
  /** Only worth quoting to support when the fault is ours (5xx). */
  requestId?: string | undefined;
}

/** "contactEmail" / "products.0" → "Contact email" / "Products". */
export function fieldLabel(field: string): string {
  const first = field.split('.')[0] ?? field;
  const words = first.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * What a person reads for a failed request: never the protocol's words ("Unauthorized",
 * "Validation failed", "The request body has 1 invalid field(s)"), a request id only when
 * something broke on the server.
 */
export function problemText(error: ApiError): ProblemText {
  const { status, detail } = error;
  if (status === 0) return { heading: detail ?? 'The server could not be reached.', text: 'Check your connection and try again.' };
  if (status >= 500) {
    return { heading: 'Something went wrong on our side.', text: 'Try again in a moment. If it keeps happening, quote this reference to support.', requestId: error.requestId };
  }
  if ((status === 422 || status === 400) && error.errors.length > 0) {
    return { heading: error.errors.length === 1 ? 'Please correct the highlighted field.' : 'Please correct the highlighted fields.' };
  }
  if (status === 401) return { heading: detail ?? 'Please sign in again.' };
  if (status === 403) return { heading: 'Your role does not allow this.', text: detail };
  if (status === 404) return { heading: detail ?? 'This no longer exists.' };
  if (status === 429) return { heading: detail ?? 'Too many attempts. Wait a moment and try again.' };
  return { heading: detail ?? 'That did not work. Please try again.' };
}
