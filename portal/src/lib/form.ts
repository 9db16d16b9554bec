import { useState } from 'preact/hooks';
import { ApiError } from '../api/client.ts';

/** Only same-site paths are followed after sign-in (no open redirects). */
export function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : '/';
}

/** Submission state for a form: busy flag, the last ApiError, and a runner that catches it. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(undefined);
    try {
      return await action();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'Unexpected error', String(err), [], undefined));
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, run };
}

/** Reads a text input's value from an input event. */
export const valueOf = (e: Event) => (e.currentTarget as HTMLInputElement).value;
