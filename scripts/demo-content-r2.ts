import { join } from 'node:path';
import { getPlatformProxy } from 'wrangler';
import { DEMO_CONTENT_FILES } from '../db/seed/demo-content.ts';
import type { Env } from '../worker/env.ts';

/**
 * Puts the demo content files into wrangler's local R2, in the state `wrangler dev
 * --persist-to <persistTo>` reads (its `v3` folder), through wrangler's own platform proxy.
 * Files already there are left alone.
 */
export async function putDemoContent(persistTo: string, configPath: string): Promise<number> {
  const proxy = await getPlatformProxy<Pick<Env, 'CONTENT_BUCKET'>>({ configPath, persist: { path: join(persistTo, 'v3') }, remoteBindings: false });
  try {
    let put = 0;
    for (const file of DEMO_CONTENT_FILES) {
      if (await proxy.env.CONTENT_BUCKET.head(file.key)) continue;
      await proxy.env.CONTENT_BUCKET.put(file.key, file.bytes, { httpMetadata: { contentType: file.contentType }, customMetadata: { fileName: file.fileName } });
      put++;
    }
    return put;
  } finally {
    await proxy.dispose();
  }
}
