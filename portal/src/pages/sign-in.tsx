import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import { Field } from '../components/field.tsx';
import { ErrorState } from '../components/states.tsx';
import { safeNext, useSubmit, valueOf } from '../lib/form.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { useSession } from '../session.tsx';

export function SignIn() {
  usePageTitle('Sign in');
  const location = useLocation();
  const { refresh } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useSubmit();
  const next = safeNext(location.query.next);

  async function submit(e: Event) {
    e.preventDefault();
    await run(async () => {
      await api.post(paths.login, { email, password }, { allowUnauthenticated: true });
      await refresh();
      location.route(next, true);
    });
  }

  return (
    <section class="auth-card" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      {location.query.next && <p class="muted">Sign in to continue where you left off.</p>}
      {error && <ErrorState error={error} inline />}
      <form onSubmit={submit} noValidate>
        <Field id="email" label="Email" required error={error?.fieldError('email')}>
          {(props) => (
            <input {...props} type="email" name="email" autocomplete="username" value={email} onInput={(e) => setEmail(valueOf(e))} />
          )}
        </Field>
        <Field id="password" label="Password" required error={error?.fieldError('password')}>
          {(props) => (
            <input
              {...props}
              type="password"
              name="password"
              autocomplete="current-password"
              value={password}
              onInput={(e) => setPassword(valueOf(e))}
            />
          )}
        </Field>
        <button type="submit" class="button primary wide" disabled={busy} aria-busy={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        <a href="/forgot-password">Forgot password?</a>
      </p>
    </section>
  );
}
