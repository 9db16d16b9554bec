import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, signIn, testApp, type TestApp } from './harness.ts';

let app: TestApp;
let alice: Record<string, string>;
beforeAll(async () => {
  app = testApp(await freshDatabase('demo'));
  alice = await signIn(app, 'alice@northwind.example');
});

interface Created {
  invitation: { id: string; email: string; status: string };
  inviteUrl: string;
}
const invite = (email: string) => app.request('/api/v1/invitations', { method: 'POST', headers: alice, json: { email, role: 'partner_rep' } });
const shape = (body: Created) => ({ ...body, invitation: { ...body.invitation, id: '', email: '', createdAt: '', expiresAt: '' }, inviteUrl: '' });

describe('invitations answer the same whether or not the email has an account elsewhere', () => {
  it("inviting another company's user is a 201 like a new email; accepting answers 409 explaining the account exists", async () => {
    const elsewhere = await invite('carol@contoso.example');
    const fresh = await invite('brand.new@northwind.example');
    expect(elsewhere.status).toBe(201);
    expect(fresh.status).toBe(201);
    const [a, b] = [(await elsewhere.json()) as Created, (await fresh.json()) as Created];
    expect(shape(a)).toEqual(shape(b));
    expect(JSON.stringify(a)).not.toMatch(/contoso integrators|prt_contoso/i);

    const token = a.inviteUrl.split('/invite/')[1]!;
    const accept = await app.request(`/api/v1/invitations/${token}/accept`, { method: 'POST', json: { name: 'Carol Again', password: 'a-long-enough-password' } });
    expect(accept.status).toBe(409);
    expect(accept.headers.get('content-type')).toBe('application/problem+json');
    expect(await accept.json()).toMatchObject({ type: expect.stringContaining('duplicate'), detail: expect.stringContaining('already has an account') });
    // Carol's account is untouched: she still signs in to Contoso.
    const me = await app.request('/api/v1/me', { headers: await signIn(app, 'carol@contoso.example') });
    expect(await me.json()).toMatchObject({ partner: { id: 'prt_contoso' } });
  });

  it('still refuses a colleague the admin can already see (409)', async () => {
    expect((await invite('nick@northwind.example')).status).toBe(409);
  });

  it('two invitations for the same email into the same company sent at once: exactly one is created', async () => {
    const results = await Promise.all([invite('twin@northwind.example'), invite('twin@northwind.example'), invite('twin@northwind.example')]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    const list = await app.request('/api/v1/invitations?limit=100', { headers: alice });
    const items = ((await list.json()) as { items: { email: string }[] }).items.filter((i) => i.email === 'twin@northwind.example');
    expect(items).toHaveLength(1);
  });
});
