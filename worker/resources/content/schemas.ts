import { z } from 'zod';
import { CONTENT_CATEGORIES, CONTENT_STATUSES } from '../../../db/schema/content-enums.ts';
import { PARTNER_TYPES } from '../../../db/schema/partners.ts';

const isoDateTime = z.iso.datetime();

export const ContentSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    category: z.enum(CONTENT_CATEGORIES),
    tags: z.array(z.string()),
    minTierId: z.string().nullable(),
    partnerTypes: z.array(z.enum(PARTNER_TYPES)).meta({ description: 'Partner types that see the asset; empty = all' }),
    status: z.enum(CONTENT_STATUSES),
    expiresAt: isoDateTime.nullable(),
    publishedAt: isoDateTime.nullable(),
    version: z.number().int(),
    fileName: z.string(),
    size: z.number().int().meta({ description: 'Bytes' }),
    contentType: z.string(),
    sha256: z.string().meta({ description: 'Hex SHA-256 of the current file (also its ETag)' }),
    downloadCount: z.number().int(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'ContentAsset' });

export const ContentPageSchema = z
  .object({ items: z.array(ContentSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ContentPage' });

export const ContentListQuerySchema = z.object({
  q: z.string().trim().max(100).optional().meta({ description: 'Search in title, description, file name and tags' }),
  category: z.enum(CONTENT_CATEGORIES).optional(),
  tag: z.string().trim().max(40).optional(),
  status: z.enum(CONTENT_STATUSES).optional().meta({ description: 'Staff only (default: drafts and published)' }),
  sort: z.enum(['newest', 'popular']).default('newest'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/** Empty form fields count as absent: an HTML form sends every input, filled or not. */
const optionalText = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const tag = z.string().trim().min(1).max(40);

/**
 * The asset fields of an upload: `multipart/form-data` fields, or query parameters when the
 * body is the raw file. Repeated fields (`tags`, `partnerTypes`) arrive as arrays.
 */
export const ContentFieldsSchema = z
  .strictObject({
    title: z.string().trim().min(1, 'Required').max(200),
    description: optionalText(z.string().trim().max(2000)),
    category: z.enum(CONTENT_CATEGORIES),
    tags: z.array(tag).max(20).default([]),
    minTierId: optionalText(z.string().max(64)),
    partnerTypes: z.array(z.enum(PARTNER_TYPES)).default([]),
    status: z.enum(['draft', 'published']),
    expiresAt: optionalText(isoDateTime),
    fileName: optionalText(z.string().max(255)).meta({ description: 'Raw-body uploads: the file name (multipart: taken from the file part)' }),
    upload: optionalText(z.string().max(200)).meta({ description: 'Key of a completed multipart upload to use instead of a file' }),
  })
  .meta({ id: 'ContentFields' });

/** Fields of `POST /content/{id}/versions` besides the file. */
export const VersionFieldsSchema = ContentFieldsSchema.pick({ fileName: true, upload: true });

export const ContentPatchSchema = z
  .strictObject({
    title: ContentFieldsSchema.shape.title.optional(),
    description: z.string().trim().max(2000).nullable().optional(),
    category: z.enum(CONTENT_CATEGORIES).optional(),
    tags: z.array(tag).max(20).optional(),
    minTierId: z.string().max(64).nullable().optional(),
    partnerTypes: z.array(z.enum(PARTNER_TYPES)).optional(),
    status: z.enum(CONTENT_STATUSES).optional(),
    expiresAt: isoDateTime.nullable().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'Change at least one field' })
  .meta({ id: 'ContentPatch' });

export const ContentVersionSchema = z
  .object({
    version: z.number().int(),
    fileName: z.string(),
    size: z.number().int(),
    contentType: z.string(),
    sha256: z.string(),
    restoredFrom: z.number().int().nullable(),
    current: z.boolean(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'ContentVersion' });

export const ContentVersionListSchema = z.object({ items: z.array(ContentVersionSchema) }).meta({ id: 'ContentVersionList' });

export const VersionParams = z.object({
  id: z.string().min(1).max(64).meta({ param: { name: 'id', in: 'path' } }),
  version: z.coerce.number().int().min(1).meta({ param: { name: 'version', in: 'path' } }),
});

export const DownloadStatsSchema = z
  .object({
    total: z.number().int(),
    distinctPartners: z.number().int(),
    partners: z.array(z.object({ partnerId: z.string().nullable(), partnerName: z.string().nullable(), downloads: z.number().int(), lastAt: isoDateTime })),
    trend: z.array(z.object({ day: z.iso.date(), downloads: z.number().int() })).meta({ description: 'Downloads per day (UTC), last 30 days, days without downloads left out' }),
  })
  .meta({ id: 'ContentDownloadStats' });

export const UploadCreateSchema = z
  .strictObject({
    fileName: z.string().trim().min(1).max(255),
    contentType: z.string().trim().max(200).default('application/octet-stream'),
    size: z.number().int().min(1),
  })
  .meta({ id: 'ContentUploadCreate' });

export const UploadSchema = z
  .object({ uploadId: z.string(), key: z.string(), partSize: z.number().int() })
  .meta({ id: 'ContentUpload' });

export const UploadParams = z.object({
  uploadId: z.string().min(1).max(1024).meta({ param: { name: 'uploadId', in: 'path' } }),
});
export const PartParams = UploadParams.extend({
  partNumber: z.coerce.number().int().min(1).max(10000).meta({ param: { name: 'partNumber', in: 'path' } }),
});
export const UploadKeyQuery = z.object({ key: z.string().regex(/^files\/[a-z0-9_]+$/, 'Not an upload key') });

export const PartSchema = z.object({ partNumber: z.number().int(), etag: z.string() }).meta({ id: 'ContentUploadPart' });

export const UploadCompleteSchema = z
  .strictObject({ key: UploadKeyQuery.shape.key, parts: z.array(PartSchema).min(1).max(10000) })
  .meta({ id: 'ContentUploadComplete' });

export const UploadDoneSchema = z.object({ upload: z.string(), size: z.number().int() }).meta({ id: 'ContentUploadDone' });
