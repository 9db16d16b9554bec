import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import type { NotificationPreferences } from '../api/types.ts';
import { Field } from '../components/field.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { ErrorState, Loading, Notice } from '../components/states.tsx';
import { useSubmit, valueOf } from '../lib/form.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { useApi } from '../lib/use-api.ts';
import { useMe, useSession } from '../session.tsx';

/** Your account: name, password, other sessions, notification preferences. */
export function Account() {
  usePageTitle('Your account');
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Your account" />
      <NameForm />
      <PasswordForm />
      <Sessions />
      <Preferences />
    </section>
  );
}

function NameForm() {
  const me = useMe();
  const { refresh } = useSession();
  const [name, setName] = useState(me.user?.name ?? '');
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useSubmit();
  async function submit(e: Event) {
    e.preventDefault();
    setSaved(false);
    if (await run(() => api.patch(paths.me, { name }))) {
      setSaved(true);
      await refresh();
    }
  }
  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="name-title">
      <h2 id="name-title">Name</h2>
      {error && error.errors.length === 0 && <ErrorState error={error} />}
      {saved && <Notice>Name saved.</Notice>}
      <Field id="account-name" label="Name" error={error?.fieldError('name')}>
        {(p) => <input {...p} autocomplete="name" value={name} onInput={(e) => setName(valueOf(e))} />}
      </Field>
      <button type="submit" class="button primary" disabled={busy} aria-busy={busy}>
        Save name
      </button>
    </form>
  );
}

function PasswordForm() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useSubmit();
  async function submit(e: Event) {
    e.preventDefault();
    setSaved(false);
    const ok = await run(async () => {
      await api.post(paths.changePassword, { currentPassword, newPassword });
      return true;
    });
    if (ok) {
      setSaved(true);
      setCurrent('');
      setNew('');
    }
  }
  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      {error && error.errors.length === 0 && <ErrorState error={error} />}
      {saved && <Notice>Password changed. Your other sessions were signed out.</Notice>}
      <Field id="current-password" label="Current password" error={error?.fieldError('currentPassword')}>
        {(p) => <input {...p} type="password" autocomplete="current-password" value={currentPassword} onInput={(e) => setCurrent(valueOf(e))} />}
      </Field>
      <Field id="new-password" label="New password (at least 12 characters)" error={error?.fieldError('newPassword')}>
        {(p) => <input {...p} type="password" autocomplete="new-password" value={newPassword} onInput={(e) => setNew(valueOf(e))} />}
      </Field>
      <button type="submit" class="button primary" disabled={busy} aria-busy={busy}>
        Change password
      </button>
    </form>
  );
}

function Sessions() {
  const [revoked, setRevoked] = useState<number>();
  const { busy, error, run } = useSubmit();
  async function revoke() {
    const result = await run(() => api.post<{ revoked: number }>(paths.revokeOtherSessions));
    if (result) setRevoked(result.revoked);
  }
  return (
    <div class="card" aria-labelledby="sessions-title" role="group">
      <h2 id="sessions-title">Other sessions</h2>
      <p class="muted">Signed in on another computer or phone you no longer use? End every session but this one.</p>
      {error && <ErrorState error={error} />}
      {revoked !== undefined && <Notice>{revoked === 1 ? 'One other session was signed out.' : `${revoked} other sessions were signed out.`}</Notice>}
      <button type="button" class="button" onClick={() => void revoke()} disabled={busy} aria-busy={busy}>
        Sign out of all other sessions
      </button>
    </div>
  );
}

function Preferences() {
  const me = useMe();
  const loaded = useApi<NotificationPreferences>(paths.notificationPreferences);
  const [prefs, setPrefs] = useState<NotificationPreferences>();
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useSubmit();
  useEffect(() => setPrefs(loaded.data), [loaded.data]);
  if (loaded.error) return <ErrorState error={loaded.error} retry={loaded.reload} />;
  if (!prefs) return <Loading label="Loading notification settings…" />;
  const role = me.user?.role;

  async function submit(e: Event) {
    e.preventDefault();
    setSaved(false);
    const next = await run(() =>
      api.put<NotificationPreferences>(paths.notificationPreferences, {
        email: Object.fromEntries(prefs!.types.map((t) => [t.type, t.email])),
        ...(role === 'partner_admin' ? { teamDeals: prefs!.teamDeals } : {}),
        ...(role === 'manager' || role === 'admin' ? { dailyDigest: prefs!.dailyDigest } : {}),
      }),
    );
    if (next) {
      setPrefs(next);
      setSaved(true);
    }
  }
  const toggle = (type: string, email: boolean) => setPrefs({ ...prefs, types: prefs.types.map((t) => (t.type === type ? { ...t, email } : t)) });

  return (
    <form class="card" onSubmit={submit} aria-labelledby="prefs-title">
      <h2 id="prefs-title">Email notifications</h2>
      <p class="muted">You always see notifications in the portal. Choose which ones also arrive by email.</p>
      {error && <ErrorState error={error} />}
      {saved && <Notice>Notification settings saved.</Notice>}
      <fieldset>
        <legend>Email me when</legend>
        {prefs.types.map((t) => (
          <label key={t.type} class="checkbox">
            <input type="checkbox" name={t.type} checked={t.email} onChange={(e) => toggle(t.type, (e.currentTarget as HTMLInputElement).checked)} /> {t.label}
          </label>
        ))}
      </fieldset>
      {role === 'partner_admin' && (
        <label class="checkbox">
          <input type="checkbox" checked={prefs.teamDeals} onChange={(e) => setPrefs({ ...prefs, teamDeals: (e.currentTarget as HTMLInputElement).checked })} /> Also
          notify me about my colleagues' deals
        </label>
      )}
      {(role === 'manager' || role === 'admin') && (
        <label class="checkbox">
          <input type="checkbox" checked={prefs.dailyDigest} onChange={(e) => setPrefs({ ...prefs, dailyDigest: (e.currentTarget as HTMLInputElement).checked })} /> One
          daily digest email instead of one email each
        </label>
      )}
      <button type="submit" class="button primary" disabled={busy} aria-busy={busy}>
        Save notification settings
      </button>
    </form>
  );
}
