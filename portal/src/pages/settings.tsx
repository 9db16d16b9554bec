import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import type { ProgramSettings } from '../api/types.ts';
import { Field } from '../components/field.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { ErrorState, Loading, Notice } from '../components/states.tsx';
import { useSubmit, valueOf } from '../lib/form.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { useApi } from '../lib/use-api.ts';

const MIB = 1024 * 1024;

export function Settings() {
  usePageTitle('Settings');
  const settings = useApi<ProgramSettings>(paths.settings);
  const [sla, setSla] = useState('');
  const [protection, setProtection] = useState('');
  const [grace, setGrace] = useState('');
  const [uploadMb, setUploadMb] = useState('');
  const [saved, setSaved] = useState(false);
  const save = useSubmit();

  useEffect(() => {
    if (!settings.data) return;
    setSla(String(settings.data.approvalSlaBusinessDays));
    setProtection(String(settings.data.defaultProtectionDays));
    setGrace(String(settings.data.tierDowngradeGraceDays));
    setUploadMb(String(Math.round(settings.data.contentMaxUploadBytes / MIB)));
  }, [settings.data]);

  async function submit(e: Event) {
    e.preventDefault();
    setSaved(false);
    const result = await save.run(() =>
      api.put<ProgramSettings>(paths.settings, {
        approvalSlaBusinessDays: sla === '' ? undefined : Number(sla),
        defaultProtectionDays: protection === '' ? undefined : Number(protection),
        tierDowngradeGraceDays: grace === '' ? undefined : Number(grace),
        contentMaxUploadBytes: uploadMb === '' ? undefined : Math.round(Number(uploadMb) * MIB),
      }),
    );
    if (result) setSaved(true);
  }

  return (
    <section>
      <PageHeader title="Program settings" />
      {settings.loading && <Loading rows={2} />}
      {settings.error && <ErrorState error={settings.error} retry={settings.reload} />}
      {settings.data && (
        <form class="form narrow" onSubmit={submit} noValidate>
          {saved && <Notice>Settings saved.</Notice>}
          {save.error && save.error.errors.length === 0 && <ErrorState error={save.error} />}
          <Field
            id="approval-sla"
            required
            label="Approval SLA (business days)"
            hint="How long a registration may wait for a decision before it shows as overdue (1–30)."
            error={save.error?.fieldError('approvalSlaBusinessDays')}
          >
            {(p) => <input {...p} type="number" min="1" max="30" step="1" value={sla} onInput={(e) => setSla(valueOf(e))} />}
          </Field>
          <Field
            id="protection-days"
            required
            label="Default protection (days)"
            hint="How long approved deals of partners without a tier stay protected (1–730)."
            error={save.error?.fieldError('defaultProtectionDays')}
          >
            {(p) => <input {...p} type="number" min="1" max="730" step="1" value={protection} onInput={(e) => setProtection(valueOf(e))} />}
          </Field>
          <Field
            id="downgrade-grace"
            label="Tier downgrade grace period (days)"
            hint="How long a proposed downgrade waits before a manager may apply it (1–365)."
            error={save.error?.fieldError('tierDowngradeGraceDays')}
          >
            {(p) => <input {...p} type="number" min="1" max="365" step="1" value={grace} onInput={(e) => setGrace(valueOf(e))} />}
          </Field>
          <Field
            id="content-max-upload"
            label="Largest content upload (MB)"
            hint="Bigger files are refused with a clear message (1–5120 MB)."
            error={save.error?.fieldError('contentMaxUploadBytes')}
          >
            {(p) => <input {...p} type="number" min="1" max="5120" step="1" value={uploadMb} onInput={(e) => setUploadMb(valueOf(e))} />}
          </Field>
          <div class="form-actions">
            <button type="submit" class="button primary" disabled={save.busy} aria-busy={save.busy}>
              Save settings
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
