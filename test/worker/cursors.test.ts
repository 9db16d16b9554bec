import { beforeAll, describe, expect, it } from 'vitest';
import { dealBody } from './deals.helpers.ts';
import { testApp, type Persona as Who, type TestApp as DealsApp } from './harness.ts';
import { freshDatabase } from './harness.ts';
import { receiverPath, receiverUrl } from './webhooks.helpers.ts';

/**
 * Every list pages with the one cursor codec (worker/lib/cursor.ts). Regression: the customers
 * list had its own `btoa` cursor and answered 500 when a page ended on a name outside Latin-1,
 * and a 200-character name made a cursor longer than the API accepted. Each list here holds
 * such names and is walked one row per page: every page answers 200, no row repeats or goes
 * missing compared with one big page.
 */

const LONG = 'Ž'.repeat(110) + '’'.repeat(90); // 200 characters, none of them Latin-1
const NAMES = ['Škoda Auto', 'Macy’s', '東京海上', '😀 Emoji Co', LONG];

let app: DealsApp;
beforeAll(async () => {
  app = testApp(await freshDatabase('demo'));
});

interface Item {
  id: string;
  [k: string]: unknown;
}

async function page(as: Who, path: string) {
  const res = await app.request(as, path);
  expect(res.status, `${path}: ${res.status === 200 ? '' : await res.clone().text()}`).toBe(200);
  return (await res.json()) as { items: Item[]; nextCursor: string | null };
}

async function pages(as: Who, path: string, limit: number, max: number): Promise<Item[]> {
  const join = path.includes('?') ? '&' : '?';
  const seen: Item[] = [];
  let cursor: string | null = null;
  do {
    const next = await page(as, `${path}${join}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    seen.push(...next.items);
    cursor = next.nextCursor;
    expect(seen.length, `${path} pages past its rows`).toBeLessThanOrEqual(max);
  } while (cursor);
  return seen;
}

/** Walks `path` one row per page and checks it against pages of 100. */
async function walk(as: Who, path: string, atLeast: number): Promise<Item[]> {
  const all = await pages(as, path, 100, 10_000);
  expect(all.length, path).toBeGreaterThanOrEqual(atLeast);
  const seen = await pages(as, path, 1, all.length);
  expect(seen.map((i) => i.id)).toEqual(all.map((i) => i.id));
  return seen;
}

describe('every list pages over names in any script', () => {
  it('GET /customers (sorted by name: the cursor carries the name)', async () => {
    const put = await app.request('crm', '/api/v1/customers', { method: 'PUT', json: NAMES.map((name) => ({ name })) });
    expect(put.status).toBe(200);
    const items = await walk('manager', '/api/v1/customers', NAMES.length);
    expect(items.map((i) => i.name)).toEqual(expect.arrayContaining(NAMES));
    // Only these names: every page ends on one of them.
    await walk('manager', `/api/v1/customers?q=${encodeURIComponent('Škoda')}`, 1);
  });

  it('GET /deals in every sort, and GET /deals/queue', async () => {
    for (const [i, customerName] of NAMES.entries()) {
      const res = await app.request('nick', '/api/v1/deals', {
        method: 'POST',
        json: dealBody({ customerName, customerDomain: `cursor-${i}.example.com`, contactEmail: `pat@cursor-${i}.example.com` }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
    }
    for (const sort of ['newest', 'oldest', 'value', 'closeDate']) {
      const items = await walk('nick', `/api/v1/deals?sort=${sort}`, NAMES.length);
      expect(items.map((i) => i.customerName)).toEqual(expect.arrayContaining(NAMES));
    }
    await walk('manager', '/api/v1/deals?updatedSince=2000-01-01T00:00:00Z', NAMES.length);
    await walk('manager', '/api/v1/deals/queue', NAMES.length);
  });

  it('GET /partners', async () => {
    for (const [i, name] of NAMES.map((n) => n.slice(0, 120)).entries()) {
      const res = await app.request('manager', '/api/v1/partners', { method: 'POST', json: { name, type: 'isv', region: `R${i}x` } });
      expect(res.status, await res.clone().text()).toBe(201);
    }
    const items = await walk('manager', '/api/v1/partners', NAMES.length);
    expect(items.map((i) => i.name)).toEqual(expect.arrayContaining(NAMES.map((n) => n.slice(0, 120))));
  });

  it('GET /tokens', async () => {
    for (const name of NAMES.map((n) => n.slice(0, 80))) {
      expect((await app.request('admin', '/api/v1/tokens', { method: 'POST', json: { name, scopes: ['deals:read'] } })).status).toBe(201);
    }
    await walk('admin', '/api/v1/tokens', NAMES.length);
  });

  it('GET /webhook-endpoints and an endpoint’s deliveries', async () => {
    let id = '';
    for (const description of NAMES) {
      const res = await app.request('admin', '/api/v1/webhook-endpoints', {
        method: 'POST',
        json: { url: receiverUrl(receiverPath('cursors')), description: description.slice(0, 200), events: ['deal.registered'] },
      });
      expect(res.status, await res.clone().text()).toBe(201);
      id = ((await res.json()) as { id: string }).id;
    }
    await walk('admin', '/api/v1/webhook-endpoints', NAMES.length);
    for (let i = 0; i < 2; i++) expect((await app.request('admin', `/api/v1/webhook-endpoints/${id}/test`, { method: 'POST' })).status).toBeLessThan(300);
    await walk('admin', `/api/v1/webhook-endpoints/${id}/deliveries`, 2);
  });

  it('GET /users, /team, /invitations and /audit', async () => {
    await walk('admin', '/api/v1/users', 5);
    await walk('alice', '/api/v1/team', 2);
    for (const who of ['skoda', 'macys']) {
      expect((await app.request('alice', '/api/v1/invitations', { method: 'POST', json: { email: `${who}@northwind.example`, role: 'partner_rep' } })).status).toBe(201);
    }
    await walk('alice', '/api/v1/invitations', 2);
    // The audit log now holds the registrations, partners and tokens named above.
    await walk('manager', '/api/v1/audit', 10);
  });
});
