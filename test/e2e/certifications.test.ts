import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, baseUrl, closeDate, eventually, launchBrowser, pageAs, uniqueDomain, visible } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

describe('certification → tier upgrade', () => {
  it('a partner records a certification, a manager verifies it, the daily job proposes Gold, the manager approves, the next deal gets Gold protection', async () => {
    // Contoso (Silver) is one Platform Technical Professional away from Gold in the demo seed.
    const carol = await pageAs(browser, 'otherPartnerAdmin');
    await carol.goto('/our-tier');
    await visible(carol.getByRole('heading', { name: 'Progress to Gold' }));
    await visible(carol.getByText('1 more person certified in Platform Technical Professional'));
    await carol.goto('/certifications');
    await carol.getByRole('button', { name: 'Record a certification' }).click();
    const form = carol.getByRole('form', { name: 'Record a certification' });
    await form.getByLabel('Program').selectOption({ label: 'Platform Technical Professional (Professional)' });
    await form.getByLabel('Earned on').fill(yesterday());
    await form.getByLabel('Credential id', { exact: false }).fill('TP-E2E-1');
    await form.getByRole('button', { name: 'Record certification' }).click();
    await visible(carol.getByText('a manager will verify it'));

    const manager = await pageAs(browser, 'manager');
    await manager.goto('/certifications');
    await manager.getByRole('button', { name: "Verify Carol Contoso's Platform Technical Professional" }).click();
    await visible(manager.getByText("Carol Contoso's Platform Technical Professional verified."));
    await carol.goto('/our-tier');
    // Gold is met now: progress is shown toward the tier above it.
    await visible(carol.getByRole('heading', { name: 'Progress to Platinum' }));

    // The daily job, triggered on the running stack (wrangler dev --test-scheduled).
    const res = await fetch(`${baseUrl()}/__scheduled?cron=${encodeURIComponent('0 3 * * *')}`);
    expect(await res.text()).toContain('Ran scheduled event');
    await manager.goto('/tiers');
    await manager.getByRole('button', { name: 'Approve Contoso Integrators: Gold' }).click();
    await visible(manager.getByText('Contoso Integrators is now Gold.'));
    await carol.goto('/our-tier');
    await visible(carol.getByRole('heading', { name: 'Gold', exact: true }));

    const deal = await api<{ id: string }>(carol, 'POST', '/api/v1/deals', {
      customerName: 'Upgrade Proof Ltd',
      customerDomain: uniqueDomain('upgrade-proof'),
      contactName: 'Pat Buyer',
      contactEmail: 'pat@buyer.example',
      country: 'US',
      products: ['prd_platform'],
      estimatedValue: 50000,
      currency: 'USD',
      expectedCloseDate: closeDate(),
    });
    const approved = await api<{ approvedAt: string; expiresAt: string }>(manager, 'POST', `/api/v1/deals/${deal.id}/approve`, {});
    await eventually(async () => (Date.parse(approved.expiresAt) - Date.parse(approved.approvedAt)) / 86_400_000).toBe(120);
    await Promise.all([carol.context().close(), manager.context().close()]);
  }, 180_000);
});
