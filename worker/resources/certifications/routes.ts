import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import Papa from 'papaparse';
import type { BatchItem } from 'drizzle-orm/batch';
import {
  certificationDecidedAt,
  certificationPageQuery,
  certificationQuery,
  coverageQuery,
  decideCertification,
  holderProgramQuery,
  holderQuery,
  importCertificationStatements,
  insertCertification,
  insertProgram,
  pendingCountQuery,
  programListQuery,
  programQuery,
  programsByNameQuery,
  setEvidence,
  supersedeOlder,
  updateProgram,
  usersByEmailQuery,
  type CertificationScope,
  type CertificationView,
} from '../../../db/queries/certifications.ts';
import type { UserActor } from '../../domain/actor.ts';
import { isStaffRole } from '../../domain/permissions.ts';
import { emitEvent, rememberEvents } from '../../events/emit.ts';
import { auditInsert, auditInsertIfPreviousChanged, type AuditEntry } from '../../lib/audit.ts';
import { writtenIf } from '../../events/emit-if.ts';
import { decodeCursor, pageFrom } from '../../lib/cursor.ts';
import { isUniqueViolation } from '../../lib/db-errors.ts';
import { newId } from '../../lib/ids.ts';
import { notFound, ProblemError, problemType, type FieldError } from '../../lib/problem.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter, fieldErrors } from '../../lib/router.ts';
import { errorResponses, IdParam, problemContent } from '../../lib/schemas.ts';
import type { AppEnv } from '../../lib/types.ts';
import { userActor } from '../../middleware/auth.ts';
import { expiryOf, isoDay, isRealDate, recordRefusal } from './rules.ts';
import {
  CertificationInputSchema,
  CertificationListQuerySchema,
  CertificationPageSchema,
  CertificationSchema,
  CoverageSchema,
  ImportQuerySchema,
  ImportResultSchema,
  ProgramInputSchema,
  ProgramListSchema,
  ProgramPatchSchema,
  ProgramSchema,
  RejectSchema,
} from './schemas.ts';
import { certificationView, programView } from './view.ts';

/** Evidence files: what a certificate or a scan of it is saved as. */
export const EVIDENCE_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'] as const;
const MAX_CSV_ROWS = 500;

const conflict409 = (description: string) => ({ 409: { description, content: problemContent } });
const programNameTaken = () =>
  new ProblemError(409, {
    type: problemType('duplicate'),
    detail: 'Another certification program already has this name.',
    errors: [{ field: 'name', message: 'Already used by another program', code: 'duplicate' }],
  });
const invalid = (errors: FieldError[], detail = 'Some fields are not valid.') => new ProblemError(422, { type: problemType('validation'), detail, errors });
const notPending = (status: string) =>
  new ProblemError(409, { type: problemType('invalid-transition'), detail: `This certification is ${status}; only pending ones can be decided.` });

/** Which certifications the actor may see: reps their own, partner admins their company's, staff all. */
export function certificationScope(actor: UserActor): CertificationScope {
  if (isStaffRole(actor.role)) return {};
  if (actor.role === 'partner_admin') return { partnerId: actor.partnerId ?? '' };
  return { partnerId: actor.partnerId ?? '', userId: actor.userId };
}

// ---- programs ---------------------------------------------------------------------------

const listProgramsRoute = defineRoute(
  { permission: 'certifications:read' },
  {
    method: 'get',
    path: '/certification-programs',
    tags: ['Certifications'],
    summary: 'Certification programs (partners: active ones; staff: all)',
    responses: { 200: { description: 'Programs by name', content: json(ProgramListSchema) }, ...errorResponses },
  },
);

const createProgramRoute = defineRoute(
  { permission: 'certifications:manage' },
  {
    method: 'post',
    path: '/certification-programs',
    tags: ['Certifications'],
    summary: 'Add a certification program',
    request: { body: { required: true, content: json(ProgramInputSchema) } },
    responses: { 201: { description: 'Created', content: json(ProgramSchema) }, ...errorResponses, ...conflict409('Name already used') },
  },
);

const patchProgramRoute = defineRoute(
  { permission: 'certifications:manage' },
  {
    method: 'patch',
    path: '/certification-programs/{id}',
    tags: ['Certifications'],
    summary: 'Edit or retire a certification program (existing certificates keep their expiry)',
    request: { params: IdParam, body: { required: true, content: json(ProgramPatchSchema) } },
    responses: { 200: { description: 'Updated', content: json(ProgramSchema) }, ...errorResponses, ...conflict409('Name already used') },
  },
);

// ---- certifications ---------------------------------------------------------------------

const listRoute = defineRoute(
  { permission: 'certifications:read' },
  {
    method: 'get',
    path: '/certifications',
    tags: ['Certifications'],
    summary: 'Certifications, newest first (reps: their own; partner admins: their company; staff: all)',
    request: { query: CertificationListQuerySchema },
    responses: { 200: { description: 'A page', content: json(CertificationPageSchema) }, ...errorResponses },
  },
);

const coverageRoute = defineRoute(
  { permission: 'certifications:manage' },
  {
    method: 'get',
    path: '/certifications/coverage',
    tags: ['Certifications'],
    summary: 'Verified, valid certified people per partner and program, and how many wait for verification',
    responses: { 200: { description: 'Coverage', content: json(CoverageSchema) }, ...errorResponses },
  },
);

const recordRoute = defineRoute(
  { permission: 'certifications:record' },
  {
    method: 'post',
    path: '/certifications',
    tags: ['Certifications'],
    summary: 'Record a certification (partners: pending until verified; staff: verified)',
    description: 'A renewal is a later `earnedOn` for the same person and program (same or earlier date: 409).',
    request: { body: { required: true, content: json(CertificationInputSchema) } },
    responses: { 201: { description: 'Recorded', content: json(CertificationSchema) }, ...errorResponses, ...conflict409('Already recorded for this date or later') },
  },
);

const importRoute = defineRoute(
  { permission: 'certifications:manage' },
  {
    method: 'post',
    path: '/certifications/import',
    tags: ['Certifications'],
    summary: 'Import verified certifications from a training system (CSV)',
    description: 'CSV `email,program,earnedOn,credentialId` (text/csv or multipart `file`). An invalid row rejects the file unless `?skipInvalid=true`.',
    request: { query: ImportQuerySchema, body: { required: true, content: { 'text/csv': { schema: z.string() } } } },
    responses: { 200: { description: 'Imported count and skipped rows', content: json(ImportResultSchema) }, ...errorResponses },
  },
);

const putEvidenceRoute = defineRoute(
  { permission: 'certifications:record', tenant: 'certification' },
  {
    method: 'put',
    path: '/certifications/{id}/evidence',
    tags: ['Certifications'],
    summary: 'Upload the evidence file (PDF, PNG, JPEG or WebP; at most 1 MiB), replacing any earlier one',
    request: {
      params: IdParam,
      body: { required: true, content: Object.fromEntries(EVIDENCE_TYPES.map((t) => [t, { schema: z.string().openapi({ format: 'binary' }) }])) },
    },
    responses: {
      200: { description: 'Stored', content: json(CertificationSchema) },
      ...errorResponses,
      413: { description: 'Larger than 1 MiB', content: problemContent },
      415: { description: 'Not a PDF or image', content: problemContent },
      503: { description: 'File storage is not configured', content: problemContent },
    },
  },
);

const getEvidenceRoute = defineRoute(
  { permission: 'certifications:read', tenant: 'certification' },
  {
    method: 'get',
    path: '/certifications/{id}/evidence',
    tags: ['Certifications'],
    summary: 'Download the evidence file (the holder\'s company and staff)',
    request: { params: IdParam },
    responses: { 200: { description: 'The file', content: Object.fromEntries(EVIDENCE_TYPES.map((t) => [t, { schema: z.string().openapi({ format: 'binary' }) }])) }, ...errorResponses },
  },
);

const decisionResponses = { 200: { description: 'Decided', content: json(CertificationSchema) }, ...errorResponses, ...conflict409('Not pending (already decided)') };
const verifyRoute = defineRoute(
  { permission: 'certifications:manage' },
  {
    method: 'post',
    path: '/certifications/{id}/verify',
    tags: ['Certifications'],
    summary: 'Verify a pending certification: it counts toward tiers from now on (a renewal replaces the earlier one)',
    request: { params: IdParam },
    responses: decisionResponses,
  },
);
const rejectRoute = defineRoute(
  { permission: 'certifications:manage' },
  {
    method: 'post',
    path: '/certifications/{id}/reject',
    tags: ['Certifications'],
    summary: 'Reject a pending certification, with a reason the partner sees',
    request: { params: IdParam, body: { required: true, content: json(RejectSchema) } },
    responses: decisionResponses,
  },
);

// ---- helpers ------------------------------------------------------------------------------

/** Audit and outbox rows written only if the certification became `status` at `at` in this batch (a decision that lost a race writes nothing). */
function ifDecided(c: Context<AppEnv>, id: string, status: string, at: Date, audit: AuditEntry, event: { type: 'certification.verified' | 'certification.rejected'; row: CertificationView }) {
  return writtenIf(c, certificationDecidedAt(id, status, at, event.row.decidedBy!), audit, {
    type: event.type,
    at,
    partnerId: event.row.partnerId,
    subjectType: 'certification',
    subjectId: id,
    data: { certification: certificationView(event.row) },
  });
}

const today = () => isoDay(new Date());

// ---- CSV ----------------------------------------------------------------------------------

const HEADERS: Record<string, 'email' | 'program' | 'earnedOn' | 'credentialId'> = {
  email: 'email',
  program: 'program',
  programname: 'program',
  earnedon: 'earnedOn',
  earned_on: 'earnedOn',
  date: 'earnedOn',
  credentialid: 'credentialId',
  credential_id: 'credentialId',
};
const CsvRowSchema = z.object({
  email: z.string().trim().toLowerCase().email('A valid email address'),
  program: z.string().trim().min(1, 'Required'),
  earnedOn: z.string().trim().refine(isRealDate, 'A calendar date as YYYY-MM-DD'),
  credentialId: z.string().trim().max(120).optional(),
});
type CsvRow = z.infer<typeof CsvRowSchema>;

async function csvText(req: Request): Promise<string> {
  const type = req.headers.get('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    const file = (await req.formData().catch(() => null))?.get('file');
    if (!file || typeof file === 'string') throw invalid([{ field: 'file', message: 'Required' }], 'Upload the CSV as the "file" field.');
    return (file as File).text();
  }
  if (type.startsWith('text/csv') || type.startsWith('text/plain')) return req.text();
  throw new ProblemError(415, { type: problemType('unsupported-media-type'), detail: 'Send text/csv or multipart/form-data with a "file" field.' });
}

function parseCsv(text: string) {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => HEADERS[h.trim().toLowerCase()] ?? h.trim(),
  });
  const headers = parsed.meta.fields ?? [];
  const missing = (['email', 'program', 'earnedOn'] as const).filter((h) => !headers.includes(h));
  if (missing.length) throw invalid([{ field: '1', message: `The header row needs the column(s): ${missing.join(', ')} (and optionally credentialId)`, code: 'missing_header' }], 'The CSV has no usable header row.');
  const unknown = headers.filter((h) => !['email', 'program', 'earnedOn', 'credentialId'].includes(h));
  if (unknown.length) throw invalid([{ field: '1', message: `Unknown column(s): ${unknown.join(', ')}`, code: 'unknown_column' }], 'The CSV has unknown columns.');
  const rows: Array<{ line: number; row?: CsvRow; errors: FieldError[] }> = [];
  const parseErrors = new Map<number, FieldError[]>();
  for (const e of parsed.errors) {
    const line = (e.row ?? 0) + 2;
    parseErrors.set(line, [...(parseErrors.get(line) ?? []), { field: `${line}`, message: `Line ${line}: ${e.message}`, code: 'csv' }]);
  }
  parsed.data.forEach((raw, i) => {
    const line = i + 2;
    const candidate = Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string' && v.trim() !== ''));
    const result = CsvRowSchema.safeParse(candidate);
    const errors = [...(parseErrors.get(line) ?? [])];
    if (!result.success) errors.push(...fieldErrors(result.error).map((e) => ({ ...e, field: `${line}.${e.field}`, message: `Line ${line}: ${e.message}` })));
    rows.push({ line, row: result.success ? result.data : undefined, errors });
  });
  return rows;
}

// ---- routes ---------------------------------------------------------------------------------

export const certificationRoutes = createRouter()
  .openapi(listProgramsRoute, async (c) => {
    const db = c.get('db');
    const actor = userActor(c.get('actor'));
    const [rows] = await db.batch([programListQuery(db, !isStaffRole(actor.role))]);
    return c.json({ items: rows.map(programView) }, 200);
  })
  .openapi(createProgramRoute, async (c) => {
    const db = c.get('db');
    const body = c.req.valid('json');
    const now = new Date();
    const row = { id: newId('pgm'), ...body, createdAt: now, updatedAt: now };
    try {
      await db.batch([
        insertProgram(db, row),
        auditInsert(c, { action: 'certification_program.created', objectType: 'certification_program', objectId: row.id, details: body, at: now }),
      ]);
    } catch (err) {
      if (isUniqueViolation(err)) throw programNameTaken();
      throw err;
    }
    c.header('location', `/api/v1/certification-programs/${row.id}`);
    return c.json(programView(row), 201);
  })
  .openapi(patchProgramRoute, async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    const now = new Date();
    let updated: Awaited<ReturnType<typeof updateProgram>>;
    try {
      const [rows] = await db.batch([
        updateProgram(db, id, { ...patch, updatedAt: now }),
        auditInsertIfPreviousChanged(c, { action: 'certification_program.updated', objectType: 'certification_program', objectId: id, details: patch, at: now }),
      ]);
      updated = rows;
    } catch (err) {
      if (isUniqueViolation(err)) throw programNameTaken();
      throw err;
    }
    const row = updated[0];
    if (!row) throw notFound('No certification program with this id.');
    return c.json(programView(row), 200);
  })
  .openapi(listRoute, async (c) => {
    const db = c.get('db');
    const actor = userActor(c.get('actor'));
    const { cursor, limit, ...filter } = c.req.valid('query');
    const [rows] = await db.batch([certificationPageQuery(db, certificationScope(actor), filter, decodeCursor(cursor), limit)]);
    const page = pageFrom(rows, limit, (r) => ({ at: r.createdAt.getTime(), id: r.id }));
    return c.json({ items: page.items.map(certificationView), nextCursor: page.nextCursor }, 200);
  })
  .openapi(coverageRoute, async (c) => {
    const db = c.get('db');
    const asOf = today();
    const [items, pending] = await db.batch([coverageQuery(db, asOf), pendingCountQuery(db)]);
    return c.json({ asOf, pending: pending[0]?.n ?? 0, items }, 200);
  })
  .openapi(recordRoute, async (c) => {
    const db = c.get('db');
    const actor = userActor(c.get('actor'));
    const body = c.req.valid('json');
    const holderId = body.userId ?? actor.userId;
    const [programs, holders, earlier] = await db.batch([programQuery(db, body.programId), holderQuery(db, holderId), holderProgramQuery(db, holderId, body.programId)]);
    const program = programs[0];
    const holder = holders[0];
    const errors: FieldError[] = [];
    if (!program || (!program.active && !isStaffRole(actor.role))) errors.push({ field: 'programId', message: 'No active certification program with this id', code: 'unknown_reference' });
    const refusal = recordRefusal({ role: actor.role, userId: actor.userId, partnerId: actor.partnerId }, holder);
    if (refusal === 'unknown_user') errors.push({ field: 'userId', message: 'No active partner user with this id in your reach', code: 'unknown_reference' });
    if (refusal === 'not_yours') errors.push({ field: 'userId', message: 'Reps record their own certifications; ask a partner admin to record a colleague\'s', code: 'forbidden' });
    const now = new Date();
    if (body.earnedOn > isoDay(now)) errors.push({ field: 'earnedOn', message: 'Cannot be in the future', code: 'future_date' });
    if (errors.length) throw invalid(errors);
    const latest = earlier[0];
    if (latest && latest.earnedOn >= body.earnedOn) {
      throw new ProblemError(409, {
        type: problemType('duplicate'),
        detail: `A certification of this program earned on ${latest.earnedOn} is already recorded for this person (${latest.status}); a renewal needs a later date.`,
        errors: [{ field: 'earnedOn', message: `Must be after ${latest.earnedOn} (a renewal)`, code: 'duplicate' }],
      });
    }
    const staff = isStaffRole(actor.role);
    const row = {
      id: newId('crt'),
      partnerId: holder!.partnerId!,
      userId: holder!.id,
      programId: program!.id,
      earnedOn: body.earnedOn,
      expiresOn: expiryOf(body.earnedOn, program!.validityMonths),
      credentialId: body.credentialId ?? null,
      status: staff ? ('verified' as const) : ('pending' as const),
      rejectionReason: null,
      decidedAt: staff ? now : null,
      decidedBy: staff ? actor.userId : null,
      evidenceKey: null,
      evidenceType: null,
      evidenceSize: null,
      expiringNotifiedAt: null,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    };
    const viewRow: CertificationView = { ...row, userName: holder!.name, userEmail: holder!.email, partnerName: holder!.partnerName ?? '', programName: program!.name, programLevel: program!.level };
    const data = { certification: certificationView(viewRow) };
    const subject = { partnerId: row.partnerId, subjectType: 'certification', subjectId: row.id, at: now };
    const statements: BatchItem<'sqlite'>[] = [
      insertCertification(db, row),
      auditInsert(c, { action: 'certification.recorded', objectType: 'certification', objectId: row.id, partnerId: row.partnerId, details: { userId: row.userId, programId: row.programId, earnedOn: row.earnedOn, status: row.status }, at: now }),
      emitEvent(c, { type: 'certification.recorded', ...subject, data }),
    ];
    if (staff) statements.push(supersedeOlder(db, row.userId, row.programId, row.earnedOn, now), emitEvent(c, { type: 'certification.verified', ...subject, data }));
    await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
    c.header('location', `/api/v1/certifications?userId=${row.userId}`);
    return c.json(data.certification, 201);
  })
  .openapi(importRoute, async (c) => {
    const db = c.get('db');
    const actor = userActor(c.get('actor'));
    const { skipInvalid } = c.req.valid('query');
    const rows = parseCsv(await csvText(c.req.raw));
    if (rows.length === 0) throw invalid([{ field: '2', message: 'The file has no data rows', code: 'empty' }], 'Nothing to import.');
    if (rows.length > MAX_CSV_ROWS) throw invalid([{ field: '(root)', message: `At most ${MAX_CSV_ROWS} rows per file`, code: 'too_big' }], 'The file is too long.');
    const valid = rows.filter((r) => r.row);
    const emails = [...new Set(valid.map((r) => r.row!.email))];
    const names = [...new Set(valid.map((r) => r.row!.program))];
    const [holders, programs] = await db.batch([usersByEmailQuery(db, emails), programsByNameQuery(db, names)]);
    const byEmail = new Map(holders.map((h) => [h.email, h]));
    const byName = new Map(programs.map((p) => [p.name.toLowerCase(), p]));
    const now = new Date();
    const todayIso = isoDay(now);
    // Latest recorded date per person+program: from the file itself (earlier lines) and the database (checked in round trip 2).
    const seen = new Map<string, number>();
    const accepted: Array<{ line: number; row: CsvRow; holder: (typeof holders)[number]; program: (typeof programs)[number] }> = [];
    for (const r of rows) {
      if (!r.row) continue;
      const holder = byEmail.get(r.row.email);
      const program = byName.get(r.row.program.toLowerCase());
      if (!holder || !holder.partnerId || holder.status !== 'active') r.errors.push({ field: `${r.line}.email`, message: `Line ${r.line}: no active partner user with this email`, code: 'unknown_reference' });
      if (!program) r.errors.push({ field: `${r.line}.program`, message: `Line ${r.line}: no certification program with this name`, code: 'unknown_reference' });
      if (r.row.earnedOn > todayIso) r.errors.push({ field: `${r.line}.earnedOn`, message: `Line ${r.line}: cannot be in the future`, code: 'future_date' });
      if (holder && program) {
        const key = `${holder.id}|${program.id}`;
        const first = seen.get(key);
        if (first !== undefined) r.errors.push({ field: `${r.line}.email`, message: `Line ${r.line}: same person and program as line ${first}`, code: 'duplicate' });
        else seen.set(key, r.line);
      }
      if (r.errors.length === 0) accepted.push({ line: r.line, row: r.row, holder: holder!, program: program! });
    }
    const skipped = rows.filter((r) => r.errors.length).map((r) => ({ line: r.line, errors: r.errors }));
    if (skipped.length && skipInvalid !== 'true') throw invalid(skipped.flatMap((s) => s.errors), `${skipped.length} invalid row(s); nothing was imported.`);
    if (accepted.length === 0) return c.json({ imported: 0, skipped }, 200);

    // Round trip 2: a row whose person already holds the program from that date or later is
    // left out by its insert (NOT EXISTS), so re-importing the same file changes nothing; such
    // rows are reported as skipped (already_recorded) instead of failing the file.
    const statements: BatchItem<'sqlite'>[] = [];
    const inserts: Array<{ index: number; line: number; eventIds: string[] }> = [];
    for (const a of accepted) {
      const id = newId('crt');
      const row = {
        id,
        partnerId: a.holder.partnerId!,
        userId: a.holder.id,
        programId: a.program.id,
        earnedOn: a.row.earnedOn,
        expiresOn: expiryOf(a.row.earnedOn, a.program.validityMonths),
        credentialId: a.row.credentialId ?? null,
        status: 'verified' as const,
        decidedAt: now,
        decidedBy: actor.userId,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      };
      const view = certificationView({ ...row, rejectionReason: null, evidenceKey: null, evidenceType: null, evidenceSize: null, expiringNotifiedAt: null, userName: a.holder.name, userEmail: a.holder.email, partnerName: a.holder.partnerName ?? '', programName: a.program.name, programLevel: a.program.level });
      const ev = (type: string) => ({ id: newId('evt'), type, occurredAt: now, partnerId: row.partnerId, subjectType: 'certification', subjectId: id, data: { certification: view } });
      const rowEvents = [ev('certification.recorded'), ev('certification.verified')];
      inserts.push({ index: statements.length, line: a.line, eventIds: rowEvents.map((e) => e.id) });
      statements.push(...importCertificationStatements(db, row, rowEvents, now));
    }
    statements.push(auditInsert(c, { action: 'certifications.imported', objectType: 'certification', objectId: null, details: { rows: accepted.length, skipped: skipped.length }, at: now }));
    const results = (await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]])) as unknown as Array<{ rowsAffected?: number }>;
    let imported = 0;
    for (const ins of inserts) {
      if ((results[ins.index]?.rowsAffected ?? 0) > 0) {
        imported++;
        rememberEvents(c, ins.eventIds);
      } else {
        skipped.push({ line: ins.line, errors: [{ field: `${ins.line}.earnedOn`, message: `Line ${ins.line}: already recorded for this person and program from this date or later`, code: 'already_recorded' }] });
      }
    }
    skipped.sort((x, y) => x.line - y.line);
    return c.json({ imported, skipped }, 200);
  })
  .openapi(putEvidenceRoute, async (c) => {
    const db = c.get('db');
    const actor = userActor(c.get('actor'));
    const { id } = c.req.valid('param');
    const [[row]] = await db.batch([certificationQuery(db, id, certificationScope(actor))]);
    if (!row) throw notFound('No certification with this id.');
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!(EVIDENCE_TYPES as readonly string[]).includes(type)) {
      throw new ProblemError(415, { type: problemType('unsupported-media-type'), detail: `Evidence must be one of: ${EVIDENCE_TYPES.join(', ')}.` });
    }
    const bucket = c.env.CONTENT_BUCKET;
    if (!bucket) throw new ProblemError(503, { type: problemType('storage-unavailable'), detail: 'File storage is not configured.' });
    // The API's body limit (1 MiB) caps the size; the file is read whole so R2 gets its length.
    const bytes = await c.req.arrayBuffer();
    if (bytes.byteLength === 0) throw invalid([{ field: 'file', message: 'The file is empty', code: 'empty' }]);
    const key = `evidence/${row.partnerId}/${row.id}`;
    await bucket.put(key, bytes, { httpMetadata: { contentType: type } });
    const now = new Date();
    await db.batch([
      setEvidence(db, id, { evidenceKey: key, evidenceType: type, evidenceSize: bytes.byteLength, updatedAt: now }),
      auditInsert(c, { action: 'certification.evidence_uploaded', objectType: 'certification', objectId: id, partnerId: row.partnerId, details: { contentType: type, size: bytes.byteLength }, at: now }),
    ]);
    return c.json(certificationView({ ...row, evidenceKey: key, evidenceType: type, evidenceSize: bytes.byteLength, updatedAt: now }), 200);
  })
  .openapi(getEvidenceRoute, async (c) => {
    const db = c.get('db');
    const actor = userActor(c.get('actor'));
    const { id } = c.req.valid('param');
    // Partner admins see their company's evidence, reps their own (the same scope as the list).
    const [[row]] = await db.batch([certificationQuery(db, id, certificationScope(actor))]);
    if (!row) throw notFound('No certification with this id.');
    const object = row.evidenceKey ? await c.env.CONTENT_BUCKET?.get(row.evidenceKey) : null;
    if (!object) throw notFound('This certification has no evidence file.');
    return new Response(object.body, {
      status: 200,
      headers: {
        'content-type': row.evidenceType ?? 'application/octet-stream',
        'content-length': String(object.size),
        'content-disposition': `attachment; filename="${row.id}-evidence"`,
        'cache-control': 'private, no-store',
      },
    }) as never;
  })
  .openapi(verifyRoute, async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    const [[row]] = await db.batch([certificationQuery(db, id)]);
    if (!row) throw notFound('No certification with this id.');
    if (row.status !== 'pending') throw notPending(row.status);
    const now = new Date();
    const actor = userActor(c.get('actor'));
    const after: CertificationView = { ...row, status: 'verified', decidedAt: now, decidedBy: actor.userId, updatedAt: now };
    const [updated] = await db.batch([
      decideCertification(db, id, { status: 'verified', decidedAt: now, decidedBy: actor.userId, updatedAt: now }),
      supersedeOlder(db, row.userId, row.programId, row.earnedOn, now),
      ...ifDecided(c, id, 'verified', now, { action: 'certification.verified', objectType: 'certification', objectId: id, partnerId: row.partnerId, at: now }, { type: 'certification.verified', row: after }),
    ]);
    if (updated.length === 0) throw notPending('already decided');
    return c.json(certificationView(after), 200);
  })
  .openapi(rejectRoute, async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const [[row]] = await db.batch([certificationQuery(db, id)]);
    if (!row) throw notFound('No certification with this id.');
    if (row.status !== 'pending') throw notPending(row.status);
    const now = new Date();
    const actor = userActor(c.get('actor'));
    const after: CertificationView = { ...row, status: 'rejected', rejectionReason: reason, decidedAt: now, decidedBy: actor.userId, updatedAt: now };
    const [updated] = await db.batch([
      decideCertification(db, id, { status: 'rejected', rejectionReason: reason, decidedAt: now, decidedBy: actor.userId, updatedAt: now }),
      ...ifDecided(c, id, 'rejected', now, { action: 'certification.rejected', objectType: 'certification', objectId: id, partnerId: row.partnerId, details: { reason }, at: now }, { type: 'certification.rejected', row: after }),
    ]);
    if (updated.length === 0) throw notPending('already decided');
    return c.json(certificationView(after), 200);
  });
