import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { api } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import type { InvitationPreview } from '../api/types.ts';
import { Field } from '../components/field.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { humanize } from '../lib/format.ts';
import { useSubmit, valueOf } from '../lib/form.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { useApi } from '../lib/use-api.ts';
import { useSession } from '../session.tsx';

export function AcceptInvitation() {
  usePageTitle('Accept invitation');
  const { params } = useRoute();
  const token = params.token ?? '';
  const location = useLocation();
  const { refresh } = useSession();
  const invitation = useApi<InvitationPreview>(paths.invitation(token));
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const { busy, error, run } = useSubmit();

  async function submit(e: Event) {
    e.preventDefault();
    if (password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    await run(async () => {
      await api.post(paths.acceptInvitation(token), { name, password }, { allowUnauthenticated: true });
      await refresh();
      location.route('/', true);
    });
  }

  return (
    <section class="auth-card" aria-labelledby="invite-title">
      <h1 id="invite-title">Accept your invitation</h1>
      {invitation.loading && <Loading rows={2} />}
      {invitation.error && (
        <>
          <ErrorState error={invitation.error} />
          <p>
            Already have an account? <a href="/sign-in">Sign in</a>.
          </p>
        </>
      )}
      {invitation.data && (
        <>
          <p>
            You are invited as <strong>{humanize(invitation.data.role)}</strong>
            {invitation.data.partnerName ? (
              <>
                {' '}
                of <strong>{invitation.data.partnerName}</strong>
              </>
            ) : null}{' '}
            with the email <strong>{invitation.data.email}</strong>.
          </p>
          {error && <ErrorState error={error} inline />}
          <form onSubmit={submit} noValidate>
            <Field id="name" label="Your name" required error={error?.fieldError('name')}>
              {(props) => <input {...props} name="name" autocomplete="name" value={name} onInput={(e) => setName(valueOf(e))} />}
            </Field>
            <Field id="password" label="Choose a password" required hint="At least 12 characters." error={error?.fieldError('password')}>
              {(props) => (
                <input
                  {...props}
                  type="password"
                  name="password"
                  autocomplete="new-password"
                  minLength={12}
                  value={password}
                  onInput={(e) => setPassword(valueOf(e))}
                />
              )}
            </Field>
            <Field id="confirm" label="Repeat the password" required error={mismatch ? 'The passwords differ' : undefined}>
              {(props) => (
                <input {...props} type="password" autocomplete="new-password" value={confirm} onInput={(e) => setConfirm(valueOf(e))} />
              )}
            </Field>
            <button type="submit" class="button primary wide" disabled={busy} aria-busy={busy}>
              {busy ? 'Creating your account…' : 'Create account and sign in'}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
