import { beforeAll, describe, expect, it } from 'vitest';
import { dealBody } from './deals.helpers.ts';
import { testApp, type TestApp as DealsApp, type Persona as Who } from './harness.ts';
import { freshDatabase, roundTrips } from './harness.ts';

let app: DealsApp;
beforeAll(async () => {
  app = testApp(await freshDatabase('demo'));
  // Sign the personas in once, so parallel requests below share their sessions.
  for (const who of ['alice', 'carol', 'nick', 'manager'] as const) await app.request(who, '/api/v1/me');
});

let seq = 0;
const customer = () => {
  const word = Array.from(crypto.getRandomValues(new Uint8Array(9)), (b) => String.fromCharCode(97 + (b % 26))).join('');
  return { customerName: `${word} Toys`, customerDomain: `${word}${seq++}.com` };
};

async function register(as: Who, over: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await app.request(as, '/api/v1/deals', { method: 'POST', json: dealBody(over), headers });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
const detail = async (as: Who, id: string) => (await (await app.request(as, `/api/v1/deals/${id}`)).json()) as Record<string, any>;
const conflictView = async (domain: string) => {
  const res = await app.request('manager', `/api/v1/deals?conflict=true&q=${encodeURIComponent(domain)}&limit=100`);
  return ((await res.json()) as { items: { id: string }[] }).items.map((d) => d.id);
};

describe('channel conflicts are symmetric', () => {
  it('flags the earlier registration too: both under the conflict filter, both details list the other, queue counts both', async () => {
    const c = customer();
    const earlier = await register('carol', c);
    expect(earlier.body.conflict).toBe(false);
    const later = await register('nick', c, { 'x-request-id': 'issue10-symmetric' });
    expect(later.status).toBe(201);
    expect(later.body.conflict).toBe(true);
    expect(await roundTrips('issue10-symmetric')).toBeLessThanOrEqual(2);

    expect((await detail('carol', earlier.body.id)).conflict).toBe(true);
    expect((await conflictView(c.customerDomain)).sort()).toEqual([earlier.body.id, later.body.id].sort());
    const withoutConflicts = await app.request('manager', `/api/v1/deals?conflict=false&q=${c.customerDomain}`);
    expect(((await withoutConflicts.json()) as { items: unknown[] }).items).toEqual([]);

    const earlierDetail = await detail('manager', earlier.body.id);
    const laterDetail = await detail('manager', later.body.id);
    expect(earlierDetail.conflicts.map((x: { dealId: string }) => x.dealId)).toEqual([later.body.id]);
    expect(laterDetail.conflicts.map((x: { dealId: string }) => x.dealId)).toEqual([earlier.body.id]);
    expect(earlierDetail.conflicts[0]).toMatchObject({ partnerId: 'prt_northwind', reason: 'same_domain' });

    const queue = (await (await app.request('manager', '/api/v1/deals/queue?conflict=true&limit=100')).json()) as { items: { id: string; conflictCount: number }[] };
    const counts = Object.fromEntries(queue.items.map((i) => [i.id, i.conflictCount]));
    expect(counts[earlier.body.id]).toBe(1);
    expect(counts[later.body.id]).toBe(1);
  });

  it('10 registrations of one new customer sent in parallel (5 alice, 5 carol) all flag each other', async () => {
    const c = customer();
    const who: Who[] = ['alice', 'carol', 'alice', 'carol', 'alice', 'carol', 'alice', 'carol', 'alice', 'carol'];
    const results = await Promise.all(who.map((w, i) => register(w, c, { 'x-request-id': `issue10-race-${i}` })));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    for (let i = 0; i < 10; i++) expect(await roundTrips(`issue10-race-${i}`)).toBeLessThanOrEqual(2);
    // Only a registration committed before every other one can answer `conflict: false`: at its
    // commit there was nothing to conflict with; the later ones flag it.
    expect(results.filter((r) => r.body.conflict === false).length).toBeLessThanOrEqual(1);
    const ids = results.map((r) => r.body.id as string);
    for (const [i, id] of ids.entries()) expect((await detail(who[i]!, id)).conflict).toBe(true);
    expect((await conflictView(c.customerDomain)).sort()).toEqual([...ids].sort());
    // Every registration is linked to at least one other, and all ten form one group.
    const linked = new Map<string, string[]>();
    for (const id of ids) linked.set(id, (await detail('manager', id)).conflicts.map((x: { dealId: string }) => x.dealId));
    for (const id of ids) expect(linked.get(id)!.length).toBeGreaterThan(0);
    const reached = new Set([ids[0]!]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const id of [...reached]) for (const other of linked.get(id)!) if (!reached.has(other)) reached.add(other), (grew = true);
    }
    expect(reached.size).toBe(10);
  });

  it('a resubmission that now conflicts flags the other side too', async () => {
    const c = customer();
    const earlier = await register('carol', c);
    const mine = await register('nick', customer());
    expect(mine.body.conflict).toBe(false);
    const asked = await app.request('manager', `/api/v1/deals/${mine.body.id}/request-info`, { method: 'POST', json: { reason: 'Which customer is it?' } });
    expect(asked.status).toBe(200);
    const res = await app.request('nick', `/api/v1/deals/${mine.body.id}/resubmit`, {
      method: 'POST',
      json: { customerDomain: c.customerDomain, message: 'Corrected the domain' },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { conflict: boolean }).conflict).toBe(true);
    expect((await detail('carol', earlier.body.id)).conflict).toBe(true);
  });
});
