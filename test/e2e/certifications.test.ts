import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowConsoleErrors, api, baseUrl, closeDate, eventually, launchBrowser, pageAs, uniqueDomain, visible } from './browser.ts';

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

describe('tier definitions', () => {
  it('a manager sets, checks and removes a program requirement of a tier; a bad count is answered next to its field', async () => {
    const manager = await pageAs(browser, 'manager');
    // The 422 of the bad count below (the browser logs every 4xx response).
    allowConsoleErrors(manager, /status of 422 .*\/api\/v1\/tiers\//);
    await manager.goto('/tiers');
    const form = manager.getByRole('form', { name: 'Add or edit a tier' });
    await form.getByLabel('Tier', { exact: true }).selectOption({ label: 'Platinum' });
    await visible(form.getByRole('heading', { name: 'Edit Platinum' }));
    await visible(form.getByText('None: any certification counts.'));

    await form.getByRole('button', { name: 'Add a program requirement' }).click();
    await form.getByLabel('Program (requirement 1)').selectOption({ label: 'Security Suite Specialist' });
    await form.getByLabel('People (requirement 1)').fill('0');
    await form.getByRole('button', { name: 'Save tier' }).click();
    // The server's rule, shown at the field it is about (its error is what the input is described by).
    const people = form.getByLabel('People (requirement 1)');
    await eventually(() => people.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await people.getAttribute('aria-describedby'))!.split(' ').find((id) => id.endsWith('-error'))!;
    expect(await form.locator(`#${errorId}`).textContent()).toMatch(/1/);

    await form.getByLabel('People (requirement 1)').fill('2');
    await form.getByRole('button', { name: 'Save tier' }).click();
    await visible(form.getByText('Platinum saved.'));
    const table = manager.getByRole('region', { name: 'Tier definitions' });
    await visible(table.getByText('+ 2 in Security Suite Specialist'));

    // What the partner side reads: the tier's requirements through the API.
    const tiers = await api<{ items: { name: string; programRequirements: { programId: string; people: number }[] }[] }>(manager, 'GET', '/api/v1/tiers');
    expect(tiers.items.find((t) => t.name === 'Platinum')!.programRequirements).toEqual([expect.objectContaining({ programId: 'pgm_security_specialist', people: 2 })]);

    // Open it again: the form shows the stored requirement; remove it.
    await manager.reload();
    await form.getByLabel('Tier', { exact: true }).selectOption({ label: 'Platinum' });
    expect(await form.getByLabel('Program (requirement 1)').inputValue()).toBe('pgm_security_specialist');
    await form.getByRole('button', { name: 'Remove requirement 1' }).click();
    await form.getByRole('button', { name: 'Save tier' }).click();
    await visible(form.getByText('Platinum saved.'));
    await eventually(() => table.getByText('in Security Suite Specialist').count()).toBe(0);
    await manager.context().close();
  }, 180_000);
});
