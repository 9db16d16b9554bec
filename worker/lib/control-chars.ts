import type { FieldError } from './problem.ts';

/**
 * Control characters other than tab, line feed and carriage return (C0, DEL, C1). Stored, they
 * truncate or garble text downstream (a NUL ends a C string: "Nul\u0000Byte" reads back "Nul"),
 * so input carrying them is refused rather than silently changed.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** A field error for every string (keys included) in `value` that holds a control character. */
export function controlCharErrors(value: unknown, path: string[] = []): FieldError[] {
  const field = () => path.join('.') || '(root)';
  if (typeof value === 'string') {
    return CONTROL.test(value) ? [{ field: field(), message: 'Remove the invisible control characters', code: 'control_characters' }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => controlCharErrors(v, [...path, String(i)]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      CONTROL.test(k) ? [{ field: [...path, k].join('.'), message: 'Remove the invisible control characters', code: 'control_characters' }] : controlCharErrors(v, [...path, k]),
    );
  }
  return [];
}
