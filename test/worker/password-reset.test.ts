import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { consumePasswordReset, resetConsumedBy, resetPasswordStatements } from '../../db/queries/notifications.ts';
import { mailMessages, passwordResets, users } from '../../db/schema/index.ts';
import { DEMO_PASSWORD, freshDatabase, signIn } from './harness.ts';
import { notifyHarness, type NotifyHarness } from './notify.helpers.ts';

let h: NotifyHarness;
beforeEach(async () => {
  h = notifyHarness(await freshDatabase('demo'));
});

const ask = (email: string, ip = '203.0.113.9') =>
  h.app.request('/api/v1/auth/password-reset', { method: 'POST', json: { email }, headers: { 'cf-connecting-ip': ip } });
const confirm = (token: string, password: string) => h.app.request('/api/v1/auth/password-reset/confirm', { method: 'POST', json: { token, password } });
const login = (email: string, password: string) => h.app.request('/api/v1/auth/login', { method: 'POST', json: { email, password } });

/** The token of the reset link in the last mail to `address`. */
function linkToken(address: string): string {
  const mail = h.mailer.to(address).at(-1);
  const match = mail?.text.match(/\/reset-password\/([a-z2-7]+)/);
  if (!match) throw new Error(`no reset link mailed to ${address}`);
  return match[1]!;
}

describe('forgot password', () => {
  it('answers an unknown address exactly like a known one, and mails only the known one', async () => {
    const known = await ask('Nick@Northwind.example');
    const unknown = await ask('nobody@northwind.example');
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await unknown.json()).toEqual(await known.json());
    await h.drainMail();
    expect(h.mailer.sent.map((m) => m.to)).toEqual(['nick@northwind.example']);
    const mail = h.mailer.sent[0]!;
    expect(mail.subject).toBe('Reset your Partner Portal password');
    expect(mail.html).toContain('/reset-password/');
    // Only a hash of the token is stored, and the sent mail's content is wiped.
    const token = linkToken('nick@northwind.example');
    const [reset] = await h.db.select().from(passwordResets);
    expect(reset!.tokenHash).not.toContain(token);
    const [row] = await h.db.select().from(mailMessages).where(eq(mailMessages.toAddress, 'nick@northwind.example'));
    expect(row!.content).toBeNull();
  });

  it('answers a reset request in at most 2 database round trips', async () => {
    const { roundTrips } = await import('./harness.ts');
    await h.app.request('/api/v1/auth/password-reset', { method: 'POST', json: { email: 'alice@northwind.example' }, headers: { 'x-request-id': 'reset-rt' } });
    expect(await roundTrips('reset-rt')).toBeLessThanOrEqual(2);
  });

  it('sets the new password through the emailed link, ends every session, and the link works once', async () => {
    const before = await signIn(h.app, 'nick@northwind.example');
    await ask('nick@northwind.example');
    await h.drainMail();
    const token = linkToken('nick@northwind.example');

    expect((await confirm(token, 'short')).status).toBe(422);
    expect((await confirm(token, 'a-brand-new-password')).status).toBe(204);
    expect((await h.app.request('/api/v1/me', { headers: before })).status).toBe(401);
    expect((await login('nick@northwind.example', DEMO_PASSWORD)).status).toBe(401);
    expect((await login('nick@northwind.example', 'a-brand-new-password')).status).toBe(200);

    const again = await confirm(token, 'yet-another-password');
    expect(again.status).toBe(404);
    expect(((await again.json()) as { type: string }).type).toContain('reset-link-invalid');
  });

  it('refuses an expired link and an unknown one', async () => {
    await ask('alice@northwind.example');
    await h.drainMail();
    const token = linkToken('alice@northwind.example');
    await h.db.update(passwordResets).set({ expiresAt: new Date(Date.now() - 1000) });
    expect((await confirm(token, 'a-brand-new-password')).status).toBe(404);
    expect((await confirm('notatoken', 'a-brand-new-password')).status).toBe(404);
    expect((await login('alice@northwind.example', DEMO_PASSWORD)).status).toBe(200);
  });

  it('lets only one of two simultaneous confirmations with the same link win', async () => {
    await ask('carol@contoso.example');
    await h.drainMail();
    const token = linkToken('carol@contoso.example');
    const results = await Promise.all([confirm(token, 'first-new-password'), confirm(token, 'second-new-password')]);
    expect(results.map((r) => r.status).sort()).toEqual([204, 404]);
    const winner = results[0]!.status === 204 ? 'first-new-password' : 'second-new-password';
    expect((await login('carol@contoso.example', winner)).status).toBe(200);
  });

  it('runs none of a losing confirm’s statements, even when it shares the winner’s millisecond', async () => {
    // Two confirms in one isolate can read the same clock: the winner's marker must be its own.
    await ask('nick@northwind.example');
    await h.drainMail();
    const [reset] = await h.db.select().from(passwordResets).where(eq(passwordResets.userId, 'usr_demo_nick'));
    const now = new Date();
    const attempt = (nonce: string, hash: string) =>
      h.db.batch([consumePasswordReset(h.db, reset!.id, now, nonce), ...resetPasswordStatements(h.db, 'usr_demo_nick', hash, now, resetConsumedBy(reset!.id, nonce))]);
    const [first] = await attempt('rst_first', 'first-hash');
    const [second] = await attempt('rst_second', 'second-hash');
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(0);
    const [nick] = await h.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, 'usr_demo_nick'));
    expect(nick!.passwordHash).toBe('first-hash');
  });

  it('rate limits per address (known or not, the same way) and sends at most 3 links an hour to one account', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await ask('nick@northwind.example', `198.51.100.${i}`)).status).toBe(202);
      expect((await ask('ghost@northwind.example', `198.51.100.${i}`)).status).toBe(202);
    }
    const known = await ask('nick@northwind.example', '198.51.100.77');
    const unknown = await ask('ghost@northwind.example', '198.51.100.77');
    expect(known.status).toBe(429);
    expect(unknown.status).toBe(429);
    expect(known.headers.get('retry-after')).toBeTruthy();
    await h.drainMail();
    expect(h.mailer.to('nick@northwind.example')).toHaveLength(3);
    expect(await h.db.select().from(passwordResets)).toHaveLength(3);
  });
});

describe('account', () => {
  it('renames you, and signs out every other session but this one', async () => {
    const here = await signIn(h.app, 'nick@northwind.example');
    const elsewhere = await signIn(h.app, 'nick@northwind.example');
    const renamed = await h.app.request('/api/v1/me', { method: 'PATCH', headers: here, json: { name: 'Nicholas Rep' } });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ user: { name: 'Nicholas Rep' } });
    expect((await h.app.request('/api/v1/me', { method: 'PATCH', headers: here, json: { name: ' ' } })).status).toBe(422);

    const res = await h.app.request('/api/v1/me/sessions/revoke-others', { method: 'POST', headers: here });
    expect(await res.json()).toEqual({ revoked: 1 });
    expect((await h.app.request('/api/v1/me', { headers: elsewhere })).status).toBe(401);
    expect((await h.app.request('/api/v1/me', { headers: here })).status).toBe(200);
  });
});
