import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditLog, contentDownloads, events, settings } from '../../db/schema/index.ts';
import { CONTENT_MAX_UPLOAD_KEY } from '../../db/schema/content-enums.ts';
import { freshDatabase, roundTrips, testApp, type TestApp } from './harness.ts';
import { personas } from './personas.ts';
import { directDb } from './deal-decisions.helpers.ts';
import { publishAsset, sha256Hex, testBytes, uploadForm, uploadRaw, type AssetBody } from './content.helpers.ts';

let app: TestApp;
let db: Db;
let as: (who: 'manager' | 'admin' | 'alice' | 'nick' | 'carol') => Promise<Record<string, string>>;

beforeAll(async () => {
  const url = await freshDatabase('demo');
  app = testApp(url);
  db = directDb(url);
  const p = personas(app);
  as = (who) => p.headersFor(who);
});

const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());
const listTitles = async (who: 'alice' | 'carol' | 'manager', query = '') => {
  const res = await app.request(`/api/v1/content${query}`, { headers: await as(who) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: AssetBody[] }).items.map((a) => a.title);
};

describe('upload and download', () => {
  it('round-trips a multipart/form-data upload byte for byte, in two round trips', async () => {
    const bytes = testBytes(300_000);
    const res = await uploadForm(
      app,
      { ...(await as('manager')), 'x-request-id': 'content-upload' },
      { title: 'Round trip deck', category: 'sales_deck', status: 'published', tags: ['q3', 'emea'], description: 'The deck' },
      { bytes, name: 'round-trip.pdf', type: 'application/pdf' },
    );
    expect(res.status).toBe(201);
    const asset = (await res.json()) as AssetBody;
    expect(asset).toMatchObject({ version: 1, fileName: 'round-trip.pdf', size: bytes.length, contentType: 'application/pdf', downloadCount: 0, tags: ['q3', 'emea'] });
    expect(asset.sha256).toBe(await sha256Hex(bytes));
    expect(asset.publishedAt).not.toBeNull();
    expect(await roundTrips('content-upload')).toBeLessThanOrEqual(2);

    const dl = await app.request(`/api/v1/content/${asset.id}/download`, { headers: { ...(await as('alice')), 'x-request-id': 'content-download' } });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('application/pdf');
    expect(dl.headers.get('content-disposition')).toBe('attachment; filename="round-trip.pdf"');
    expect(dl.headers.get('etag')).toBe(`"${asset.sha256}"`);
    expect(dl.headers.get('accept-ranges')).toBe('bytes');
    const got = await bytesOf(dl);
    expect(got.length).toBe(bytes.length);
    expect(await sha256Hex(got)).toBe(asset.sha256);
    expect(await roundTrips('content-download')).toBeLessThanOrEqual(2);
  });

  it('streams a raw-body upload with a non-ASCII file name and sends it back with filename*', async () => {
    const bytes = new TextEncoder().encode('sku;price\nPLT-ENT;1000\n');
    const res = await uploadRaw(app, await as('manager'), { title: 'Preisliste', category: 'price_list', status: 'published', fileName: 'Preisliste Köln.csv' }, bytes, 'text/csv');
    expect(res.status).toBe(201);
    const asset = (await res.json()) as AssetBody;
    expect(asset).toMatchObject({ fileName: 'Preisliste Köln.csv', contentType: 'text/csv', size: bytes.length, sha256: await sha256Hex(bytes) });
    const dl = await app.request(`/api/v1/content/${asset.id}/download`, { headers: await as('carol') });
    expect(dl.headers.get('content-disposition')).toBe(`attachment; filename="Preisliste K_ln.csv"; filename*=UTF-8''Preisliste%20K%C3%B6ln.csv`);
    expect(new TextDecoder().decode(await bytesOf(dl))).toBe('sku;price\nPLT-ENT;1000\n');
  });

  it('answers Range with 206 and exactly those bytes, and 416 when unsatisfiable', async () => {
    const bytes = testBytes(5000, 3);
    const asset = await publishAsset(app, await as('manager'), { title: 'Ranged' }, bytes);
    const alice = await as('alice');
    const part = await app.request(`/api/v1/content/${asset.id}/download`, { headers: { ...alice, range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/5000');
    expect(await bytesOf(part)).toEqual(bytes.slice(100, 200));
    const tail = await app.request(`/api/v1/content/${asset.id}/download`, { headers: { ...alice, range: 'bytes=-10' } });
    expect(tail.status).toBe(206);
    expect(await bytesOf(tail)).toEqual(bytes.slice(4990));
    const beyond = await app.request(`/api/v1/content/${asset.id}/download`, { headers: { ...alice, range: 'bytes=6000-7000' } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */5000');
  });

  it('answers If-None-Match with the ETag with 304 and no body', async () => {
    const asset = await publishAsset(app, await as('manager'), { title: 'Cached' });
    const res = await app.request(`/api/v1/content/${asset.id}/download`, { headers: { ...(await as('alice')), 'if-none-match': `"${asset.sha256}"` } });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe('');
    const other = await app.request(`/api/v1/content/${asset.id}/download`, { headers: { ...(await as('alice')), 'if-none-match': '"something-else"' } });
    expect(other.status).toBe(200);
    await other.arrayBuffer();
  });

  it('records each download (asset, version, user, partner) and reports them to staff', async () => {
    const asset = await publishAsset(app, await as('manager'), { title: 'Counted' });
    for (const who of ['alice', 'nick', 'carol'] as const) {
      const res = await app.request(`/api/v1/content/${asset.id}/download`, { headers: await as(who) });
      await res.arrayBuffer();
    }
    // A revalidation is not a download.
    await app.request(`/api/v1/content/${asset.id}/download`, { headers: { ...(await as('alice')), 'if-none-match': `"${asset.sha256}"` } });
    const rows = await db.select().from(contentDownloads).where(eq(contentDownloads.assetId, asset.id));
    expect(rows.map((r) => [r.userId, r.partnerId, r.version]).sort()).toEqual([
      ['usr_demo_alice', 'prt_northwind', 1],
      ['usr_demo_carol', 'prt_contoso', 1],
      ['usr_demo_nick', 'prt_northwind', 1],
    ]);
    const meta = (await (await app.request(`/api/v1/content/${asset.id}`, { headers: await as('manager') })).json()) as AssetBody;
    expect(meta.downloadCount).toBe(3);
    const stats = await app.request(`/api/v1/content/${asset.id}/downloads`, { headers: { ...(await as('manager')), 'x-request-id': 'content-stats' } });
    const body = (await stats.json()) as { total: number; distinctPartners: number; partners: Array<{ partnerName: string; downloads: number }>; trend: Array<{ downloads: number }> };
    expect(body).toMatchObject({ total: 3, distinctPartners: 2 });
    expect(body.partners).toEqual([
      expect.objectContaining({ partnerName: 'Northwind Reseller', downloads: 2 }),
      expect.objectContaining({ partnerName: 'Contoso Integrators', downloads: 1 }),
    ]);
    expect(body.trend.reduce((n, d) => n + d.downloads, 0)).toBe(3);
    expect(await roundTrips('content-stats')).toBe(1);
    expect((await app.request(`/api/v1/content/${asset.id}/downloads`, { headers: await as('alice') })).status).toBe(403);
  });
});

describe('who sees what', () => {
  const expectHidden = async (id: string, who: 'alice' | 'carol') => {
    const headers = await as(who);
    for (const path of [`/api/v1/content/${id}`, `/api/v1/content/${id}/download`]) {
      const res = await app.request(path, { headers });
      expect(res.status, `${path} as ${who}`).toBe(404);
      const nonexistent = await app.request(path.replace(id, 'cnt_doesnotexist'), { headers });
      // Exactly like an asset that does not exist.
      expect(await res.json()).toMatchObject({ type: ((await nonexistent.json()) as { type: string }).type, status: 404 });
    }
  };

  it('hides a Gold-only asset from a Silver partner everywhere, shows it to a Gold partner', async () => {
    const asset = await publishAsset(app, await as('manager'), { title: 'Gold battlecard zebra', minTierId: 'tier_gold', category: 'battlecard' });
    expect(await listTitles('alice', '?q=zebra')).toEqual(['Gold battlecard zebra']);
    expect(await listTitles('carol', '?q=zebra')).toEqual([]);
    expect(await listTitles('carol', '?category=battlecard')).not.toContain('Gold battlecard zebra');
    await expectHidden(asset.id, 'carol');
    expect((await app.request(`/api/v1/content/${asset.id}/download`, { headers: await as('alice') })).status).toBe(200);
  });

  it('gates by partner type', async () => {
    const asset = await publishAsset(app, await as('manager'), { title: 'For integrators only', partnerTypes: ['system_integrator'] });
    expect((await app.request(`/api/v1/content/${asset.id}`, { headers: await as('carol') })).status).toBe(200);
    await expectHidden(asset.id, 'alice');
  });

  it('hides drafts and expired assets from partners but not from staff', async () => {
    const draft = await publishAsset(app, await as('manager'), { title: 'Draft deck', status: 'draft' });
    expect(draft.publishedAt).toBeNull();
    await expectHidden(draft.id, 'alice');
    expect((await app.request(`/api/v1/content/${draft.id}`, { headers: await as('manager') })).status).toBe(200);

    const soon = await publishAsset(app, await as('manager'), { title: 'Expiring', expiresAt: new Date(Date.now() + 60_000).toISOString() });
    expect((await app.request(`/api/v1/content/${soon.id}`, { headers: await as('alice') })).status).toBe(200);
    const res = await app.request(`/api/v1/content/${soon.id}`, { method: 'PATCH', headers: await as('manager'), json: { expiresAt: new Date(Date.now() - 1000).toISOString() } });
    expect(res.status).toBe(200);
    await expectHidden(soon.id, 'alice');
  });

  it('publishes a draft (content.published), and archiving hides it from partners for good', async () => {
    const manager = await as('manager');
    const draft = await publishAsset(app, manager, { title: 'Later', status: 'draft' });
    const published = await app.request(`/api/v1/content/${draft.id}`, { method: 'PATCH', headers: manager, json: { status: 'published' } });
    expect(((await published.json()) as AssetBody).publishedAt).not.toBeNull();
    expect((await db.select().from(events).where(eq(events.subjectId, draft.id))).map((e) => e.type)).toEqual(['content.published']);
    expect((await app.request(`/api/v1/content/${draft.id}`, { headers: await as('alice') })).status).toBe(200);

    const archived = await app.request(`/api/v1/content/${draft.id}`, { method: 'DELETE', headers: manager });
    expect(((await archived.json()) as AssetBody).status).toBe('archived');
    await expectHidden(draft.id, 'alice');
    expect(await listTitles('manager', '?q=later')).toEqual([]);
    expect(await listTitles('manager', '?q=later&status=archived')).toEqual(['Later']);
    expect((await db.select().from(auditLog).where(eq(auditLog.objectId, draft.id))).map((a) => a.action)).toEqual(['content.created', 'content.updated', 'content.archived']);
    expect((await app.request('/api/v1/content/cnt_nonexistent', { method: 'DELETE', headers: manager })).status).toBe(404);
    expect(await db.select().from(auditLog).where(eq(auditLog.objectId, 'cnt_nonexistent'))).toEqual([]);
  });
});

describe('versions', () => {
  it('serves the latest version to partners, lists versions and restores an earlier one', async () => {
    const manager = await as('manager');
    const v1 = testBytes(2000, 1);
    const v2 = testBytes(3000, 2);
    const asset = await publishAsset(app, manager, { title: 'Versioned' }, v1);
    const res = await uploadForm(app, manager, {}, { bytes: v2, name: 'deck-v2.pdf', type: 'application/pdf' }, `/api/v1/content/${asset.id}/versions`);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ version: 2, fileName: 'deck-v2.pdf', sha256: await sha256Hex(v2) });
    expect(await sha256Hex(await bytesOf(await app.request(`/api/v1/content/${asset.id}/download`, { headers: await as('alice') })))).toBe(await sha256Hex(v2));
    expect((await db.select().from(events).where(eq(events.subjectId, asset.id))).map((e) => e.type)).toEqual(['content.published', 'content.updated']);

    const restored = await app.request(`/api/v1/content/${asset.id}/versions/1/restore`, { method: 'POST', headers: manager });
    expect(restored.status).toBe(200);
    expect(await restored.json()).toMatchObject({ version: 3, sha256: await sha256Hex(v1) });
    const versions = (await (await app.request(`/api/v1/content/${asset.id}/versions`, { headers: manager })).json()) as { items: Array<{ version: number; current: boolean; restoredFrom: number | null }> };
    expect(versions.items.map((v) => [v.version, v.current, v.restoredFrom])).toEqual([
      [3, true, 1],
      [2, false, null],
      [1, false, null],
    ]);
    expect(await bytesOf(await app.request(`/api/v1/content/${asset.id}/download`, { headers: await as('alice') }))).toEqual(v1);
    expect((await app.request(`/api/v1/content/${asset.id}/versions/9/restore`, { method: 'POST', headers: manager })).status).toBe(404);
  });

  it('gives two parallel new versions distinct numbers', async () => {
    const manager = await as('manager');
    const asset = await publishAsset(app, manager, { title: 'Raced' });
    const [a, b] = await Promise.all(
      [1, 2].map((n) => uploadForm(app, manager, {}, { bytes: testBytes(100, n), name: `v${n}.pdf`, type: 'application/pdf' }, `/api/v1/content/${asset.id}/versions`)),
    );
    expect([a!.status, b!.status]).toEqual([201, 201]);
    const versions = (await (await app.request(`/api/v1/content/${asset.id}/versions`, { headers: manager })).json()) as { items: Array<{ version: number }> };
    expect(versions.items.map((v) => v.version)).toEqual([3, 2, 1]);
  });
});

describe('limits and validation', () => {
  it('answers 413 problem+json naming the limit when a file is over the program setting', async () => {
    await db.insert(settings).values({ key: CONTENT_MAX_UPLOAD_KEY, value: 4096, updatedAt: new Date() });
    try {
      const manager = await as('manager');
      const over = await uploadForm(app, manager, { title: 'Too big', category: 'other', status: 'draft' }, { bytes: testBytes(4097), name: 'big.bin', type: 'application/octet-stream' });
      expect(over.status).toBe(413);
      expect(over.headers.get('content-type')).toContain('application/problem+json');
      expect(((await over.json()) as { detail: string }).detail).toContain('4096 bytes');
      const raw = await uploadRaw(app, manager, { title: 'Too big', category: 'other', status: 'draft', fileName: 'big.bin' }, testBytes(5000), 'application/octet-stream');
      expect(raw.status).toBe(413);
      const exact = await uploadForm(app, manager, { title: 'Just fits', category: 'other', status: 'draft' }, { bytes: testBytes(4096), name: 'fits.bin', type: 'application/octet-stream' });
      expect(exact.status).toBe(201);
    } finally {
      await db.delete(settings).where(eq(settings.key, CONTENT_MAX_UPLOAD_KEY));
    }
  });

  it('lists every invalid or unknown field (422) and never stores the file', async () => {
    const res = await uploadForm(app, await as('manager'), { category: 'nonsense', status: 'published', colour: 'red' }, { bytes: testBytes(10), name: 'x.pdf', type: 'application/pdf' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['colour']);
    const invalid = await uploadForm(app, await as('manager'), { category: 'nonsense', status: 'published' }, { bytes: testBytes(10), name: 'x.pdf', type: 'application/pdf' });
    expect(((await invalid.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field).sort()).toEqual(['category', 'title']);
    const tier = await uploadForm(app, await as('manager'), { title: 'T', category: 'other', status: 'draft', minTierId: 'tier_nope' }, { bytes: testBytes(10), name: 'x.pdf', type: 'application/pdf' });
    expect(tier.status).toBe(422);
  });
});

describe('multipart upload in parts', () => {
  it('assembles parts into one asset with the right sha256', async () => {
    const manager = await as('manager');
    const created = await app.request('/api/v1/content/uploads', { method: 'POST', headers: manager, json: { fileName: 'big-training.mp4', contentType: 'video/mp4', size: 0 } });
    expect(created.status).toBe(422);
    const start = await app.request('/api/v1/content/uploads', { method: 'POST', headers: manager, json: { fileName: 'big-training.mp4', contentType: 'video/mp4', size: 1 } });
    expect(start.status).toBe(201);
    const { uploadId, key, partSize } = (await start.json()) as { uploadId: string; key: string; partSize: number };
    const bytes = testBytes(partSize + 1234, 9);
    const parts = [];
    for (const [n, chunk] of [bytes.slice(0, partSize), bytes.slice(partSize)].entries()) {
      const res = await app.request(`/api/v1/content/uploads/${encodeURIComponent(uploadId)}/parts/${n + 1}?key=${encodeURIComponent(key)}`, {
        method: 'PUT',
        headers: { ...manager, 'content-length': String(chunk.length) },
        body: chunk,
      });
      expect(res.status).toBe(200);
      parts.push(await res.json());
    }
    const done = await app.request(`/api/v1/content/uploads/${encodeURIComponent(uploadId)}/complete`, { method: 'POST', headers: manager, json: { key, parts } });
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({ upload: key, size: bytes.length });

    const asset = await uploadRaw(app, manager, { title: 'Big training', category: 'training', status: 'published', upload: key }, new Uint8Array(0), 'application/octet-stream');
    expect(asset.status).toBe(201);
    expect(await asset.json()).toMatchObject({ fileName: 'big-training.mp4', contentType: 'video/mp4', size: bytes.length, sha256: await sha256Hex(bytes) });
  });
});

describe('lists', () => {
  it('filters by category and tag, sorts by popularity and pages with a cursor', async () => {
    const manager = await as('manager');
    const a = await publishAsset(app, manager, { title: 'Listed A', category: 'technical', tags: ['listtag'] });
    const b = await publishAsset(app, manager, { title: 'Listed B', category: 'technical', tags: ['listtag', 'other'] });
    await publishAsset(app, manager, { title: 'Listed C', category: 'brand', tags: ['listtag'] });
    await (await app.request(`/api/v1/content/${a.id}/download`, { headers: await as('alice') })).arrayBuffer();
    expect(await listTitles('alice', '?tag=listtag&category=technical')).toEqual(['Listed B', 'Listed A']);
    expect(await listTitles('alice', '?tag=listtag&category=technical&sort=popular')).toEqual(['Listed A', 'Listed B']);
    const first = (await (await app.request('/api/v1/content?tag=listtag&limit=2', { headers: { ...(await as('alice')), 'x-request-id': 'content-list' } })).json()) as { items: AssetBody[]; nextCursor: string };
    expect(first.items.map((i) => i.title)).toEqual(['Listed C', 'Listed B']);
    expect(await roundTrips('content-list')).toBe(1);
    const second = (await (await app.request(`/api/v1/content?tag=listtag&limit=2&cursor=${first.nextCursor}`, { headers: await as('alice') })).json()) as { items: AssetBody[]; nextCursor: null };
    expect(second).toMatchObject({ items: [expect.objectContaining({ id: a.id })], nextCursor: null });
    expect(b.id).not.toBe(a.id);
  });
});
