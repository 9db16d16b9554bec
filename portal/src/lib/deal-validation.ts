import '../../../worker/lib/zod-messages.ts';
import { DealInputSchema } from '../../../worker/resources/deals/schemas.ts';
import { bodyOf, type DealDraft, type FieldErrors } from '../components/deal-fields.tsx';

/**
 * Validates a draft with the API's own schema (worker/resources/deals/schemas.ts), so the form rejects
 * exactly what the server would, before a round trip. Returns field errors, or the body to send.
 * Loaded on demand: the schema brings zod and tldts (public suffix list), too heavy to hold up the form.
 */
export function validateDraft(draft: DealDraft): { ok: true; body: ReturnType<typeof bodyOf> } | { ok: false; errors: FieldErrors } {
  const body = bodyOf(draft);
  const result = DealInputSchema.safeParse(body);
  if (result.success) return { ok: true, body };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '') as keyof DealDraft;
    if (!field || errors[field]) continue;
    const blank = body[field as keyof typeof body] === undefined || body[field as keyof typeof body] === '';
    errors[field] = blank && field !== 'products' ? 'Required' : issue.message;
  }
  return { ok: false, errors };
}
