/**
 * Every page each persona can reach (personas.ts) is scanned with axe at desktop and phone
 * widths: no serious or critical violations. Screenshots of each go to test-results/screenshots/.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, closeDate, launchBrowser, newContext, signIn, uniqueDomain, visible } from './browser.ts';
import { NAVIGATION, PUBLIC_PAGES, type Page as PortalPage, type Persona } from './personas.ts';

const SHOTS = 'test-results/screenshots';
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
const SCANNED: Persona[] = ['rep', 'partnerAdmin', 'manager', 'admin'];

let browser: Browser;
let dealId: string;
beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  browser = await launchBrowser();
  // A deal, so the deal page shows real content for partners and staff alike.
  const page = await (await newContext(browser)).newPage();
  await signIn(page, 'rep'); // reps see only their own deals; their admin and staff see it too
  ({ id: dealId } = await api<{ id: string }>(page, 'POST', '/api/v1/deals', {
    customerName: 'Axe Scan Industries',
    customerDomain: uniqueDomain('axescan'),
    contactName: 'Robin Reviewer',
    contactEmail: 'robin@axescan.example',
    country: 'FR',
    products: ['prd_platform', 'prd_support'],
    estimatedValue: 87_500,
    currency: 'EUR',
    expectedCloseDate: closeDate(60),
    notes: 'Shortlisted against two competitors; decision next quarter.',
  }));
  await page.context().close();
});
afterAll(async () => {
  await browser?.close();
});

async function scan(page: Page, portalPage: PortalPage, name: string): Promise<void> {
  const failed = async (err: unknown) => {
    await page.screenshot({ path: `${SHOTS}/${name}-FAILED.png`, fullPage: true });
    throw err;
  };
  // The heading and network idle are waited for below; "load" alone can exceed 15 s on a loaded machine.
  await page.goto(portalPage.path, { waitUntil: 'domcontentloaded' });
  await visible(page.getByRole('heading', { level: 1, name: portalPage.heading })).catch(failed);
  await page.waitForLoadState('networkidle').catch(failed);
  // Skeletons and "Loading…" placeholders must be gone before the scan and the screenshot: a
  // page still loading is a failure, never scanned half-drawn.
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' }).catch(failed);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  const { violations } = await new AxeBuilder({ page: page as never }).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`);
  expect(serious, `${name} (${portalPage.path})`).toEqual([]);
}

const slug = (path: string) => (path === '/' ? 'home' : path.slice(1).replace(/[^a-z0-9]+/gi, '-'));

for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
  describe(`accessibility at ${viewportName} width`, () => {
    it('public pages', async () => {
      const page = await (await newContext(browser, viewport)).newPage();
      for (const p of PUBLIC_PAGES) await scan(page, p, `public-${slug(p.path)}-${viewportName}`);
      await page.context().close();
    });

    for (const persona of SCANNED) {
      it(`every page of ${persona}`, async () => {
        const page = await (await newContext(browser, viewport)).newPage();
        await signIn(page, persona);
        const pages = [...NAVIGATION[persona].pages, { path: `/deals/${dealId}`, heading: /Axe Scan Industries/ }, { path: '/no-such-page', heading: /not found/i }];
        for (const p of pages) await scan(page, p, `${persona}-${slug(p.path.replace(dealId, 'detail'))}-${viewportName}`);
        await page.context().close();
        // Up to eleven pages, each waited for, screenshotted and scanned: 60 s is too little on a loaded 2-core machine.
      }, 300_000);
    }
  });
}
