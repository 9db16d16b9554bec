/** The content library's API paths, types and uploads (the portal side of worker/resources/content). */
import type { z } from 'zod';
import type { ContentPageSchema, ContentSchema, ContentVersionListSchema, DownloadStatsSchema, UploadDoneSchema, UploadSchema } from '../../../worker/resources/content/schemas.ts';
import type { ContentCategory } from '../../../db/schema/content-enums.ts';
import { api, upload, withQuery } from './client.ts';

export type { ContentCategory };
export type Asset = z.infer<typeof ContentSchema>;
export type AssetPage = z.infer<typeof ContentPageSchema>;
export type VersionList = z.infer<typeof ContentVersionListSchema>;
export type DownloadStats = z.infer<typeof DownloadStatsSchema>;

const v1 = '/api/v1';
const id = encodeURIComponent;

export const contentPaths = {
  list: `${v1}/content`,
  asset: (assetId: string) => `${v1}/content/${id(assetId)}`,
  download: (assetId: string) => `${v1}/content/${id(assetId)}/download`,
  versions: (assetId: string) => `${v1}/content/${id(assetId)}/versions`,
  restore: (assetId: string, version: number) => `${v1}/content/${id(assetId)}/versions/${version}/restore`,
  stats: (assetId: string) => `${v1}/content/${id(assetId)}/downloads`,
  uploads: `${v1}/content/uploads`,
};

export const CATEGORY_LABELS: Record<ContentCategory, string> = {
  sales_deck: 'Sales deck',
  battlecard: 'Battlecard',
  technical: 'Technical',
  training: 'Training',
  brand: 'Brand',
  price_list: 'Price list',
  other: 'Other',
};

/** Files above this go in parts (one request each), below it as one streamed request. */
const SINGLE_REQUEST_MAX = 64 * 1024 * 1024;

export type UploadFields = Record<string, string | string[] | undefined>;

function query(fields: UploadFields): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value ?? []].flat()) if (v !== '') params.append(key, v);
  return params.toString();
}

/**
 * Sends a file to `path` (POST /content or /content/{id}/versions): the raw file as the body
 * with the fields in the query (the worker streams it into R2), or, for large files, in parts
 * through a multipart upload. `onProgress` gets 0–1 for the whole file.
 */
export async function sendFile(path: string, file: File, fields: UploadFields, onProgress: (fraction: number) => void): Promise<Asset> {
  const type = file.type || 'application/octet-stream';
  if (file.size <= SINGLE_REQUEST_MAX) {
    return upload<Asset>(`${path}?${query({ ...fields, fileName: file.name })}`, file, onProgress, { 'content-type': type });
  }
  const started = await api.post<z.infer<typeof UploadSchema>>(contentPaths.uploads, { fileName: file.name, contentType: type, size: file.size });
  const parts: Array<{ partNumber: number; etag: string }> = [];
  try {
    for (let offset = 0, n = 1; offset < file.size; offset += started.partSize, n++) {
      const chunk = file.slice(offset, offset + started.partSize);
      const partPath = withQuery(`${contentPaths.uploads}/${id(started.uploadId)}/parts/${n}`, { key: started.key });
      parts.push(await upload(partPath, chunk, (f) => onProgress((offset + f * chunk.size) / file.size), { 'content-type': 'application/octet-stream' }, 'PUT'));
    }
    const done = await api.post<z.infer<typeof UploadDoneSchema>>(`${contentPaths.uploads}/${id(started.uploadId)}/complete`, { key: started.key, parts });
    return await api.post<Asset>(`${path}?${query({ ...fields, upload: done.upload })}`);
  } catch (err) {
    void api.delete(withQuery(`${contentPaths.uploads}/${id(started.uploadId)}`, { key: started.key })).catch(() => {});
    throw err;
  }
}

/** "599 B", "2.9 MB": number and unit joined by a no-break space, so they never wrap apart. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}\u00a0B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)}\u00a0${units[unit]}`;
}

/** "PDF", "PNG", "CSV": the file type as people say it. */
export function fileKind(asset: Pick<Asset, 'fileName' | 'contentType'>): string {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(asset.fileName)?.[1];
  return (ext ?? asset.contentType.split('/').pop() ?? 'file').toUpperCase();
}
