import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import type { Certification, CertificationCoverage, CertificationProgram, CertificationProgramList, UserPage } from '../api/types.ts';
import { Badge } from '../components/badges.tsx';
import { Field } from '../components/field.tsx';
import { DataTable, PagedTable, type Column } from '../components/data-table.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { Empty, ErrorState, Loading, Notice } from '../components/states.tsx';
import { CERT_STATUS_LABELS, CERT_STATUS_TONES, LEVEL_LABELS } from '../lib/cert-labels.ts';
import { formatDate } from '../lib/format.ts';
import { useSubmit, valueOf } from '../lib/form.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { useApi, usePaged } from '../lib/use-api.ts';
import { useMe } from '../session.tsx';

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const EXPIRING_DAYS = 60;

/** Partners: who holds what, what expires soon, record one. Staff: the verification queue, coverage and programs. */
export function Certifications() {
  usePageTitle('Certifications');
  const me = useMe();
  const staff = me.user.role === 'manager' || me.user.role === 'admin';
  return staff ? <StaffCertifications /> : <PartnerCertifications />;
}

function PartnerCertifications() {
  const me = useMe();
  const [recording, setRecording] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const page = usePaged<Certification>(paths.certifications, { limit: 50 });
  const horizon = isoDay(Date.now() + EXPIRING_DAYS * 86_400_000);
  const expiring = useApi<{ items: Certification[] }>(paths.certifications, { status: 'verified', expiringBefore: horizon, limit: 100 });
  const isAdmin = me.user.role === 'partner_admin';

  return (
    <section>
      <PageHeader title="Certifications" lead={isAdmin ? 'Who in your company holds which certification, and what needs renewing.' : 'Your certifications and what needs renewing.'}>
        <button type="button" class="button primary" onClick={() => setRecording(true)} aria-expanded={recording}>
          Record a certification
        </button>
      </PageHeader>
      {notice && <Notice>{notice}</Notice>}
      {recording && (
        <RecordForm
          onCancel={() => setRecording(false)}
          onSaved={(c) => {
            setRecording(false);
            setNotice(`${c.programName} for ${c.userName} recorded: ${c.status === 'pending' ? 'a manager will verify it.' : 'verified.'}`);
            page.reload();
          }}
        />
      )}
      <h2>Expiring in the next {EXPIRING_DAYS} days</h2>
      {expiring.error && <ErrorState error={expiring.error} retry={expiring.reload} />}
      {expiring.loading && !expiring.data && <Loading rows={1} />}
      {expiring.data && expiring.data.items.length === 0 && <p class="muted">Nothing expires in the next {EXPIRING_DAYS} days.</p>}
      {expiring.data && expiring.data.items.length > 0 && (
        <ul class="plain-list" aria-label="Expiring soon">
          {expiring.data.items.map((c) => (
            <li key={c.id}>
              <strong>{c.userName}</strong> — {c.programName}, expires {formatDate(c.expiresAt)}
            </li>
          ))}
        </ul>
      )}
      <h2>All certifications</h2>
      <CertificationTable page={page} showCompany={false} />
    </section>
  );
}

function CertificationTable({ page, showCompany, actions }: { page: ReturnType<typeof usePaged<Certification>>; showCompany: boolean; actions?: (c: Certification) => preact.ComponentChildren }) {
  const columns: Array<Column<Certification>> = [
    { header: 'Person', head: true, cell: (c) => c.userName },
    ...(showCompany ? [{ header: 'Company', cell: (c: Certification) => c.partnerName }] : []),
    {
      header: 'Program',
      cell: (c) => (
        <>
          {c.programName} <span class="muted">({LEVEL_LABELS[c.level]})</span>
          {c.credentialId && <div class="muted">ID {c.credentialId}</div>}
        </>
      ),
    },
    {
      header: 'Status',
      cell: (c) => (
        <>
          <Badge tone={CERT_STATUS_TONES[c.status]}>{CERT_STATUS_LABELS[c.status]}</Badge>
          {c.rejectionReason && <div class="muted">{c.rejectionReason}</div>}
        </>
      ),
    },
    { header: 'Earned', cell: (c) => formatDate(c.earnedOn) },
    { header: 'Expires', cell: (c) => (c.expiresAt ? formatDate(c.expiresAt) : 'Never') },
    { header: 'Evidence', cell: (c) => (c.evidence ? <a href={paths.certificationAction(c.id, 'evidence')}>Download</a> : '—') },
    ...(actions ? [{ header: 'Actions', hideHeader: true, cell: actions }] : []),
  ];
  return <PagedTable page={page} label="Certifications" columns={columns} loadingRows={3} empty={<Empty title="No certifications here yet." />} />;
}

function RecordForm({ onCancel, onSaved }: { onCancel: () => void; onSaved: (c: Certification) => void }) {
  const me = useMe();
  const isAdmin = me.user.role === 'partner_admin';
  const programs = useApi<CertificationProgramList>(paths.programs);
  const team = useApi<UserPage>(isAdmin ? paths.team : null, { limit: 100 });
  const [programId, setProgramId] = useState('');
  const [earnedOn, setEarnedOn] = useState('');
  const [credentialId, setCredentialId] = useState('');
  const [userId, setUserId] = useState(me.user.id);
  const [file, setFile] = useState<File | null>(null);
  const save = useSubmit();

  async function submit(e: Event) {
    e.preventDefault();
    const body = { programId, earnedOn, credentialId: credentialId.trim() || undefined, userId: userId === me.user.id ? undefined : userId };
    const saved = await save.run(async () => {
      const created = await api.post<Certification>(paths.certifications, body);
      return file ? api.put<Certification>(paths.certificationAction(created.id, 'evidence'), file) : created;
    });
    if (saved) onSaved(saved);
  }

  return (
    <form class="card" onSubmit={submit} noValidate aria-label="Record a certification">
      <h2>Record a certification</h2>
      {save.error && save.error.errors.length === 0 && <ErrorState error={save.error} />}
      <div class="grid-3">
        {isAdmin && (
          <Field id="cert-user" label="Who earned it" error={save.error?.fieldError('userId')}>
            {(p) => (
              <select {...p} value={userId} onChange={(e) => setUserId(valueOf(e))}>
                <option value={me.user.id}>Me ({me.user.name})</option>
                {(team.data?.items ?? [])
                  .filter((u) => u.id !== me.user.id && u.status === 'active')
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
              </select>
            )}
          </Field>
        )}
        <Field id="cert-program" label="Program" error={save.error?.fieldError('programId')}>
          {(p) => (
            <select {...p} value={programId} onChange={(e) => setProgramId(valueOf(e))}>
              <option value="">Choose a program…</option>
              {(programs.data?.items ?? []).map((pg: CertificationProgram) => (
                <option key={pg.id} value={pg.id}>
                  {pg.name} ({LEVEL_LABELS[pg.level]})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="cert-earned" label="Earned on" error={save.error?.fieldError('earnedOn')}>
          {(p) => <input {...p} type="date" value={earnedOn} max={isoDay(Date.now())} onInput={(e) => setEarnedOn(valueOf(e))} />}
        </Field>
        <Field id="cert-credential" label="Credential id" optional error={save.error?.fieldError('credentialId')}>
          {(p) => <input {...p} value={credentialId} onInput={(e) => setCredentialId(valueOf(e))} />}
        </Field>
        <Field id="cert-evidence" label="Certificate file" optional hint="PDF or image, up to 1 MB">
          {(p) => <input {...p} type="file" accept="application/pdf,image/png,image/jpeg,image/webp" onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)} />}
        </Field>
      </div>
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={save.busy} aria-busy={save.busy}>
          Record certification
        </button>
        <button type="button" class="button link" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function StaffCertifications() {
  const [notice, setNotice] = useState<string | null>(null);
  const pending = usePaged<Certification>(paths.certifications, { status: 'pending', limit: 25 });
  const all = usePaged<Certification>(paths.certifications, { limit: 25 });
  const coverage = useApi<CertificationCoverage>(paths.certificationCoverage);
  const [rejecting, setRejecting] = useState<Certification | null>(null);
  const decide = useSubmit();

  const done = (text: string) => {
    setNotice(text);
    setRejecting(null);
    pending.reload();
    all.reload();
    coverage.reload();
  };
  async function verify(c: Certification) {
    if (await decide.run(() => api.post<Certification>(paths.certificationAction(c.id, 'verify')))) done(`${c.userName}'s ${c.programName} verified.`);
  }

  return (
    <section>
      <PageHeader title="Certifications" lead="Verify what partners recorded, see coverage per partner and program, and maintain the programs." />
      {notice && <Notice>{notice}</Notice>}
      {decide.error && <ErrorState error={decide.error} />}
      <h2>Pending verification</h2>
      {rejecting && <RejectForm cert={rejecting} onCancel={() => setRejecting(null)} onDone={() => done(`${rejecting.userName}'s ${rejecting.programName} rejected.`)} />}
      <CertificationTable
        page={pending}
        showCompany
        actions={(c) => (
          <div class="row-actions">
            <button type="button" class="button" disabled={decide.busy} onClick={() => void verify(c)} aria-label={`Verify ${c.userName}'s ${c.programName}`}>
              Verify
            </button>
            <button type="button" class="button link" onClick={() => setRejecting(c)} aria-label={`Reject ${c.userName}'s ${c.programName}`}>
              Reject
            </button>
          </div>
        )}
      />
      <h2>Coverage</h2>
      {coverage.error && <ErrorState error={coverage.error} retry={coverage.reload} />}
      {coverage.loading && !coverage.data && <Loading rows={2} />}
      {coverage.data && coverage.data.items.length === 0 && <Empty title="No verified certifications yet." />}
      {coverage.data && coverage.data.items.length > 0 && (
        <DataTable
          label="Coverage per partner and program"
          rows={coverage.data.items}
          rowKey={(r) => `${r.partnerId}-${r.programId}`}
          columns={[
            { header: 'Partner', head: true, cell: (r) => r.partnerName },
            { header: 'Program', cell: (r) => r.programName },
            { header: 'Certified people', cell: (r) => r.people },
          ]}
        />
      )}
      <Programs />
      <h2>All certifications</h2>
      <CertificationTable page={all} showCompany />
    </section>
  );
}

function RejectForm({ cert, onCancel, onDone }: { cert: Certification; onCancel: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const save = useSubmit();
  async function submit(e: Event) {
    e.preventDefault();
    if (await save.run(() => api.post(paths.certificationAction(cert.id, 'reject'), { reason }))) onDone();
  }
  return (
    <form class="card" onSubmit={submit} noValidate aria-label={`Reject ${cert.userName}'s ${cert.programName}`}>
      <Field id="reject-reason" label={`Why reject ${cert.userName}'s ${cert.programName}? (the partner sees this)`} error={save.error?.fieldError('reason')}>
        {(p) => <textarea {...p} value={reason} onInput={(e) => setReason(valueOf(e))} rows={2} />}
      </Field>
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={save.busy}>
          Reject
        </button>
        <button type="button" class="button link" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Programs() {
  const programs = useApi<CertificationProgramList>(paths.programs);
  const [name, setName] = useState('');
  const [level, setLevel] = useState<CertificationProgram['level']>('foundation');
  const [validity, setValidity] = useState('24');
  const [courseUrl, setCourseUrl] = useState('');
  const save = useSubmit();
  const toggle = useSubmit();

  async function submit(e: Event) {
    e.preventDefault();
    const body = { name, level, validityMonths: validity === '' ? null : Number(validity), courseUrl: courseUrl.trim() || null };
    if (await save.run(() => api.post(paths.programs, body))) {
      setName('');
      setCourseUrl('');
      programs.reload();
    }
  }

  return (
    <>
      <h2>Programs</h2>
      {programs.error && <ErrorState error={programs.error} retry={programs.reload} />}
      {toggle.error && <ErrorState error={toggle.error} />}
      {programs.data && (
        <DataTable
          label="Certification programs"
          rows={programs.data.items}
          columns={[
            { header: 'Program', head: true, cell: (p) => (p.courseUrl ? <a href={p.courseUrl}>{p.name}</a> : p.name) },
            { header: 'Level', cell: (p) => LEVEL_LABELS[p.level] },
            { header: 'Valid for', cell: (p) => (p.validityMonths === null ? 'Never expires' : `${p.validityMonths} months`) },
            {
              header: 'Active',
              cell: (p) => (
                <button type="button" class="button link" onClick={async () => (await toggle.run(() => api.patch(paths.program(p.id), { active: !p.active }))) && programs.reload()}>
                  {p.active ? 'Active — retire' : 'Retired — reactivate'}
                </button>
              ),
            },
          ]}
        />
      )}
      <form class="card" onSubmit={submit} noValidate aria-label="Add a program">
        <h3>Add a program</h3>
        {save.error && save.error.errors.length === 0 && <ErrorState error={save.error} />}
        <div class="grid-3">
          <Field id="program-name" label="Name" error={save.error?.fieldError('name')}>
            {(p) => <input {...p} value={name} onInput={(e) => setName(valueOf(e))} />}
          </Field>
          <Field id="program-level" label="Level" error={save.error?.fieldError('level')}>
            {(p) => (
              <select {...p} value={level} onChange={(e) => setLevel(valueOf(e) as CertificationProgram['level'])}>
                {Object.entries(LEVEL_LABELS).map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="program-validity" label="Valid for (months)" hint="Empty: never expires" error={save.error?.fieldError('validityMonths')}>
            {(p) => <input {...p} inputMode="numeric" value={validity} onInput={(e) => setValidity(valueOf(e))} />}
          </Field>
          <Field id="program-url" label="Course or exam URL" optional error={save.error?.fieldError('courseUrl')}>
            {(p) => <input {...p} type="url" value={courseUrl} onInput={(e) => setCourseUrl(valueOf(e))} />}
          </Field>
        </div>
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={save.busy}>
            Add program
          </button>
        </div>
      </form>
    </>
  );
}
