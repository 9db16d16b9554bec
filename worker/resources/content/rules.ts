import type { ContentStatus } from '../../../db/schema/content-enums.ts';
import type { PartnerType } from '../../../db/schema/partners.ts';

/** What the visibility rule needs of an asset (the SQL twin is `visibleToPartner` in db/queries/content.ts). */
export interface Gate {
  status: ContentStatus;
  expiresAt: Date | null;
  partnerTypes: readonly PartnerType[];
  /** Rank of the asset's minimum tier; null = open to every tier. */
  minTierRank: number | null;
}

/** A partner sees an asset only if published, not expired, of an allowed type and at least the minimum tier. */
export function isVisibleToPartner(asset: Gate, partner: { type: PartnerType; tierRank: number | null }, now: Date): boolean {
  if (asset.status !== 'published') return false;
  if (asset.expiresAt && asset.expiresAt.getTime() <= now.getTime()) return false;
  if (asset.partnerTypes.length > 0 && !asset.partnerTypes.includes(partner.type)) return false;
  return asset.minTierRank === null || (partner.tierRank ?? 0) >= asset.minTierRank;
}

/**
 * `Content-Disposition: attachment` per RFC 6266: an ASCII `filename` fallback (quotes,
 * backslashes and control characters replaced) and, for any other name, `filename*` in
 * RFC 8187 UTF-8 percent-encoding, which every current browser prefers.
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const ascii = fallback === fileName;
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return ascii ? `attachment; filename="${fallback}"` : `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A strong ETag from the content's sha256: the same bytes always have the same tag. */
export const etagFor = (sha256: string) => `"${sha256}"`;

/** Whether an `If-None-Match` header matches the tag (weak comparison, RFC 9110 §13.1.2). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** "100 MB" for the 413 message (binary megabytes, as the limit is set). */
export function formatLimit(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB (${bytes} bytes)` : `${bytes} bytes`;
}

/** A file name safe to store and send back: no path, no control characters, at most 200 characters. */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = base.replace(/[\x00-\x1f\x7f]/g, '').trim().slice(0, 200);
  return cleaned || 'file';
}

/** Events a change publishes: first publication, or a new file for an asset partners can already see. */
export function eventsFor(before: { status: ContentStatus } | null, after: { status: ContentStatus }, newFile: boolean) {
  const out: Array<'content.published' | 'content.updated'> = [];
  if (after.status === 'published' && before?.status !== 'published') out.push('content.published');
  else if (after.status === 'published' && newFile) out.push('content.updated');
  return out;
}

/**
 * Whether a `Range` header can be served (RFC 9110 §14.1.2): unsatisfiable when its first byte
 * is past the end or it asks for an empty suffix. R2 parses and serves the range itself but
 * quietly answers the whole object for one it cannot satisfy, so this decides the 416.
 */
export function rangeSatisfiable(header: string, size: number): boolean {
  const match = /^bytes=\s*(\d*)-(\d*)\s*$/.exec(header);
  if (!match) return true; // not a single byte range: R2 decides (ignored ranges send the whole file)
  const [, first, last] = match;
  if (first === '') return last !== '' && Number(last) > 0 && size > 0;
  return Number(first) < size && (last === '' || Number(last) >= Number(first));
}
