import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { api } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import { Field } from '../components/field.tsx';
import { ErrorState, Notice } from '../components/states.tsx';
import { useSubmit, valueOf } from '../lib/form.ts';
import { usePageTitle } from '../lib/page-title.ts';

/** Ask for a reset link by email (the answer is the same whether or not the account exists). */
export function ForgotPassword() {
  usePageTitle('Forgot password');
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState<string>();
  const { busy, error, run } = useSubmit();
  async function submit(e: Event) {
    e.preventDefault();
    const answer = await run(() => api.post<{ message: string }>(paths.passwordReset, { email }, { allowUnauthenticated: true }));
    if (answer) setSent(answer.message);
  }
  return (
    <section class="auth-card" aria-labelledby="forgot-title">
      <h1 id="forgot-title">Forgot your password?</h1>
      {sent ? (
        <Notice>{sent}</Notice>
      ) : (
        <>
          <p class="muted">Enter the email address you sign in with. We will send you a link to choose a new password.</p>
          {error && error.errors.length === 0 && <ErrorState error={error} />}
          <form onSubmit={submit} noValidate>
            <Field id="email" label="Email" error={error?.fieldError('email')}>
              {(p) => <input {...p} type="email" name="email" autocomplete="username" required value={email} onInput={(e) => setEmail(valueOf(e))} />}
            </Field>
            <button type="submit" class="button primary wide" disabled={busy} aria-busy={busy}>
              {busy ? 'Sending…' : 'Send reset link'}
            </button>
          </form>
        </>
      )}
      <p>
        <a href="/sign-in">Back to sign in</a>
      </p>
    </section>
  );
}

/** The emailed link: choose a new password. */
export function ResetPassword() {
  usePageTitle('Choose a new password');
  const { params } = useRoute();
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run } = useSubmit();
  async function submit(e: Event) {
    e.preventDefault();
    const ok = await run(async () => {
      await api.post(paths.passwordResetConfirm, { token: params.token, password }, { allowUnauthenticated: true });
      return true;
    });
    if (ok) setDone(true);
  }
  return (
    <section class="auth-card" aria-labelledby="reset-title">
      <h1 id="reset-title">Choose a new password</h1>
      {done ? (
        <Notice>
          Your password was changed and every session was signed out. <a href="/sign-in">Sign in</a> with your new password.
        </Notice>
      ) : (
        <>
          {error && error.errors.length === 0 && <ErrorState error={error} />}
          {error?.status === 404 && (
            <p>
              <a href="/forgot-password">Ask for a new link</a>
            </p>
          )}
          <form onSubmit={submit} noValidate>
            <Field id="new-password" label="New password (at least 12 characters)" error={error?.fieldError('password')}>
              {(p) => <input {...p} type="password" name="password" autocomplete="new-password" required value={password} onInput={(e) => setPassword(valueOf(e))} />}
            </Field>
            <button type="submit" class="button primary wide" disabled={busy} aria-busy={busy}>
              {busy ? 'Saving…' : 'Set new password'}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
