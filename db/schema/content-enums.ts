/** Vocabulary of the content library, shared by the schema, the API and the seed. */
export const CONTENT_CATEGORIES = ['sales_deck', 'battlecard', 'technical', 'training', 'brand', 'price_list', 'other'] as const;
export type ContentCategory = (typeof CONTENT_CATEGORIES)[number];

/** `archived` is what DELETE does: kept for history and stats, never shown to partners. */
export const CONTENT_STATUSES = ['draft', 'published', 'archived'] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

/** The settings row holding the upload size limit in bytes (program setting; default below). */
export const CONTENT_MAX_UPLOAD_KEY = 'content_max_upload_bytes';
export const DEFAULT_CONTENT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
