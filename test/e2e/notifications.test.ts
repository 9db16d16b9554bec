import AxeBuilder from '@axe-core/playwright';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { allowConsoleErrors, api, closeDate, eventually, launchBrowser, newContext, pageAs, uniqueDomain, visible } from './browser.ts';
import { DEMO_PASSWORD } from './personas.ts';

let browser: Browser;
let nick: Page;
let manager: Page;
beforeAll(async () => {
  browser = await launchBrowser();
  [nick, manager] = await Promise.all([pageAs(browser, 'rep'), pageAs(browser, 'manager')]);
});
afterAll(async () => {
  await browser?.close();
});

/** Every .eml the stack's mail sink wrote, as text. */
async function mails(): Promise<string[]> {
  const dir = inject('mailDir');
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.eml'));
  return Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
}
const mailsTo = async (address: string) => (await mails()).filter((m) => m.includes(`To: <${address}>`));

describe('notifications', () => {
  const customer = `Harbor Lights Cafe ${Date.now().toString(36)}`;
  let dealId = '';

  it("a manager approves Nick's registration; Nick's bell counts one more and the notification opens the deal", async () => {
    const deal = await api<{ id: string }>(nick, 'POST', '/api/v1/deals', {
      customerName: customer,
      customerDomain: uniqueDomain('harbor'),
      contactName: 'Pat Buyer',
      contactEmail: 'pat@buyer.example',
      country: 'DE',
      products: ['prd_platform'],
      estimatedValue: 42_000,
      currency: 'EUR',
      expectedCloseDate: closeDate(),
    });
    dealId = deal.id;
    // The demo seed leaves Nick some unread notifications of his own: count from there.
    const before = (await api<{ unreadCount: number }>(nick, 'GET', '/api/v1/notifications?limit=1')).unreadCount;
    const unread = async () => Number((await nick.getByTestId('unread-count').innerText({ timeout: 2000 }).catch(() => '')) || 0);
    await manager.goto(`/deals/${dealId}`);
    await manager.getByRole('button', { name: 'Approve', exact: true }).click();
    await manager.getByRole('button', { name: 'Approve registration' }).click();
    await visible(manager.getByText('Approved.'));

    await nick.goto('/');
    await eventually(async () => {
      await nick.reload();
      return unread();
    }).toBe(before + 1);
    await nick.getByRole('link', { name: `Notifications, ${before + 1} unread` }).click();
    await nick.getByRole('link', { name: new RegExp(`Registration approved: ${customer}`) }).click();
    await nick.waitForURL(`**/deals/${dealId}`);
    await visible(nick.getByRole('heading', { name: customer }));
  });

  it('an .eml addressed to nick@northwind.example naming the customer is in DATA_DIR/mail', async () => {
    await eventually(async () => (await mailsTo('nick@northwind.example')).some((m) => m.includes(customer) && m.includes(`/deals/${dealId}`))).toBe(true);
  });
});

describe('forgot password', () => {
  let link = '';

  it('from the sign-in page through the emailed link to signing in with the new password', async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    // The sign-in form (with its own Email field) stays until the page's chunk has loaded.
    await visible(page.getByRole('heading', { name: 'Forgot your password?', level: 1 }));
    await page.getByLabel('Email').fill('nick@northwind.example');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await visible(page.getByText(/If an account exists for this address/));

    await eventually(async () => {
      const found = (await mailsTo('nick@northwind.example')).map((m) => m.match(/https?:\/\/\S+\/reset-password\/[a-z2-7]+/)?.[0]).find(Boolean);
      link = found ?? '';
      return link;
    }).not.toBe('');
    await page.goto(link, { waitUntil: 'domcontentloaded' });
    await page.getByLabel(/New password/).fill('nick-new-password-1');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await visible(page.getByText(/Your password was changed/));

    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('nick@northwind.example');
    await page.getByLabel('Password', { exact: true }).fill('nick-new-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main', includeHidden: true }).waitFor({ state: 'attached' });
    // Back to the demo password, for the other browser tests.
    await api(page, 'POST', '/api/v1/auth/password', { currentPassword: 'nick-new-password-1', newPassword: DEMO_PASSWORD });
  });

  it('refuses the link once it was used', async () => {
    expect(link).not.toBe('');
    const again = await (await newContext(browser)).newPage();
    // Chromium logs the refusal's 404 response as a console error; it is the answer under test.
    allowConsoleErrors(again, /status of 404/);
    await again.goto(link, { waitUntil: 'domcontentloaded' });
    await again.getByLabel(/New password/).fill('another-password-2');
    await again.getByRole('button', { name: 'Set new password' }).click();
    await visible(again.getByText(/unknown, used or expired/));
  });

  it('an unknown email gets the same answer and no mail is written', async () => {
    const before = (await mails()).length;
    const page = await (await newContext(browser)).newPage();
    await page.goto('/forgot-password');
    await page.getByLabel('Email').fill('nobody-here@northwind.example');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await visible(page.getByText(/If an account exists for this address/));
    // A known address asked right after does get its mail; by then the unknown one would have too.
    await api(page, 'POST', '/api/v1/auth/password-reset', { email: 'alice@northwind.example' });
    await eventually(async () => (await mails()).length).toBe(before + 1);
    expect(await mailsTo('nobody-here@northwind.example')).toEqual([]);
  });
});

describe('accessibility of the new pages', () => {
  async function seriousViolations(page: Page, path: string, heading: RegExp) {
    await page.goto(path);
    await visible(page.getByRole('heading', { level: 1, name: heading }));
    await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
    const { violations } = await new AxeBuilder({ page: page as never }).analyze();
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${path} ${v.id}: ${v.help}`);
  }

  const cases: { who: 'rep' | 'manager' | null; path: string; heading: RegExp }[] = [
    { who: 'rep', path: '/notifications', heading: /notifications/i },
    { who: 'rep', path: '/account', heading: /your account/i },
    { who: 'manager', path: '/account', heading: /your account/i },
    { who: null, path: '/forgot-password', heading: /forgot your password/i },
    { who: null, path: '/reset-password/not-a-real-token', heading: /choose a new password/i },
  ];
  for (const c of cases) {
    it(`${c.path} (${c.who ?? 'signed out'}) has no serious axe violations`, async () => {
      // A fresh session each: the password reset above ended Nick's earlier ones.
      const page = c.who ? await pageAs(browser, c.who) : await (await newContext(browser)).newPage();
      expect(await seriousViolations(page, c.path, c.heading)).toEqual([]);
      await page.context().close();
    });
  }
});
