import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { allowConsoleErrors, eventually, launchBrowser, newContext, pageAs, visible } from './browser.ts';
import { NAVIGATION, PERSONAS, type Persona } from './personas.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('sign-in and role navigation', () => {
  for (const persona of Object.keys(PERSONAS) as Persona[]) {
    it(`${PERSONAS[persona].email} sees the ${persona} navigation`, async () => {
      const page = await pageAs(browser, persona);
      await visible(page.getByText(PERSONAS[persona].name));
      const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
      await eventually(() => links.allInnerTexts()).toEqual(NAVIGATION[persona].nav);
      await page.context().close();
    });
  }

  it('sends a signed-out visitor to sign-in and rejects a wrong password', async () => {
    const page = await (await newContext(browser)).newPage();
    // The wrong password answers 401, which the browser logs: expected here, nowhere else.
    allowConsoleErrors(page, /status of 401.*\/api\/v1\/auth\/login/);
    await page.goto('/deals');
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('Email').fill(PERSONAS.rep.email);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await eventually(() => page.getByRole('alert').first().innerText()).toMatch(/wrong|invalid|incorrect/i);
    await eventually(() => page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await page.context().close();
  });

  it('signs out', async () => {
    const page = await pageAs(browser, 'rep');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto('/deals');
    await page.waitForURL(/\/sign-in/);
    await page.context().close();
  });
});
