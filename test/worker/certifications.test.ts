import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { auditLog, events } from '../../db/schema/index.ts';
import { freshDatabase, roundTrips, testApp, type TestApp } from './harness.ts';
import { personas, type Persona } from './personas.ts';

let app: TestApp;
let db: Db;
let as: (who: Persona, path: string, init?: RequestInit & { json?: unknown }) => Promise<{ status: number; body: any; requestId: string }>;

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  const url = await freshDatabase('demo');
  app = testApp(url);
  db = createDb({ url });
  const p = personas(app);
  as = async (who, path, init = {}) => {
    const requestId = crypto.randomUUID();
    const headers = { ...(await p.headersFor(who)), 'x-request-id': requestId, ...(init.headers as Record<string, string>) };
    const res = await app.request(path, { ...init, headers });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body, requestId };
  };
});

async function newProgram(name: string, validityMonths: number | null = 12) {
  const res = await as('manager', '/api/v1/certification-programs', { method: 'POST', json: { name, level: 'associate', validityMonths, courseUrl: 'https://training.example.com/x' } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('certification programs', () => {
  it('managers create and edit programs; names are unique; partners see active ones only', async () => {
    const id = await newProgram('Cloud Architect');
    expect((await as('manager', '/api/v1/certification-programs', { method: 'POST', json: { name: 'Cloud Architect', level: 'expert' } })).status).toBe(409);
    const patched = await as('manager', `/api/v1/certification-programs/${id}`, { method: 'PATCH', json: { active: false, validityMonths: null } });
    expect(patched.body).toMatchObject({ id, active: false, validityMonths: null });
    const partnerView = await as('nick', '/api/v1/certification-programs');
    expect(partnerView.body.items.map((p: { id: string }) => p.id)).not.toContain(id);
    expect((await as('manager', '/api/v1/certification-programs')).body.items.map((p: { id: string }) => p.id)).toContain(id);
    expect((await as('nick', '/api/v1/certification-programs', { method: 'POST', json: { name: 'X program', level: 'foundation' } })).status).toBe(403);
    expect((await as('manager', '/api/v1/certification-programs/pgm_nope', { method: 'PATCH', json: { active: true } })).status).toBe(404);
  });

  it('rejects bad input field by field', async () => {
    const res = await as('manager', '/api/v1/certification-programs', { method: 'POST', json: { name: 'x', level: 'guru', validityMonths: 0, courseUrl: 'javascript:alert(1)' } });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['courseUrl', 'level', 'name', 'validityMonths']);
  });
});

describe('recording certifications', () => {
  it('a rep records their own: pending, expiresAt = earnedOn + validity, event and audit, 2 round trips', async () => {
    const programId = await newProgram('Data Platform Associate', 12);
    const res = await as('nick', '/api/v1/certifications', { method: 'POST', json: { programId, earnedOn: '2026-01-31', credentialId: 'DPA-1' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending', userId: 'usr_demo_nick', partnerId: 'prt_northwind', earnedOn: '2026-01-31', expiresAt: '2027-01-31', credentialId: 'DPA-1', programName: 'Data Platform Associate' });
    expect(await roundTrips(res.requestId)).toBe(2);
    const outbox = await db.select().from(events).where(eq(events.subjectId, res.body.id));
    expect(outbox.map((e) => e.type)).toEqual(['certification.recorded']);
    expect((await db.select().from(auditLog).where(eq(auditLog.objectId, res.body.id))).map((a) => a.action)).toEqual(['certification.recorded']);
  });

  it('a rep cannot record for a colleague; a partner admin can, but only within the company', async () => {
    const programId = await newProgram('Teammate Program');
    const rep = await as('nick', '/api/v1/certifications', { method: 'POST', json: { programId, earnedOn: daysAgo(3), userId: 'usr_demo_alice' } });
    expect(rep.status).toBe(422);
    expect(rep.body.errors[0]).toMatchObject({ field: 'userId', code: 'forbidden' });
    const admin = await as('alice', '/api/v1/certifications', { method: 'POST', json: { programId, earnedOn: daysAgo(3), userId: 'usr_demo_nick' } });
    expect(admin.status).toBe(201);
    expect(admin.body).toMatchObject({ userId: 'usr_demo_nick', status: 'pending' });
    const otherCompany = await as('alice', '/api/v1/certifications', { method: 'POST', json: { programId, earnedOn: daysAgo(3), userId: 'usr_demo_carol' } });
    expect(otherCompany.status).toBe(422);
    expect(otherCompany.body.errors[0]).toMatchObject({ field: 'userId', code: 'unknown_reference' });
  });

  it('refuses unknown programs, future dates and impossible dates', async () => {
    const res = await as('nick', '/api/v1/certifications', { method: 'POST', json: { programId: 'pgm_nope', earnedOn: '2999-01-01' } });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['earnedOn', 'programId']);
    expect((await as('nick', '/api/v1/certifications', { method: 'POST', json: { programId: 'pgm_sales_foundations', earnedOn: '2026-02-30' } })).status).toBe(422);
  });

  it('staff record verified certifications directly (recorded + verified events)', async () => {
    const programId = await newProgram('Staff Recorded');
    const res = await as('manager', '/api/v1/certifications', { method: 'POST', json: { programId, earnedOn: daysAgo(10), userId: 'usr_demo_carol' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'verified', partnerId: 'prt_contoso' });
    expect((await db.select().from(events).where(eq(events.subjectId, res.body.id))).map((e) => e.type).sort()).toEqual(['certification.recorded', 'certification.verified']);
  });

  it('a renewal needs a later date and, once verified, replaces the earlier certificate and extends the expiry', async () => {
    const programId = await newProgram('Renewable', 12);
    const first = await as('manager', '/api/v1/certifications', { method: 'POST', json: { programId, earnedOn: daysAgo(300), userId: 'usr_demo_nick' } });
    const same = await as('nick', '/api/v1/certifications', { method: 'POST', json: { programId, earnedOn: daysAgo(300) } });
    expect(same.status).toBe(409);
    const renewal = await as('nick', '/api/v1/certifications', { method: 'POST', json: { programId, earnedOn: daysAgo(1) } });
    expect(renewal.status).toBe(201);
    expect(renewal.body.expiresAt > first.body.expiresAt).toBe(true);
    await as('manager', `/api/v1/certifications/${renewal.body.id}/verify`, { method: 'POST' });
    const list = await as('manager', `/api/v1/certifications?userId=usr_demo_nick&programId=${programId}`);
    expect(Object.fromEntries(list.body.items.map((c: { id: string; status: string }) => [c.id, c.status]))).toEqual({ [first.body.id]: 'renewed', [renewal.body.id]: 'verified' });
  });
});

describe('verification', () => {
  it('verify and reject pending ones (reason required); deciding twice is a 409; only staff decide', async () => {
    const programId = await newProgram('Decided Program');
    const a = (await as('nick', '/api/v1/certifications', { method: 'POST', json: { programId, earnedOn: daysAgo(2) } })).body.id;
    expect((await as('alice', `/api/v1/certifications/${a}/verify`, { method: 'POST' })).status).toBe(403);
    const verified = await as('manager', `/api/v1/certifications/${a}/verify`, { method: 'POST' });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ status: 'verified' });
    expect(await roundTrips(verified.requestId)).toBe(2);
    expect((await as('manager', `/api/v1/certifications/${a}/reject`, { method: 'POST', json: { reason: 'Too late' } })).status).toBe(409);

    const otherProgram = await newProgram('Rejected Program');
    const b = (await as('alice', '/api/v1/certifications', { method: 'POST', json: { programId: otherProgram, earnedOn: daysAgo(2) } })).body.id;
    const noReason = await as('manager', `/api/v1/certifications/${b}/reject`, { method: 'POST', json: {} });
    expect(noReason.status).toBe(422);
    const rejected = await as('manager', `/api/v1/certifications/${b}/reject`, { method: 'POST', json: { reason: 'Credential not found' } });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'Credential not found' });
    expect((await db.select().from(events).where(eq(events.subjectId, b))).map((e) => e.type)).toEqual(['certification.recorded', 'certification.rejected']);
  });

  it('two managers verifying at once: one wins, one event', async () => {
    const programId = await newProgram('Race Program');
    const id = (await as('nick', '/api/v1/certifications', { method: 'POST', json: { programId, earnedOn: daysAgo(2) } })).body.id;
    const [x, y] = await Promise.all([as('manager', `/api/v1/certifications/${id}/verify`, { method: 'POST' }), as('admin', `/api/v1/certifications/${id}/verify`, { method: 'POST' })]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    expect((await db.select().from(events).where(eq(events.subjectId, id))).filter((e) => e.type === 'certification.verified')).toHaveLength(1);
  });
});

describe('listing', () => {
  it('reps see their own, partner admins their company, staff all; never another company', async () => {
    const ids = (r: { body: { items: Array<{ userId: string; partnerId: string }> } }) => r.body.items;
    const nick = await as('nick', '/api/v1/certifications?limit=100');
    expect(ids(nick).every((c) => c.userId === 'usr_demo_nick')).toBe(true);
    const alice = await as('alice', '/api/v1/certifications?limit=100');
    expect(ids(alice).every((c) => c.partnerId === 'prt_northwind')).toBe(true);
    expect(ids(alice).some((c) => c.userId === 'usr_demo_alice')).toBe(true);
    // Filtering by another partner's id gives nothing, not their rows.
    expect(ids(await as('alice', '/api/v1/certifications?partnerId=prt_contoso'))).toEqual([]);
    const carol = await as('carol', '/api/v1/certifications?limit=100');
    expect(ids(carol).every((c) => c.partnerId === 'prt_contoso')).toBe(true);
    const staff = await as('manager', '/api/v1/certifications?limit=100');
    expect(new Set(ids(staff).map((c) => c.partnerId))).toEqual(new Set(['prt_northwind', 'prt_contoso']));
    expect(await roundTrips(staff.requestId)).toBe(1);
  });

  it('filters by status and expiry, with keyset pages', async () => {
    const pending = await as('manager', '/api/v1/certifications?status=pending&limit=100');
    expect(pending.body.items.every((c: { status: string }) => c.status === 'pending')).toBe(true);
    const horizon = daysAgo(-60);
    const expiring = await as('manager', `/api/v1/certifications?expiringBefore=${horizon}&status=verified`);
    expect(expiring.body.items.map((c: { id: string }) => c.id)).toContain('crt_demo_nick_tech');
    expect(expiring.body.items.every((c: { expiresAt: string | null }) => c.expiresAt !== null && c.expiresAt <= horizon)).toBe(true);
    const first = await as('manager', '/api/v1/certifications?limit=2');
    const second = await as('manager', `/api/v1/certifications?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(2);
    expect(new Set([...first.body.items, ...second.body.items].map((c: { id: string }) => c.id)).size).toBe(4);
    expect((await as('manager', '/api/v1/certifications?cursor=bogus')).status).toBe(400);
  });

  it('coverage counts verified, valid people per partner and program', async () => {
    const res = await as('manager', '/api/v1/certifications/coverage');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ partnerId: 'prt_contoso', programId: 'pgm_sales_foundations', people: 1 })]));
    expect(res.body.pending).toBeGreaterThan(0);
    expect((await as('alice', '/api/v1/certifications/coverage')).status).toBe(403);
  });
});

describe('evidence', () => {
  it('stores a file in R2 for the holder and serves it to their company and staff only', async () => {
    const programId = await newProgram('Evidence Program');
    const id = (await as('nick', '/api/v1/certifications', { method: 'POST', json: { programId, earnedOn: daysAgo(2) } })).body.id;
    const pdf = new TextEncoder().encode('%PDF-1.4 certificate');
    const up = await as('nick', `/api/v1/certifications/${id}/evidence`, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: pdf });
    expect(up.status).toBe(200);
    expect(up.body.evidence).toEqual({ contentType: 'application/pdf', size: pdf.byteLength });
    expect(await app.env.CONTENT_BUCKET!.head(`evidence/prt_northwind/${id}`)).not.toBeNull();
    for (const who of ['alice', 'manager'] as const) {
      const got = await as(who, `/api/v1/certifications/${id}/evidence`);
      expect(got.status).toBe(200);
      expect(got.body).toBe('%PDF-1.4 certificate');
    }
    expect((await as('carol', `/api/v1/certifications/${id}/evidence`)).status).toBe(404);
    expect((await as('carol', `/api/v1/certifications/${id}/evidence`, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: pdf })).status).toBe(404);
    expect((await as('nick', `/api/v1/certifications/${id}/evidence`, { method: 'PUT', headers: { 'content-type': 'text/html' }, body: '<script>' })).status).toBe(415);
    const big = new Uint8Array(1024 * 1024 + 1);
    expect((await as('nick', `/api/v1/certifications/${id}/evidence`, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: big })).status).toBe(413);
  });
});

describe('CSV import', () => {
  const csv = (rows: string[]) => ['email,program,earnedOn,credentialId', ...rows].join('\n');
  const post = (text: string, query = '') => as('manager', `/api/v1/certifications/import${query}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: text });

  it('imports verified certifications; any bad row rejects the file with line numbers', async () => {
    const bad = await post(csv(['carol@contoso.example,Platform Technical Professional,2026-01-10,TP-9', 'nobody@x.example,Platform Technical Professional,2026-01-10,', 'nick@northwind.example,No Such Program,2026-13-01,']));
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['3.email', '4.earnedOn']);
    const good = await post(csv(['carol@contoso.example,Platform Technical Professional,2026-01-10,TP-9']));
    expect(good.status).toBe(200);
    expect(good.body).toEqual({ imported: 1, skipped: [] });
    expect(await roundTrips(good.requestId)).toBe(2);
    const rows = await as('manager', '/api/v1/certifications?userId=usr_demo_carol&programId=pgm_tech_professional');
    expect(rows.body.items[0]).toMatchObject({ status: 'verified', earnedOn: '2026-01-10', credentialId: 'TP-9' });
  });

  it('skipInvalid imports the good rows and reports the rest; a re-import changes nothing', async () => {
    const text = csv(['alice@northwind.example,Security Suite Specialist,2025-11-01,', 'nobody@x.example,Security Suite Specialist,2025-11-01,']);
    const res = await post(text, '?skipInvalid=true');
    expect(res.body.imported).toBe(1);
    expect(res.body.skipped.map((s: { line: number }) => s.line)).toEqual([3]);
    const again = await post(text, '?skipInvalid=true');
    expect(again.body.imported).toBe(0);
    expect(again.body.skipped.map((s: { line: number; errors: Array<{ code: string }> }) => [s.line, s.errors[0]!.code])).toEqual([[2, 'already_recorded'], [3, 'unknown_reference']]);
  });

  it('needs the header row and staff', async () => {
    expect((await post('who,what\nx,y')).status).toBe(422);
    expect((await as('alice', '/api/v1/certifications/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv([]) })).status).toBe(403);
  });
});
