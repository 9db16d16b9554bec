import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { eventually, launchBrowser, newContext, pageAs, visible } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('team invitations', () => {
  it('a partner admin invites a colleague, who joins through the link and sees the partner navigation', async () => {
    const admin = await pageAs(browser, 'partnerAdmin');
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click();
    const email = `new.rep.${Date.now().toString(36)}@northwind.example`;
    const invite = admin.getByRole('form', { name: 'Invite someone' });
    await invite.getByLabel('Email').fill(email);
    await invite.getByRole('button', { name: 'Create invitation' }).click();
    const link = admin.getByLabel('Invitation link');
    await visible(link);
    const url = await link.inputValue();
    if (!/\/invite\/[^/]+$/.test(new URL(url).pathname)) throw new Error(`unexpected invitation link ${url}`);

    const invitee = await (await newContext(browser)).newPage();
    await invitee.goto(new URL(url).pathname);
    await visible(invitee.getByRole('heading', { name: 'Accept your invitation' }));
    await invitee.getByLabel('Your name').fill('Nora Newhire');
    await invitee.getByLabel('Choose a password').fill('a-long-new-password-1');
    await invitee.getByLabel('Repeat the password').fill('a-long-new-password-1');
    await invitee.getByRole('button', { name: 'Create account and sign in' }).click();
    const nav = invitee.getByRole('navigation', { name: 'Main' });
    await visible(nav);
    await eventually(() => nav.getByRole('link').allInnerTexts()).toContain('Register deal');
    await visible(invitee.getByText('Nora Newhire'));

    await admin.reload();
    await visible(admin.getByText(email));
    await Promise.all([admin.context().close(), invitee.context().close()]);
  });
});

describe('webhook endpoints', () => {
  it('an admin adds an endpoint, sees its signing secret once, and finds it in the list', async () => {
    const admin = await pageAs(browser, 'admin');
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' }).click();
    await admin.getByRole('button', { name: 'Add endpoint' }).click();
    const form = admin.getByRole('form', { name: 'Add an endpoint' });
    const receiver = `https://crm.example.com/hooks/${Date.now().toString(36)}`;
    await form.getByLabel('Receiver URL').fill(receiver);
    await form.getByLabel('Description').fill('CRM deal sync');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = admin.getByLabel('Signing secret');
    await visible(secret);
    await eventually(() => secret.inputValue()).toMatch(/^whsec_/);
    await visible(admin.getByRole('button', { name: `Edit ${receiver}` }));
    await admin.context().close();
  });
});
