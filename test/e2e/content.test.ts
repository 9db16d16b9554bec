import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, launchBrowser, pageAs, visible } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A file of `size` bytes that is not all one value. */
const fileOf = (name: string, size: number, mimeType: string) => {
  const buffer = Buffer.alloc(size);
  for (let i = 0; i < size; i++) buffer[i] = (i * 31 + name.length) & 0xff;
  return { name, mimeType, buffer };
};

describe('content library', () => {
  it('a manager uploads two files with progress; a Gold partner finds and downloads one, a Silver partner does not see it', async () => {
    const tag = Date.now().toString(36);
    const gold = fileOf(`gold-playbook-${tag}.pdf`, 3_000_000, 'application/pdf');
    const open = fileOf(`open-brief-${tag}.pdf`, 1_500_000, 'application/pdf');

    const manager = await pageAs(browser, 'manager');
    // The suite shares one stack: the certifications walk may have raised Contoso to Gold.
    // This test needs it at its demo tier, Silver.
    await api(manager, 'PATCH', '/api/v1/partners/prt_contoso', { tierId: 'tier_silver' });
    await manager.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Content' }).click();
    await visible(manager.getByRole('heading', { name: 'Content library' }));
    await manager.getByLabel('Status').selectOption('published');
    await manager.getByLabel('Minimum tier').selectOption({ label: 'Gold' });
    await manager.locator('#upload-files').setInputFiles([gold, open]);
    // One progress bar per file, each reaching "uploaded".
    const uploads = manager.getByRole('list', { name: 'Uploads' });
    await eventually(() => uploads.getByRole('progressbar').count()).toBe(2);
    await visible(uploads.getByText(`${gold.name}: uploaded`));
    await visible(uploads.getByText(`${open.name}: uploaded`));
    // The second one is for every tier: edit it.
    const openTitle = `open brief ${tag}`;
    await manager.getByRole('button', { name: `Edit ${openTitle}` }).click();
    await manager.getByLabel('Minimum tier').last().selectOption('');
    await manager.getByRole('button', { name: 'Save' }).click();
    await visible(manager.getByText(`${openTitle} saved.`));
    await manager.context().close();

    const alice = await pageAs(browser, 'partnerAdmin');
    await alice.goto('/content');
    await alice.getByLabel('Search').fill(tag);
    const goldTitle = `gold playbook ${tag}`;
    const link = alice.getByRole('link', { name: new RegExp(`^Download ${goldTitle}`) });
    await visible(link);
    const [download] = await Promise.all([alice.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(gold.name);
    const bytes = await readFile((await download.path())!);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(createHash('sha256').update(gold.buffer).digest('hex'));
    await alice.context().close();

    const carol = await pageAs(browser, 'otherPartnerAdmin');
    await carol.goto('/content');
    await carol.getByLabel('Search').fill(tag);
    await visible(carol.getByRole('heading', { name: openTitle }));
    expect(await carol.getByRole('heading', { name: goldTitle }).count()).toBe(0);
    await carol.context().close();
  });
});
