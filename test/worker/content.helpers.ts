import type { TestApp } from './harness.ts';

export interface AssetBody {
  id: string;
  title: string;
  status: string;
  version: number;
  fileName: string;
  size: number;
  contentType: string;
  sha256: string;
  downloadCount: number;
  publishedAt: string | null;
  tags: string[];
}

export type UploadFields = Record<string, string | string[] | undefined>;

export const sha256Hex = async (bytes: Uint8Array<ArrayBuffer>) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');

/** Deterministic test bytes (every value 0–255 occurs, so byte-exactness is really checked). */
export function testBytes(size: number, seed = 7): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** multipart/form-data as a browser sends it (serialized, with its Content-Length). */
export async function multipartBody(fields: UploadFields, file?: { bytes: Uint8Array<ArrayBuffer>; name: string; type: string }) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of [value ?? []].flat()) form.append(key, v);
  if (file) form.append('file', new File([file.bytes], file.name, { type: file.type }));
  const res = new Response(form);
  const body = new Uint8Array(await res.arrayBuffer());
  return { body, headers: { 'content-type': res.headers.get('content-type')!, 'content-length': String(body.length) } };
}

/** POST /content (or /content/{id}/versions) with multipart/form-data. */
export async function uploadForm(app: TestApp, headers: Record<string, string>, fields: UploadFields, file: { bytes: Uint8Array<ArrayBuffer>; name: string; type: string }, path = '/api/v1/content') {
  const mp = await multipartBody(fields, file);
  return app.request(path, { method: 'POST', headers: { ...headers, ...mp.headers }, body: mp.body });
}

/** POST /content with the raw file as the body and the fields in the query (the streamed path). */
export function uploadRaw(app: TestApp, headers: Record<string, string>, fields: UploadFields, bytes: Uint8Array<ArrayBuffer>, contentType: string, path = '/api/v1/content') {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value ?? []].flat()) query.append(key, v);
  return app.request(`${path}?${query}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': contentType, 'content-length': String(bytes.length) },
    body: bytes,
  });
}

/** A published asset (manager), optionally gated; returns its JSON. */
export async function publishAsset(app: TestApp, manager: Record<string, string>, over: UploadFields = {}, bytes = testBytes(1000)) {
  const res = await uploadForm(app, manager, { title: 'Test asset', category: 'sales_deck', status: 'published', ...over }, { bytes, name: 'deck.pdf', type: 'application/pdf' });
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
  return (await res.json()) as AssetBody;
}
