import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, closeSession, isAbort, openSession } from './client.ts';

const ok = () => new Response(JSON.stringify({ ok: true }), { status: 200, headers: { 'content-type': 'application/json' } });

afterEach(() => {
  openSession();
  vi.unstubAllGlobals();
});

describe('the session gate of the API client', () => {
  it('holds back private requests after sign-out, without asking the server', async () => {
    const fetch = vi.fn(async () => ok());
    vi.stubGlobal('fetch', fetch);
    closeSession();
    const err = await api.get('/api/v1/deals/summary').catch((e: unknown) => e);
    expect(isAbort(err)).toBe(true);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('still lets the sign-in and session probe through while signed out', async () => {
    const fetch = vi.fn(async () => ok());
    vi.stubGlobal('fetch', fetch);
    closeSession();
    await expect(api.post('/api/v1/auth/login', { email: 'a@b.example' }, { allowUnauthenticated: true })).resolves.toEqual({ ok: true });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('sends private requests again once a session is confirmed', async () => {
    const fetch = vi.fn(async () => ok());
    vi.stubGlobal('fetch', fetch);
    closeSession();
    openSession();
    await expect(api.get('/api/v1/deals/summary')).resolves.toEqual({ ok: true });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('cancels a request still in flight when the session closes', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        (_url: string, init: RequestInit) =>
          new Promise<Response>((_resolve, reject) => {
            init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
          }),
      ),
    );
    const pending = api.get('/api/v1/deals').catch((e: unknown) => e);
    closeSession();
    expect(isAbort(await pending)).toBe(true);
  });
});
