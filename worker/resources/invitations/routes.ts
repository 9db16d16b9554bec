import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  acceptInvitationStatements,
  insertInvitationIfNonePending,
  insertInvitationMail,
  invitationByTokenQuery,
  invitationPageQuery,
  invitationQuery,
  partnerNameQuery,
  pendingInvitationForQuery,
  revokeInvitation,
} from '../../../db/queries/invitations.ts';
import { userByEmailQuery } from '../../../db/queries/users.ts';
import type { Role } from '../../../db/schema/users.ts';
import { decideInvite, inInvitationScope, INVITATION_TTL_MS, invitationScope, invitationStatus, newInvitationToken } from '../../domain/invitations.ts';
import { auditInsert, auditInsertIfPreviousChanged } from '../../lib/audit.ts';
import { decodeCursor, pageFrom } from '../../lib/cursor.ts';
import { newId } from '../../lib/ids.ts';
import { hashPassword } from '../../lib/password.ts';
import { notFound, ProblemError, problemType } from '../../lib/problem.ts';
import { isUniqueViolation } from '../../lib/db-errors.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter } from '../../lib/router.ts';
import { sha256Hex } from '../../lib/signing.ts';
import type { AppEnv } from '../../lib/types.ts';
import { log } from '../../middleware/logger.ts';

import { afterMailCommit, sealedMailRow } from '../notifications/mail-queue.ts';
import { invitationMail } from '../notifications/templates/messages.ts';
import { userActor } from '../../middleware/auth.ts';
import { startSession } from '../../middleware/session.ts';
import { MeSchema } from '../auth/schemas.ts';
import { errorResponses, IdParam, problemContent } from '../../lib/schemas.ts';
import {
  InvitationAcceptSchema,
  InvitationCreatedSchema,
  InvitationCreateSchema,
  InvitationListQuerySchema,
  InvitationPageSchema,
  InvitationPreviewSchema,
  InvitationSchema,
  InvitationTokenParam,
} from './schemas.ts';
import { userView } from '../users/schemas.ts';


interface InvitationRow {
  id: string;
  email: string;
  role: Role;
  partnerId: string | null;
  partnerName: string | null;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

const view = (inv: InvitationRow, now = Date.now()): z.infer<typeof InvitationSchema> => ({
  id: inv.id,
  email: inv.email,
  role: inv.role,
  partnerId: inv.partnerId,
  partnerName: inv.partnerName,
  invitedBy: inv.invitedBy,
  status: invitationStatus(inv, now),
  createdAt: inv.createdAt.toISOString(),
  expiresAt: inv.expiresAt.toISOString(),
});

const noLongerValid = () =>
  notFound('This invitation link is unknown, used, revoked or expired. Ask for a new one.');
const alreadyUser = () =>
  new ProblemError(409, {
    type: problemType('duplicate'),
    detail: 'This email already has an account. Sign in with it, or ask whoever invited you to use another email.',
    errors: [{ field: 'email', message: 'Already has an account', code: 'duplicate' }],
  });
const alreadyInvited = (invitationId: string | null) =>
  new ProblemError(409, {
    type: problemType('duplicate'),
    detail: 'This email already has a pending invitation. Revoke it to send a new one.',
    errors: [{ field: 'email', message: 'Already invited', code: 'duplicate' }],
    ...(invitationId ? { invitationId } : {}),
  });

const listRoute = defineRoute({ permission: 'users:invite' }, {
  method: 'get',
  path: '/invitations',
  tags: ['Invitations'],
  summary: 'Invitations you may manage (default: pending), newest first',
  request: { query: InvitationListQuerySchema },
  responses: { 200: { description: 'A page of invitations', content: json(InvitationPageSchema) }, ...errorResponses },
});

const createInvitationRoute = defineRoute({ permission: 'users:invite' }, {
  method: 'post',
  path: '/invitations',
  tags: ['Invitations'],
  summary: 'Invite someone (single use, expires in 7 days)',
  request: { body: { required: true, content: json(InvitationCreateSchema) } },
  responses: {
    201: { description: 'Invited', content: json(InvitationCreatedSchema) },
    ...errorResponses,
    409: { description: 'Already a user, or already invited', content: problemContent },
  },
});

const revokeRoute = defineRoute({ permission: 'users:invite', tenant: 'invitation' }, {
  method: 'post',
  path: '/invitations/{id}/revoke',
  tags: ['Invitations'],
  summary: 'Revoke a pending invitation',
  request: { params: IdParam },
  responses: {
    200: { description: 'Revoked', content: json(InvitationSchema) },
    ...errorResponses,
    409: { description: 'Already accepted', content: problemContent },
  },
});

const previewRoute = defineRoute({ permission: null }, {
  method: 'get',
  path: '/invitations/{token}',
  tags: ['Invitations'],
  summary: 'What an invitation link offers (public: for the invitee)',
  security: [],
  request: { params: InvitationTokenParam },
  responses: { 200: { description: 'The invitation', content: json(InvitationPreviewSchema) }, 404: errorResponses[404] },
});

const acceptRoute = defineRoute({ permission: null }, {
  method: 'post',
  path: '/invitations/{token}/accept',
  tags: ['Invitations'],
  summary: 'Accept an invitation: creates the account and signs in (public)',
  security: [],
  request: { params: InvitationTokenParam, body: { required: true, content: json(InvitationAcceptSchema) } },
  responses: {
    201: { description: 'Account created and signed in', content: json(MeSchema) },
    404: errorResponses[404],
    409: { description: 'The email already has an account', content: problemContent },
    422: errorResponses[422],
  },
});

export const invitationRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const actor = userActor(c.get('actor'));
    const db = c.get('db');
    const { cursor, limit, ...filter } = c.req.valid('query');
    const scope = invitationScope(actor);
    if (typeof scope === 'object' && filter.partnerId !== undefined && filter.partnerId !== scope.partnerId) {
      throw notFound('No partner company with this id.');
    }
    const now = new Date();
    const [rows] = await db.batch([invitationPageQuery(db, scope, filter, now, decodeCursor(cursor), limit)]);
    const page = pageFrom(rows, limit, (i) => ({ at: i.createdAt.getTime(), id: i.id }));
    return c.json({ items: page.items.map((i) => view(i, now.getTime())), nextCursor: page.nextCursor }, 200);
  })
  .openapi(createInvitationRoute, async (c) => {
    const actor = userActor(c.get('actor'));
    const db = c.get('db');
    const body = c.req.valid('json');
    const email = body.email.toLowerCase();
    const decision = decideInvite(actor, body);
    if (!decision.ok) {
      throw new ProblemError(decision.status, {
        type: problemType(decision.status === 422 ? 'validation' : decision.status === 403 ? 'forbidden' : 'not-found'),
        detail: decision.detail,
        errors: decision.field ? [{ field: decision.field, message: decision.detail }] : undefined,
      });
    }
    const now = new Date();
    const [existingUser, pending, partner] = await db.batch([
      userByEmailQuery(db, email),
      pendingInvitationForQuery(db, email, now),
      partnerNameQuery(db, decision.partnerId ?? ''),
    ]);
    if (decision.partnerId && partner.length === 0) {
      throw new ProblemError(422, {
        type: problemType('validation'),
        detail: 'No partner company with this id.',
        errors: [{ field: 'partnerId', message: 'No partner company with this id', code: 'unknown_reference' }],
      });
    }
    // Only what the inviter may see anyway is refused here: an account or pending invitation in
    // their own scope. One elsewhere (another company) gets the same 201 as a new email — its
    // existence is nobody's business here — and is settled when the invitation is accepted.
    const scope = invitationScope(actor);
    if (existingUser[0] && inInvitationScope(scope, existingUser[0].partnerId)) throw alreadyUser();
    const visiblePending = pending.find((p) => inInvitationScope(scope, p.partnerId));
    if (visiblePending) throw alreadyInvited(visiblePending.id);
    const token = newInvitationToken();
    const row = {
      id: newId('inv'),
      tokenHash: await sha256Hex(token),
      email,
      role: body.role,
      partnerId: decision.partnerId,
      invitedBy: actor.userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      acceptedAt: null,
      acceptedUserId: null,
      revokedAt: null,
    };
    const inviteUrl = new URL(`/invite/${token}`, c.env.PORTAL_URL).toString();
    // The invitee gets the link by email (sealed until sent); the inviter still sees it to copy.
    const mail = await sealedMailRow(
      c.env,
      { type: 'invitation', dedupeKey: `invitation:${row.id}`, to: email, userId: null, content: invitationMail(c.env.PORTAL_URL, { inviteUrl, invitedByName: actor.name, partnerName: partner[0]?.name ?? null, expiresAt: row.expiresAt }) },
      now,
    );
    // The insert re-checks for a pending invitation into the same company: of two sent at once,
    // one is created; its mail and audit entry are written only when it was.
    const [inserted] = await db.batch([
      insertInvitationIfNonePending(db, row, now),
      insertInvitationMail(db, mail),
      auditInsertIfPreviousChanged(c, { action: 'invitation.created', objectType: 'invitation', objectId: row.id, partnerId: row.partnerId, details: { email, role: row.role }, at: now }),
    ]);
    if (inserted.length === 0) throw alreadyInvited(null);
    afterMailCommit(c, [{ mailId: mail.id }]);
    const invitation = view({ ...row, partnerName: partner[0]?.name ?? null }, now.getTime());
    return c.json({ invitation, inviteUrl }, 201);
  })
  .openapi(revokeRoute, async (c) => {
    const actor = userActor(c.get('actor'));
    const db = c.get('db');
    const { id } = c.req.valid('param');
    const [[inv]] = await db.batch([invitationQuery(db, id, invitationScope(actor))]);
    if (!inv) throw notFound('No invitation with this id.');
    const now = new Date();
    const status = invitationStatus(inv, now.getTime());
    if (status === 'accepted') throw new ProblemError(409, { type: problemType('invitation-accepted'), detail: 'This invitation was already accepted; deactivate the user instead.' });
    if (status === 'revoked') return c.json(view(inv, now.getTime()), 200);
    await db.batch([
      revokeInvitation(db, id, now),
      auditInsert(c, { action: 'invitation.revoked', objectType: 'invitation', objectId: id, partnerId: inv.partnerId, details: { email: inv.email }, at: now }),
    ]);
    return c.json(view({ ...inv, revokedAt: now }, now.getTime()), 200);
  })
  .openapi(previewRoute, async (c) => {
    const db = c.get('db');
    const [[inv]] = await db.batch([invitationByTokenQuery(db, await sha256Hex(c.req.valid('param').token))]);
    if (!inv || invitationStatus(inv, Date.now()) !== 'pending') throw noLongerValid();
    return c.json({ email: inv.email, role: inv.role, partnerName: inv.partnerName, expiresAt: inv.expiresAt.toISOString() }, 200);
  })
  .openapi(acceptRoute, async (c) => {
    const db = c.get('db');
    const { name, password } = c.req.valid('json');
    const [[inv]] = await db.batch([invitationByTokenQuery(db, await sha256Hex(c.req.valid('param').token))]);
    const now = new Date();
    if (!inv || invitationStatus(inv, now.getTime()) !== 'pending') throw noLongerValid();
    const user = {
      id: newId('usr'),
      email: inv.email,
      name,
      role: inv.role,
      partnerId: inv.partnerId,
      passwordHash: await hashPassword(password),
      status: 'active' as const,
      passwordChangedAt: now,
      lastLoginAt: now,
      createdAt: now,
      updatedAt: now,
    };
    const session = await startSession(c, user, now);
    let marked: unknown[];
    try {
      // Each insert runs only if the statement before it wrote its row: an invitation revoked or
      // accepted since the read creates nothing. users.email is unique: an account made
      // meanwhile fails the whole batch.
      [marked] = await db.batch([
        ...acceptInvitationStatements(db, inv.id, user, session.row, now),
        auditInsertIfPreviousChanged(c, { action: 'invitation.accepted', objectType: 'user', objectId: user.id, partnerId: user.partnerId, details: { invitationId: inv.id, role: user.role }, actor: session.actor, at: now }),
      ]);
    } catch (err) {
      if (isUniqueViolation(err)) throw alreadyUser();
      throw err;
    }
    if (marked.length === 0) throw noLongerValid();
    session.setCookie();
    const partner =
      inv.partnerId && inv.partnerName && inv.partnerType && inv.partnerStage
        ? { id: inv.partnerId, name: inv.partnerName, type: inv.partnerType, tierId: inv.partnerTierId, stage: inv.partnerStage }
        : null;
    return c.json({ kind: 'user' as const, user: userView(user), role: user.role, partner, token: null }, 201);
  });
