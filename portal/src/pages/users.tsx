import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import type { Invitation, InvitationCreated, Partner, Role, User } from '../api/types.ts';
import { Badge } from '../components/badges.tsx';
import { CopyField } from '../components/copy-field.tsx';
import { Field } from '../components/field.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { Empty, ErrorState, Notice } from '../components/states.tsx';
import { formatDate, formatRelative, humanize } from '../lib/format.ts';
import { useSubmit, valueOf } from '../lib/form.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { usePaged, type Paged } from '../lib/use-api.ts';
import { usePartnerList } from '../lib/partner-list.ts';
import { DataTable, PagedTable, type Column } from '../components/data-table.tsx';
import { useMe } from '../session.tsx';
import { LoadMore } from '../components/load-more.tsx';

const ROLE_LABELS: Record<Role, string> = { partner_rep: 'Partner rep', partner_admin: 'Partner admin', manager: 'Manager', admin: 'Admin' };

/** Staff: every user of the program. */
export function Users() {
  usePageTitle('Users');
  const me = useMe();
  const roles: Role[] = me.user.role === 'admin' ? ['partner_rep', 'partner_admin', 'manager', 'admin'] : ['partner_rep', 'partner_admin'];
  return <People title="Users" lead="Vendor staff and partner users." roles={roles} staff />;
}

/** Partner admin: colleagues of their own company. */
export function Team() {
  usePageTitle('Team');
  const me = useMe();
  return <People title="Team" lead={`Colleagues at ${me.partner?.name ?? 'your company'} with access to the portal.`} roles={['partner_rep', 'partner_admin']} staff={false} />;
}

function People({ title, lead, roles, staff }: { title: string; lead: string; roles: Role[]; staff: boolean }) {
  const me = useMe();
  const page = usePaged<User>(staff ? paths.users : paths.team, { limit: 50 });
  const partners = usePartnerList(staff);
  const partnerName = (id: string | null) => (id ? (partners.name(id) ?? id) : 'Vendor staff');
  const invitations = usePaged<Invitation>(paths.invitations, { limit: 50 });
  const [notice, setNotice] = useState<string | null>(null);
  const update = useSubmit();

  async function change(user: User, patch: Partial<Pick<User, 'role' | 'status'>>, message: string) {
    setNotice(null);
    const done = await update.run(() => api.patch<User>(paths.user(user.id), patch));
    if (done) {
      setNotice(message);
      page.reload();
    }
  }

const editable = (user: User) => user.id !== me.user.id && roles.includes(user.role);
  const columns: Array<Column<User>> = [
    {
      header: 'Name',
      head: true,
      cell: (user) => (
        <>
          {user.name}
          {user.id === me.user.id && <span class="muted"> (you)</span>}
          <div class="muted small">{user.email}</div>
        </>
      ),
    },
    ...(staff ? [{ header: 'Company', cell: (user: User) => partnerName(user.partnerId) }] : []),
    {
      header: 'Role',
      cell: (user) =>
        editable(user) && user.status === 'active' ? (
          <RoleSelect
            user={user}
            roles={roles.filter((r) => (user.partnerId ? r.startsWith('partner_') : !r.startsWith('partner_')))}
            onChange={(role) => void change(user, { role }, `${user.name} is now ${ROLE_LABELS[role]}.`)}
          />
        ) : (
          ROLE_LABELS[user.role]
        ),
    },
    { header: 'Status', cell: (user) => <Badge tone={user.status === 'active' ? 'good' : 'neutral'}>{humanize(user.status)}</Badge> },
    { header: 'Last sign-in', cell: (user) => formatDate(user.lastLoginAt) },
    {
      header: 'Actions',
      hideHeader: true,
      cell: (user) =>
        editable(user) &&
        (user.status === 'active' ? (
          <button
            type="button"
            class="button link danger"
            aria-label={`Deactivate ${user.name}`}
            onClick={() => {
              if (confirm(`Deactivate ${user.name}? They are signed out at once.`)) {
                void change(user, { status: 'deactivated' }, `${user.name} was deactivated.`);
              }
            }}
          >
            Deactivate
          </button>
        ) : (
          <button type="button" class="button link" aria-label={`Reactivate ${user.name}`} onClick={() => void change(user, { status: 'active' }, `${user.name} was reactivated.`)}>
            Reactivate
          </button>
        )),
    },
  ];
  return (
    <section>
      <PageHeader title={title} lead={lead} />
      <Invite roles={roles} staff={staff} partners={partners.partners} onInvited={invitations.reload} />
      <PendingInvitations page={invitations} staff={staff} partnerName={partnerName} />
      {notice && <Notice>{notice}</Notice>}
      {update.error && <ErrorState error={update.error} />}
      <PagedTable page={page} label={title} columns={columns} empty={<Empty title="No users yet. Invite someone above." />} />
    </section>
  );
}

/**
 * A user's role, changed only after a confirmation (as deactivating and revoking are): a role
 * decides what someone may see and do. Declining puts the select back.
 */
function RoleSelect({ user, roles, onChange }: { user: User; roles: Role[]; onChange: (role: Role) => void }) {
  return (
    <select
      aria-label={`Role of ${user.name}`}
      value={user.role}
      onChange={(e) => {
        const select = e.currentTarget as HTMLSelectElement;
        const role = select.value as Role;
        if (confirm(`Make ${user.name} ${ROLE_LABELS[role]}? This changes what they can see and do at once.`)) onChange(role);
        else select.value = user.role;
      }}
    >
      {roles.map((r) => (
        <option key={r} value={r}>
          {ROLE_LABELS[r]}
        </option>
      ))}
    </select>
  );
}

/** Invite by email: the answer carries a single-use link to pass on (and to copy). */
function Invite({ roles, staff, partners, onInvited }: { roles: Role[]; staff: boolean; partners: Partner[]; onInvited: () => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>(roles[0]!);
  const [partnerId, setPartnerId] = useState('');
  const [created, setCreated] = useState<InvitationCreated>();
  const invite = useSubmit();
  const needsPartner = staff && role.startsWith('partner_');

  async function submit(e: Event) {
    e.preventDefault();
    setCreated(undefined);
    const result = await invite.run(() =>
      api.post<InvitationCreated>(paths.invitations, { email, role, partnerId: needsPartner ? partnerId || undefined : undefined }),
    );
    if (result) {
      setCreated(result);
      setEmail('');
      onInvited();
    }
  }

  const url = created?.inviteUrl;
  const link = url ? (url.startsWith('http') ? url : `${location.origin}${url}`) : '';

  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="invite-title">
      <h2 id="invite-title">Invite someone</h2>
      {invite.error && invite.error.errors.length === 0 && <ErrorState error={invite.error} />}
      <div class="grid-3">
        <Field id="invite-email" label="Email" required error={invite.error?.fieldError('email')}>
          {(p) => <input {...p} type="email" value={email} onInput={(e) => setEmail(valueOf(e))} />}
        </Field>
        <Field id="invite-role" label="Role" error={invite.error?.fieldError('role')}>
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole(valueOf(e) as Role)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {needsPartner && (
          <Field id="invite-partner" label="Partner company" required error={invite.error?.fieldError('partnerId')}>
            {(p) => (
              <select {...p} value={partnerId} onChange={(e) => setPartnerId(valueOf(e))}>
                <option value="">Choose a partner…</option>
                {partners.map((partner) => (
                  <option key={partner.id} value={partner.id}>
                    {partner.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      <button type="submit" class="button primary" disabled={invite.busy} aria-busy={invite.busy}>
        Create invitation
      </button>
      {created && (
        <Notice>
          {link ? (
            <>
              <p>Invitation emailed to {created.invitation.email}; it expires {formatDate(created.invitation.expiresAt)}. You can also pass on this single-use link yourself.</p>
              <CopyField id="invite-link" label="Invitation link" value={link} />
            </>
          ) : (
            <p>Invitation sent to {created.invitation.email} by email.</p>
          )}
        </Notice>
      )}
    </form>
  );
}

/** Invitations not yet accepted: who, as what, until when; revoking kills the link at once. */
function PendingInvitations({
  page,
  staff,
  partnerName,
}: {
  page: Paged<Invitation>;
  staff: boolean;
  partnerName: (id: string | null) => string;
}) {
  const revoke = useSubmit();
  const [notice, setNotice] = useState<string | null>(null);
  if (page.items.length === 0 && !page.error && !notice) return null;
  return (
    <section class="card" aria-labelledby="pending-title">
      <h2 id="pending-title">Pending invitations</h2>
      {notice && <Notice>{notice}</Notice>}
      {revoke.error && <ErrorState error={revoke.error} />}
      {page.error && <ErrorState error={page.error} retry={page.reload} />}
      {page.items.length > 0 && (
        <DataTable
          label="Pending invitations"
          rows={page.items}
          busy={page.loading}
          columns={[
            { header: 'Email', head: true, cell: (inv) => inv.email },
            ...(staff ? [{ header: 'Company', cell: (inv: Invitation) => inv.partnerName ?? partnerName(inv.partnerId) }] : []),
            { header: 'Role', cell: (inv) => ROLE_LABELS[inv.role] },
            { header: 'Expires', cell: (inv) => <time dateTime={inv.expiresAt}>{formatRelative(inv.expiresAt)}</time> },
            {
              header: 'Actions',
              hideHeader: true,
              cell: (inv) => (
                <button
                  type="button"
                  class="button link danger"
                  aria-label={`Revoke the invitation for ${inv.email}`}
                  disabled={revoke.busy}
                  onClick={async () => {
                    if (!confirm(`Revoke the invitation for ${inv.email}? The link stops working at once.`)) return;
                    if (await revoke.run(async () => (await api.post(paths.revokeInvitation(inv.id), {}), true))) {
                      setNotice(`The invitation for ${inv.email} was revoked.`);
                      page.reload();
                    }
                  }}
                >
                  Revoke
                </button>
              ),
            },
          ]}
        />
      )}
      <LoadMore page={page} />
    </section>
  );
}
