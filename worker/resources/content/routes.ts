import type { Context } from 'hono';
import type { z } from 'zod';
import {
  contentByIdQuery,
  contentListQuery,
  downloadStatsQueries,
  maxUploadQuery,
  recordDownload,
  tierByIdQuery,
  toMaxUploadBytes,
  versionQuery,
  versionsQuery,
  type ContentViewer,
  archiveAsset,
  insertAssetStatements,
  addVersionStatements,
  updateAsset,
} from '../../../db/queries/content.ts';
import type { contentAssets } from '../../../db/schema/index.ts';
import type { ContentStatus } from '../../../db/schema/content-enums.ts';
import { emitEvent } from '../../events/emit.ts';
import { isStaffRole } from '../../domain/permissions.ts';
import { auditInsert, auditInsertIfPreviousChanged } from '../../lib/audit.ts';
import { decodeCursor, pageFrom } from '../../lib/cursor.ts';
import { newId } from '../../lib/ids.ts';
import { notFound, ProblemError, problemType } from '../../lib/problem.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter, fieldErrors } from '../../lib/router.ts';
import { errorResponses, IdParam, problemContent } from '../../lib/schemas.ts';
import type { AppEnv } from '../../lib/types.ts';
import { log } from '../../middleware/logger.ts';
import { cleanFileName, contentDisposition, etagFor, eventsFor, matchesIfNoneMatch, rangeSatisfiable } from './rules.ts';
import {
  ContentFieldsSchema,
  ContentListQuerySchema,
  ContentPageSchema,
  ContentPatchSchema,
  ContentSchema,
  ContentVersionListSchema,
  DownloadStatsSchema,
  PartParams,
  PartSchema,
  UploadCompleteSchema,
  UploadCreateSchema,
  UploadDoneSchema,
  UploadKeyQuery,
  UploadParams,
  UploadSchema,
  VersionFieldsSchema,
  VersionParams,
} from './schemas.ts';
import { newObjectKey, storedUpload, streamToBucket, tooLarge, UPLOAD_PART_BYTES, type StoredFile } from './storage.ts';

type Asset = typeof contentAssets.$inferSelect;
type Ctx = Context<AppEnv>;

/**
 * `multipart/form-data` bodies are read with `request.formData()`, which holds the body in
 * memory, so they are capped here; larger files go as the raw request body (streamed) or in
 * parts (docs/decisions/005-content-uploads.md).
 */
export const MULTIPART_MAX_BYTES = 25 * 1024 * 1024;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const view = (a: Asset) => ({
  id: a.id,
  title: a.title,
  description: a.description,
  category: a.category,
  tags: a.tags,
  minTierId: a.minTierId,
  partnerTypes: a.partnerTypes,
  status: a.status,
  expiresAt: iso(a.expiresAt),
  publishedAt: iso(a.publishedAt),
  version: a.version,
  fileName: a.fileName,
  size: a.size,
  contentType: a.contentType,
  sha256: a.sha256,
  downloadCount: a.downloadCount,
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
});

function viewerOf(c: Ctx): ContentViewer {
  const actor = c.get('actor')!;
  if (actor.kind === 'user' && !isStaffRole(actor.role) && actor.partnerId) return { kind: 'partner', partnerId: actor.partnerId };
  return { kind: 'staff' };
}

const bucketOf = (c: Ctx) => c.env.CONTENT_BUCKET;

const validationProblem = (detail: string, errors: { field: string; message: string; code?: string }[]) =>
  new ProblemError(422, { type: problemType('validation'), title: 'Validation failed', detail, errors });

const contentTag = ['Content'];
const assetJson = json(ContentSchema);
const tooLarge413 = { 413: { description: 'Over the upload size limit (program setting); the limit is in the message', content: problemContent } };

/** Request body of the two upload routes, for the OpenAPI document only (the handler reads the body itself, streaming). */
const uploadBody = (fields: Record<string, unknown>, required: string[]) => ({
  required: false,
  description:
    '`multipart/form-data` with a `file` part and the fields (up to 25 MB). Or the raw file as the body (any other Content-Type, which becomes the file\'s; Content-Length required; streamed, up to the size limit) with the fields as query parameters. Or no body and `upload` naming a completed multipart upload.',
  content: {
    'multipart/form-data': {
      schema: { type: 'object', required: ['file', ...required], properties: { file: { type: 'string', format: 'binary' }, ...fields } },
    },
    'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
  },
});
const fieldDocs = {
  title: { type: 'string' },
  description: { type: 'string' },
  category: { type: 'string', enum: ContentFieldsSchema.shape.category.options },
  tags: { type: 'array', items: { type: 'string' } },
  minTierId: { type: 'string' },
  partnerTypes: { type: 'array', items: { type: 'string' } },
  status: { type: 'string', enum: ['draft', 'published'] },
  expiresAt: { type: 'string', format: 'date-time' },
};

const listRoute = defineRoute(
  { permission: 'content:read' },
  {
    method: 'get',
    path: '/content',
    tags: contentTag,
    summary: 'The content library (partners: what their tier and type may see; staff: all but archived)',
    request: { query: ContentListQuerySchema },
    responses: { 200: { description: 'A page of assets', content: json(ContentPageSchema) }, ...errorResponses },
  },
);

const createRoute = defineRoute(
  { permission: 'content:manage' },
  {
    method: 'post',
    path: '/content',
    tags: contentTag,
    summary: 'Upload a new asset',
    request: { body: uploadBody(fieldDocs, ['title', 'category', 'status']) as never },
    responses: { 201: { description: 'The asset', content: assetJson }, ...errorResponses, ...tooLarge413 },
  },
);

const getRoute = defineRoute(
  { permission: 'content:read', tenant: 'content' },
  {
    method: 'get',
    path: '/content/{id}',
    tags: contentTag,
    summary: 'One asset (404 when the partner may not see it)',
    request: { params: IdParam },
    responses: { 200: { description: 'The asset', content: assetJson }, ...errorResponses },
  },
);

const patchRoute = defineRoute(
  { permission: 'content:manage' },
  {
    method: 'patch',
    path: '/content/{id}',
    tags: contentTag,
    summary: 'Edit, publish or unpublish an asset',
    request: { params: IdParam, body: { required: true, content: json(ContentPatchSchema) } },
    responses: { 200: { description: 'The asset', content: assetJson }, ...errorResponses },
  },
);

const deleteRoute = defineRoute(
  { permission: 'content:manage' },
  {
    method: 'delete',
    path: '/content/{id}',
    tags: contentTag,
    summary: 'Archive an asset (kept with its stats; partners never see it again)',
    request: { params: IdParam },
    responses: { 200: { description: 'The archived asset', content: assetJson }, ...errorResponses },
  },
);

const versionsRoute = defineRoute(
  { permission: 'content:manage' },
  {
    method: 'get',
    path: '/content/{id}/versions',
    tags: contentTag,
    summary: 'Every version of an asset, newest first',
    request: { params: IdParam },
    responses: { 200: { description: 'Versions', content: json(ContentVersionListSchema) }, ...errorResponses },
  },
);

const newVersionRoute = defineRoute(
  { permission: 'content:manage' },
  {
    method: 'post',
    path: '/content/{id}/versions',
    tags: contentTag,
    summary: 'Upload a new version (partners get the latest)',
    request: { params: IdParam, body: uploadBody({}, []) as never },
    responses: { 201: { description: 'The asset at its new version', content: assetJson }, ...errorResponses, ...tooLarge413 },
  },
);

const restoreRoute = defineRoute(
  { permission: 'content:manage' },
  {
    method: 'post',
    path: '/content/{id}/versions/{version}/restore',
    tags: contentTag,
    summary: 'Make an earlier version current again (as a new version with the same file)',
    request: { params: VersionParams },
    responses: { 200: { description: 'The asset at its new version', content: assetJson }, ...errorResponses },
  },
);

const downloadRoute = defineRoute(
  { permission: 'content:read', tenant: 'content' },
  {
    method: 'get',
    path: '/content/{id}/download',
    tags: contentTag,
    summary: 'Download the current file (streamed; Range and If-None-Match supported; recorded)',
    request: { params: IdParam },
    responses: {
      200: { description: 'The file', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } as never } } },
      206: { description: 'The requested byte range', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } as never } } },
      304: { description: 'Not modified (If-None-Match matched the ETag)' },
      416: { description: 'Range not satisfiable', content: problemContent },
      ...errorResponses,
    },
  },
);

const statsRoute = defineRoute(
  { permission: 'content:manage' },
  {
    method: 'get',
    path: '/content/{id}/downloads',
    tags: contentTag,
    summary: 'Download statistics: totals, distinct partners, per partner, per day',
    request: { params: IdParam },
    responses: { 200: { description: 'Statistics', content: json(DownloadStatsSchema) }, ...errorResponses },
  },
);

const uploadCreateRoute = defineRoute(
  { permission: 'content:manage' },
  {
    method: 'post',
    path: '/content/uploads',
    tags: contentTag,
    summary: 'Start a multipart upload (files above the single-request limit; the portal sends parts)',
    request: { body: { required: true, content: json(UploadCreateSchema) } },
    responses: { 201: { description: 'Upload id, key and part size', content: json(UploadSchema) }, ...errorResponses, ...tooLarge413 },
  },
);

const uploadPartRoute = defineRoute(
  { permission: 'content:manage' },
  {
    method: 'put',
    path: '/content/uploads/{uploadId}/parts/{partNumber}',
    tags: contentTag,
    summary: 'Upload one part (raw body; every part but the last exactly `partSize` bytes)',
    request: { params: PartParams, query: UploadKeyQuery },
    responses: { 200: { description: 'The part', content: json(PartSchema) }, ...errorResponses },
  },
);

const uploadCompleteRoute = defineRoute(
  { permission: 'content:manage' },
  {
    method: 'post',
    path: '/content/uploads/{uploadId}/complete',
    tags: contentTag,
    summary: 'Complete a multipart upload; then create an asset or version with `upload` = key',
    request: { params: UploadParams, body: { required: true, content: json(UploadCompleteSchema) } },
    responses: { 200: { description: 'The completed upload', content: json(UploadDoneSchema) }, ...errorResponses, ...tooLarge413 },
  },
);

const uploadAbortRoute = defineRoute(
  { permission: 'content:manage' },
  {
    method: 'delete',
    path: '/content/uploads/{uploadId}',
    tags: contentTag,
    summary: 'Abort a multipart upload',
    request: { params: UploadParams, query: UploadKeyQuery },
    responses: { 204: { description: 'Aborted' }, ...errorResponses },
  },
);

/** Where an upload's file comes from. */
type FileSource =
  | { kind: 'form'; file: File }
  | { kind: 'raw'; body: ReadableStream<Uint8Array>; length: number; contentType: string }
  | { kind: 'upload'; key: string };

/**
 * The fields and the file of an upload request, validated before any byte reaches R2.
 * `multipart/form-data` (bounded, buffered by workerd) or raw body + query fields (streamed).
 */
async function readUpload<S extends z.ZodType>(c: Ctx, schema: S, allowed: readonly string[]): Promise<{ fields: z.output<S>; source: FileSource }> {
  const type = c.req.header('content-type') ?? '';
  const length = c.req.header('content-length');
  const isForm = /^multipart\/form-data/i.test(type);
  let values: Map<string, string[]>;
  let file: File | null = null;
  if (isForm) {
    if (length === undefined || Number(length) > MULTIPART_MAX_BYTES) {
      throw new ProblemError(413, {
        type: problemType('too-large'),
        detail: `multipart/form-data uploads are limited to ${MULTIPART_MAX_BYTES} bytes with a Content-Length; send larger files as the raw request body (fields as query parameters) or in parts.`,
      });
    }
    const form = await c.req.raw.formData();
    values = new Map();
    for (const [key, value] of form.entries()) {
      if (key === 'file' && typeof value !== 'string') file = value as unknown as File;
      else if (typeof value === 'string') values.set(key, [...(values.get(key) ?? []), value]);
      else throw validationProblem('Only the `file` field may be a file.', [{ field: key, message: 'Not a file field', code: 'unexpected_file' }]);
    }
  } else {
    const url = new URL(c.req.url);
    values = new Map();
    for (const [key, value] of url.searchParams) values.set(key, [...(values.get(key) ?? []), value]);
  }
  const unknown = [...values.keys()].filter((k) => !allowed.includes(k));
  if (unknown.length) {
    throw validationProblem(`Unknown field(s): ${unknown.join(', ')}.`, unknown.map((field) => ({ field, message: 'Unknown field', code: 'unrecognized_keys' })));
  }
  const arrays = new Set(['tags', 'partnerTypes']);
  const raw = Object.fromEntries([...values].map(([k, v]) => [k, arrays.has(k) ? v : v[v.length - 1]]));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationProblem(`The upload has ${parsed.error.issues.length} invalid field(s).`, fieldErrors(parsed.error));
  const fields = parsed.data as z.output<S> & { upload?: string; fileName?: string };

  let source: FileSource;
  if (fields.upload) {
    if (!/^files\/[a-z0-9_]+$/.test(fields.upload)) throw validationProblem('Not an upload key.', [{ field: 'upload', message: 'Not an upload key' }]);
    source = { kind: 'upload', key: fields.upload };
  } else if (isForm) {
    if (!file) throw validationProblem('The file is missing.', [{ field: 'file', message: 'Required', code: 'invalid_type' }]);
    source = { kind: 'form', file };
  } else {
    if (!c.req.raw.body || length === undefined) {
      throw new ProblemError(411, {
        type: problemType('length-required'),
        detail: 'Send the file as the request body with a Content-Length (or as multipart/form-data).',
      });
    }
    if (!fields.fileName) throw validationProblem('The file name is missing.', [{ field: 'fileName', message: 'Required with a raw body', code: 'invalid_type' }]);
    source = { kind: 'raw', body: c.req.raw.body, length: Number(length), contentType: type || 'application/octet-stream' };
  }
  return { fields, source };
}

/** Puts the file into R2 (or finds the completed upload), enforcing the size limit. */
async function storeFile(c: Ctx, source: FileSource, fileName: string | undefined, limit: number): Promise<StoredFile> {
  const bucket = bucketOf(c);
  if (source.kind === 'upload') return storedUpload(bucket, source.key, limit);
  if (source.kind === 'form') {
    if (source.file.size > limit) throw tooLarge(limit);
    return streamToBucket(bucket, newObjectKey(), source.file.stream() as ReadableStream<Uint8Array>, source.file.size, {
      contentType: source.file.type || 'application/octet-stream',
      fileName: cleanFileName(source.file.name || fileName || 'file'),
    });
  }
  if (source.length > limit) throw tooLarge(limit);
  return streamToBucket(bucket, newObjectKey(), source.body, source.length, {
    contentType: source.contentType,
    fileName: cleanFileName(fileName ?? 'file'),
  });
}

/** Best effort: an object whose database write failed is removed again. */
async function discard(c: Ctx, file: StoredFile, err: unknown): Promise<never> {
  await bucketOf(c)
    .delete(file.key)
    .catch(() => {});
  throw err;
}

const unknownTier = () => validationProblem('No tier with that id.', [{ field: 'minTierId', message: 'No tier with that id', code: 'unknown_tier' }]);

/** Outbox rows for the events a change publishes (same batch as the change). */
function contentEvents(c: Ctx, before: { status: ContentStatus } | null, after: Asset, newFile: boolean) {
  return eventsFor(before, after, newFile).map((type) =>
    emitEvent(c, { type, subjectType: 'content', subjectId: after.id, partnerId: null, data: { content: view(after) } }),
  );
}

/** The asset with `file` as its new current version, and the statements that write it. */
function newVersionStatements(c: Ctx, asset: Asset, file: Omit<StoredFile, 'key'> & { key: string }, restoredFrom: number | null) {
  const db = c.get('db');
  const actor = c.get('actor')!;
  const now = new Date();
  const next: Asset = { ...asset, ...fileColumns(file), version: asset.version + 1, updatedAt: now };
  const statements = [
    ...addVersionStatements(db, {
      id: newId('cver'),
      assetId: asset.id,
      file: fileColumns(file),
      restoredFrom,
      createdBy: actor.kind === 'user' ? actor.userId : null,
      at: now,
    }),
    auditInsert(c, {
      action: restoredFrom ? 'content.version_restored' : 'content.version_added',
      objectType: 'content',
      objectId: asset.id,
      details: { fileName: file.fileName, size: file.size, sha256: file.sha256, restoredFrom },
      at: now,
    }),
    ...contentEvents(c, asset, next, true),
  ] as const;
  return { next, statements };
}

const fileColumns = (f: StoredFile) => ({ objectKey: f.key, fileName: f.fileName, size: f.size, contentType: f.contentType, sha256: f.sha256 });

export const contentRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const db = c.get('db');
    const query = c.req.valid('query');
    const viewer = viewerOf(c);
    const [rows] = await db.batch([
      contentListQuery(db, viewer, { ...query, status: viewer.kind === 'staff' ? query.status : undefined, after: decodeCursor(query.cursor) }, new Date()),
    ]);
    const page = pageFrom(rows, query.limit, (a) => ({ at: query.sort === 'popular' ? a.downloadCount : a.createdAt.getTime(), id: a.id }));
    return c.json({ items: page.items.map(view), nextCursor: page.nextCursor }, 200);
  })
  .openapi(uploadCreateRoute, async (c) => {
    const db = c.get('db');
    const body = c.req.valid('json');
    const [limitRows] = await db.batch([maxUploadQuery(db)]);
    const limit = toMaxUploadBytes(limitRows);
    if (body.size > limit) throw tooLarge(limit);
    const key = newObjectKey();
    const upload = await bucketOf(c).createMultipartUpload(key, {
      httpMetadata: { contentType: body.contentType },
      customMetadata: { fileName: cleanFileName(body.fileName) },
    });
    return c.json({ uploadId: upload.uploadId, key, partSize: UPLOAD_PART_BYTES }, 201);
  })
  .openapi(uploadPartRoute, async (c) => {
    const db = c.get('db');
    const { uploadId, partNumber } = c.req.valid('param');
    const { key } = c.req.valid('query');
    const length = c.req.header('content-length');
    if (!c.req.raw.body || length === undefined) {
      throw new ProblemError(411, { type: problemType('length-required'), detail: 'Send the part as the request body with a Content-Length.' });
    }
    if (Number(length) > UPLOAD_PART_BYTES) throw new ProblemError(413, { type: problemType('too-large'), detail: `Parts are at most ${UPLOAD_PART_BYTES} bytes.` });
    // The session is verified with this first database call, before a byte is written.
    await db.batch([maxUploadQuery(db)]);
    try {
      const part = await bucketOf(c).resumeMultipartUpload(key, uploadId).uploadPart(partNumber, c.req.raw.body);
      return c.json({ partNumber: part.partNumber, etag: part.etag }, 200);
    } catch (err) {
      log('warn', 'upload part failed', { requestId: c.get('requestId'), error: String(err) });
      throw notFound('No open upload with that id and key.');
    }
  })
  .openapi(uploadCompleteRoute, async (c) => {
    const db = c.get('db');
    const { uploadId } = c.req.valid('param');
    const body = c.req.valid('json');
    const [limitRows] = await db.batch([maxUploadQuery(db)]);
    const limit = toMaxUploadBytes(limitRows);
    let object: R2Object;
    try {
      object = await bucketOf(c).resumeMultipartUpload(body.key, uploadId).complete(body.parts);
    } catch (err) {
      throw new ProblemError(422, {
        type: problemType('validation'),
        detail: `The upload could not be completed: ${err instanceof Error ? err.message : String(err)}`,
        errors: [{ field: 'parts', message: 'Parts do not match the upload', code: 'invalid_parts' }],
      });
    }
    if (object.size > limit) {
      await bucketOf(c).delete(body.key);
      throw tooLarge(limit);
    }
    return c.json({ upload: body.key, size: object.size }, 200);
  })
  .openapi(uploadAbortRoute, async (c) => {
    const db = c.get('db');
    const { uploadId } = c.req.valid('param');
    const { key } = c.req.valid('query');
    await db.batch([maxUploadQuery(db)]);
    await bucketOf(c)
      .resumeMultipartUpload(key, uploadId)
      .abort()
      .catch(() => {});
    return c.body(null, 204);
  })
  .openapi(createRoute, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor')!;
    const { fields, source } = await readUpload(c, ContentFieldsSchema, Object.keys(ContentFieldsSchema.shape));
    const [limitRows, tierRows] = await db.batch([maxUploadQuery(db), tierByIdQuery(db, fields.minTierId ?? '')]);
    if (fields.minTierId && !tierRows[0]) throw unknownTier();
    const file = await storeFile(c, source, fields.fileName, toMaxUploadBytes(limitRows));
    const now = new Date();
    const asset: Asset = {
      id: newId('cnt'),
      title: fields.title,
      description: fields.description ?? null,
      category: fields.category,
      tags: [...new Set(fields.tags)],
      minTierId: fields.minTierId ?? null,
      partnerTypes: [...new Set(fields.partnerTypes)],
      status: fields.status,
      expiresAt: fields.expiresAt ? new Date(fields.expiresAt) : null,
      publishedAt: fields.status === 'published' ? now : null,
      version: 1,
      ...fileColumns(file),
      downloadCount: 0,
      createdBy: actor.kind === 'user' ? actor.userId : null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await db.batch([
        ...insertAssetStatements(db, asset, newId('cver')),
        auditInsert(c, { action: 'content.created', objectType: 'content', objectId: asset.id, details: { ...fields, size: file.size, sha256: file.sha256 }, at: now }),
        ...contentEvents(c, null, asset, true),
      ]);
    } catch (err) {
      await discard(c, file, err);
    }
    c.header('location', `/api/v1/content/${asset.id}`);
    return c.json(view(asset), 201);
  })
  .openapi(getRoute, async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    const [rows] = await db.batch([contentByIdQuery(db, viewerOf(c), id, new Date())]);
    if (!rows[0]) throw notFound('No asset with that id.');
    return c.json(view(rows[0]), 200);
  })
  .openapi(patchRoute, async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    const [rows, tierRows] = await db.batch([contentByIdQuery(db, { kind: 'staff' }, id, new Date()), tierByIdQuery(db, patch.minTierId ?? '')]);
    const before = rows[0];
    if (!before) throw notFound('No asset with that id.');
    if (patch.minTierId && !tierRows[0]) throw unknownTier();
    const now = new Date();
    const { expiresAt: _expiresAt, ...plain } = patch;
    const changes: Partial<Asset> & { updatedAt: Date } = {
      ...plain,
      ...(patch.tags ? { tags: [...new Set(patch.tags)] } : {}),
      ...(patch.partnerTypes ? { partnerTypes: [...new Set(patch.partnerTypes)] } : {}),
      ...(patch.expiresAt !== undefined ? { expiresAt: patch.expiresAt ? new Date(patch.expiresAt) : null } : {}),
      ...(patch.status === 'published' && before.status !== 'published' ? { publishedAt: now } : {}),
      updatedAt: now,
    };
    const after: Asset = { ...before, ...changes };
    await db.batch([
      updateAsset(db, id, changes),
      auditInsert(c, { action: 'content.updated', objectType: 'content', objectId: id, details: patch, at: now }),
      ...contentEvents(c, before, after, false),
    ]);
    return c.json(view(after), 200);
  })
  .openapi(deleteRoute, async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    const now = new Date();
    const [updated] = await db.batch([
      archiveAsset(db, id, now),
      // Audited only when the asset existed.
      auditInsertIfPreviousChanged(c, { action: 'content.archived', objectType: 'content', objectId: id, at: now }),
    ]);
    if (!updated[0]) throw notFound('No asset with that id.');
    return c.json(view(updated[0]), 200);
  })
  .openapi(versionsRoute, async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    const [rows, versions] = await db.batch([contentByIdQuery(db, { kind: 'staff' }, id, new Date()), versionsQuery(db, id)]);
    const asset = rows[0];
    if (!asset) throw notFound('No asset with that id.');
    return c.json(
      {
        items: versions.map((v) => ({
          version: v.version,
          fileName: v.fileName,
          size: v.size,
          contentType: v.contentType,
          sha256: v.sha256,
          restoredFrom: v.restoredFrom,
          current: v.version === asset.version,
          createdAt: v.createdAt.toISOString(),
        })),
      },
      200,
    );
  })
  .openapi(newVersionRoute, async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    const { fields, source } = await readUpload(c, VersionFieldsSchema, Object.keys(VersionFieldsSchema.shape));
    const [rows, limitRows] = await db.batch([contentByIdQuery(db, { kind: 'staff' }, id, new Date()), maxUploadQuery(db)]);
    const asset = rows[0];
    if (!asset) throw notFound('No asset with that id.');
    const file = await storeFile(c, source, fields.fileName, toMaxUploadBytes(limitRows));
    const { next, statements } = newVersionStatements(c, asset, file, null);
    try {
      await db.batch(statements);
    } catch (err) {
      await discard(c, file, err);
    }
    return c.json(view(next), 201);
  })
  .openapi(restoreRoute, async (c) => {
    const db = c.get('db');
    const { id, version } = c.req.valid('param');
    const [rows, versions] = await db.batch([contentByIdQuery(db, { kind: 'staff' }, id, new Date()), versionQuery(db, id, version)]);
    const asset = rows[0];
    const old = versions[0];
    if (!asset || !old) throw notFound('No such version of that asset.');
    const { next, statements } = newVersionStatements(c, asset, { ...old, key: old.objectKey }, version);
    await db.batch(statements);
    return c.json(view(next), 200);
  })
  .openapi(downloadRoute, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor')!;
    const { id } = c.req.valid('param');
    const [rows] = await db.batch([contentByIdQuery(db, viewerOf(c), id, new Date())]);
    const asset = rows[0];
    if (!asset) throw notFound('No asset with that id.');
    const etag = etagFor(asset.sha256);
    const headers: Record<string, string> = {
      etag,
      'accept-ranges': 'bytes',
      'cache-control': 'private, no-cache',
    };
    if (matchesIfNoneMatch(c.req.header('if-none-match'), etag)) return new Response(null, { status: 304, headers }) as never;

    const range = c.req.header('range');
    const unsatisfiable = () =>
      new ProblemError(416, { type: problemType('range-not-satisfiable'), title: 'Range not satisfiable', detail: `The file has ${asset.size} bytes.` }, { 'content-range': `bytes */${asset.size}` });
    if (range && !rangeSatisfiable(range, asset.size)) throw unsatisfiable();
    let object: R2ObjectBody | null;
    try {
      object = await bucketOf(c).get(asset.objectKey, range ? { range: c.req.raw.headers } : {});
    } catch {
      throw unsatisfiable();
    }
    if (!object) {
      log('error', 'content object missing', { requestId: c.get('requestId'), assetId: asset.id, key: asset.objectKey });
      throw notFound('The file of this asset is missing from storage.');
    }
    // R2 parses the Range header; it reports the range it served as offset/length or suffix.
    const served = range ? (object.range as { offset?: number; length?: number; suffix?: number } | undefined) : undefined;
    const offset = served?.suffix !== undefined ? Math.max(0, asset.size - served.suffix) : (served?.offset ?? 0);
    const length = served ? (served.suffix !== undefined ? asset.size - offset : Math.min(served.length ?? asset.size - offset, asset.size - offset)) : asset.size;
    if (served && (offset >= asset.size || length <= 0)) {
      await object.body.cancel();
      throw unsatisfiable();
    }
    const partial = served !== undefined && !(offset === 0 && length === asset.size);
    Object.assign(headers, {
      'content-type': asset.contentType,
      'content-disposition': contentDisposition(asset.fileName),
      'content-length': String(length),
      ...(partial ? { 'content-range': `bytes ${offset}-${offset + length - 1}/${asset.size}` } : {}),
    });
    // A download is one response that starts at the first byte; resumed ranges do not count again.
    if (offset === 0) {
      c.executionCtx.waitUntil(
        db
          .batch(
            recordDownload(db, {
              id: newId('cdl'),
              assetId: asset.id,
              version: asset.version,
              userId: actor.kind === 'user' ? actor.userId : null,
              partnerId: actor.kind === 'user' ? actor.partnerId : null,
              at: new Date(),
            }),
          )
          .catch((err: unknown) => log('error', 'could not record a download', { requestId: c.get('requestId'), error: String(err) })),
      );
    }
    return new Response(object.body, { status: partial ? 206 : 200, headers }) as never;
  })
  .openapi(statsRoute, async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    const since = new Date(Date.now() - 30 * 86_400_000);
    const [rows, totals, perPartner, trend] = await db.batch([contentByIdQuery(db, { kind: 'staff' }, id, new Date()), ...downloadStatsQueries(db, id, since)]);
    if (!rows[0]) throw notFound('No asset with that id.');
    return c.json(
      {
        total: Number(totals[0]?.total ?? 0),
        distinctPartners: Number(totals[0]?.partners ?? 0),
        partners: perPartner.map((p) => ({ ...p, downloads: Number(p.downloads), lastAt: new Date(Number(p.lastAt)).toISOString() })),
        trend: trend.map((t) => ({ day: new Date(Number(t.day) * 86_400_000).toISOString().slice(0, 10), downloads: Number(t.downloads) })),
      },
      200,
    );
  });
