import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { api, closeDate, eventually, launchBrowser, pageAs, uniqueDomain, visible } from './browser.ts';

let browser: Browser;
let partner: Page;
let manager: Page;
let otherPartner: Page;
beforeAll(async () => {
  browser = await launchBrowser();
  [partner, manager, otherPartner] = await Promise.all([pageAs(browser, 'partnerAdmin'), pageAs(browser, 'manager'), pageAs(browser, 'otherPartnerAdmin')]);
});
afterAll(async () => {
  await browser?.close();
});

const precheck = (page: Page) => page.getByTestId('precheck');
const statusOf = (page: Page) => page.getByRole('main').locator('.facts dt:text-is("Status") + dd');

/** Registers a deal through the API (for flows that start after registration). */
async function registerViaApi(page: Page, customerName: string): Promise<{ id: string; customerName: string }> {
  return api(page, 'POST', '/api/v1/deals', {
    customerName,
    customerDomain: uniqueDomain('api'),
    contactName: 'Pat Buyer',
    contactEmail: 'pat@buyer.example',
    country: 'DE',
    products: ['prd_platform'],
    estimatedValue: 42_000,
    currency: 'EUR',
    expectedCloseDate: closeDate(),
  });
}

async function openDeal(page: Page, id: string) {
  await page.goto(`/deals/${id}`);
  await visible(page.getByRole('heading', { name: 'Registration' }));
}

describe('deal registration → approval', () => {
  const customer = `Blue Fjord Logistics ${Date.now().toString(36)}`;
  const domain = uniqueDomain('bluefjord');
  let dealUrl = '';

  it('a partner registers a new customer: the pre-check says clear', async () => {
    await partner.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Register deal' }).click();
    await visible(partner.getByRole('heading', { name: 'Register a deal', level: 1 }));
    await partner.getByLabel('Customer company').fill(customer);
    await partner.getByLabel('Customer web domain').fill(domain);
    await eventually(() => precheck(partner).innerText()).toMatch(/clear/i);

    await partner.getByLabel('Country').selectOption('DE');
    await partner.getByLabel('Contact name').fill('Ingrid Olsen');
    await partner.getByLabel('Contact email').fill('ingrid@bluefjord.example');
    await partner.getByLabel(/Platform Enterprise/).check();
    await partner.getByLabel('Estimated value').fill('120000');
    await partner.getByLabel('Currency').selectOption('EUR');
    await partner.getByLabel('Expected close date').fill(closeDate());
    await partner.getByRole('button', { name: 'Register deal' }).click();

    await partner.waitForURL(/\/deals\/[^/]+\?registered=1/);
    dealUrl = new URL(partner.url()).pathname;
    await visible(partner.getByText('Deal registered'));
    await eventually(() => statusOf(partner).innerText()).toBe('Submitted');
  });

  it('the manager approves it in the approval queue', async () => {
    await manager.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approval queue' }).click();
    await visible(manager.getByRole('heading', { name: 'Approval queue', level: 1 }));
    await manager.getByRole('checkbox', { name: `Select ${customer}` }).check();
    await manager.getByLabel('Decision', { exact: true }).selectOption('approve');
    await manager.getByRole('button', { name: 'Approve selected' }).click();
    await eventually(() => manager.getByRole('checkbox', { name: `Select ${customer}` }).count()).toBe(0);
  });

  it('the partner sees it approved', async () => {
    await partner.goto(dealUrl);
    await eventually(() => statusOf(partner).innerText()).toBe('Approved');
    await partner.goto('/deals');
    await visible(partner.getByRole('link', { name: customer }));
  });

  it("another partner's pre-check says the customer is protected, without saying by whom", async () => {
    await otherPartner.goto('/deals/new');
    await otherPartner.getByLabel('Customer web domain').fill(domain);
    await eventually(() => precheck(otherPartner).innerText()).toMatch(/protected/i);
    const text = await precheck(otherPartner).innerText();
    if (/northwind/i.test(text)) throw new Error(`the pre-check names the other partner: ${text}`);
  });
});

describe('manager decisions on the deal page', () => {
  it('rejects with a reason the partner can read', async () => {
    const deal = await registerViaApi(partner, `Rejected Corp ${Date.now().toString(36)}`);
    await openDeal(manager, deal.id);
    await manager.getByRole('button', { name: 'Reject', exact: true }).click();
    const form = manager.getByRole('form', { name: 'Reject' });
    await form.getByLabel('Reason code').selectOption({ label: 'Channel conflict' });
    await form.getByLabel(/Explanation for the partner/).fill('Another partner already works this account.');
    await form.getByRole('button', { name: 'Reject registration' }).click();
    await eventually(() => statusOf(manager).innerText()).toBe('Rejected');

    await openDeal(partner, deal.id);
    await eventually(() => statusOf(partner).innerText()).toBe('Rejected');
    await visible(partner.getByText('Another partner already works this account.'));
  });

  it('requests information, the partner resubmits, the manager sees it resubmitted', async () => {
    const deal = await registerViaApi(partner, `Info Needed GmbH ${Date.now().toString(36)}`);
    await openDeal(manager, deal.id);
    await manager.getByRole('button', { name: 'Request info' }).click();
    await manager.getByLabel('What should the partner add or correct?').fill('Which products exactly, and the budget owner?');
    await manager.getByRole('button', { name: 'Send request' }).click();
    await eventually(() => statusOf(manager).innerText()).toBe('Info requested');

    await openDeal(partner, deal.id);
    await eventually(() => statusOf(partner).innerText()).toBe('Info requested');
    await partner.getByRole('button', { name: 'Update and resubmit' }).click();
    await visible(partner.getByText('Which products exactly, and the budget owner?'));
    await partner.getByLabel(/Message to the manager/).fill('Platform for 300 seats; the CFO owns the budget.');
    await partner.getByRole('button', { name: 'Resubmit', exact: true }).click();
    await eventually(() => statusOf(partner).innerText()).toBe('Resubmitted');

    await openDeal(manager, deal.id);
    await eventually(() => statusOf(manager).innerText()).toBe('Resubmitted');
    await visible(manager.getByText('Platform for 300 seats; the CFO owns the budget.'));
  });
});
