/**
 * Debian's chromium (never a downloaded browser) through playwright-core, and the few steps
 * every flow shares: sign in as a persona, call the API with that persona's session.
 */
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Request } from 'playwright-core';
import { expect, inject } from 'vitest';
import { DEMO_PASSWORD, PERSONAS, type Persona } from './personas.ts';

/** Waits until the locator is visible (playwright-core has no web-first `expect`). */
export const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });

/** Retries a read of the page until it satisfies the assertion (or times out). */
export const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless chromium. playwright-core gives every launch a fresh temporary --user-data-dir
 * (and rejects one passed in args), so no profile state leaks between runs.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

export const baseUrl = () => inject('baseUrl');

export async function newContext(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl(), viewport, locale: 'en-US', timezoneId: 'UTC' });
  // Upper bounds only (every wait is for content): CI machines are shared 2-core boxes, and a
  // page load stalled behind a burst of axe scans once took longer than 15 s.
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  watchConsole(context);
  watchRequests(context);
  return context;
}

/*
 * Requests the browser sent and has no answer for yet, per context: printed when a test fails
 * (console-guard.ts), so a page that never settles names the request it waits for. Kept after
 * the context closes (tests close theirs in `finally`, before the failure is reported) until
 * the next test starts.
 */
const inFlight = new Map<BrowserContext, { started: Map<Request, number>; closed: boolean }>();

function watchRequests(context: BrowserContext) {
  const entry = { started: new Map<Request, number>(), closed: false };
  inFlight.set(context, entry);
  context.on('request', (request) => entry.started.set(request, Date.now()));
  context.on('requestfinished', (request) => entry.started.delete(request));
  context.on('requestfailed', (request) => entry.started.delete(request));
  context.on('close', () => {
    entry.closed = true;
  });
}

/** "GET /api/v1/… (waiting 12.3 s)" for every request unanswered when its context closed or now. */
export function pendingRequests(): string[] {
  const now = Date.now();
  return [...inFlight.values()].flatMap(({ started, closed }) =>
    [...started].map(([request, at]) => `${request.method()} ${request.url()} (sent ${((now - at) / 1000).toFixed(1)} s ago${closed ? ', context since closed' : ''})`),
  );
}

/** Forgets closed contexts (a new test starts). */
export function forgetClosedContexts(): void {
  for (const [context, { closed }] of inFlight) if (closed) inFlight.delete(context);
}

/*
 * The console stays clean on normal use: every browser context records console errors and
 * uncaught page errors, and `console-guard.ts` (a setup file) fails the test in which one
 * appeared. A test that provokes an error on purpose (a wrong password answers 401, and the
 * browser logs every 4xx response) says so with `allowConsoleErrors`.
 */
const problems: string[] = [];
const allowed = new WeakMap<BrowserContext, RegExp[]>();

function watchConsole(context: BrowserContext) {
  const record = (text: string) => {
    if (!(allowed.get(context) ?? []).some((pattern) => pattern.test(text))) problems.push(text);
  };
  context.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    record(`console error: ${message.text()}${where ? ` (${where})` : ''}`);
  });
  context.on('weberror', (error) => record(`page error: ${error.error().message}`));
}

/** Errors this test expects in `page`'s context, matched against "console error: <text> (<url>)". */
export function allowConsoleErrors(page: Page, ...patterns: RegExp[]): void {
  const context = page.context();
  allowed.set(context, [...(allowed.get(context) ?? []), ...patterns]);
}

/** The errors recorded since the last call (and forgets them). */
export function takeConsoleProblems(): string[] {
  return problems.splice(0, problems.length);
}

/** Signs in through the sign-in page and waits for the signed-in shell. */
export async function signIn(page: Page, persona: Persona): Promise<void> {
  // The form is waited for below; the full "load" event can take long on a busy machine.
  await page.goto('/sign-in', { waitUntil: 'domcontentloaded' });
  await page.getByLabel('Email').fill(PERSONAS[persona].email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Attached, not visible: on a phone the navigation sits behind the Menu button.
  await page.getByRole('navigation', { name: 'Main', includeHidden: true }).waitFor({ state: 'attached' });
}

/** A signed-in page of a fresh context (own cookies) for `persona`. */
export async function pageAs(browser: Browser, persona: Persona, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await (await newContext(browser, viewport)).newPage();
  await signIn(page, persona);
  return page;
}

/** Calls the API with the page's session (same-origin, as the portal's own fetches). */
export async function api<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  const res = await page.request.fetch(path, {
    method,
    headers: { origin: baseUrl(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
  return (res.status() === 204 ? undefined : await res.json()) as T;
}

/** A customer domain no other test or seed row uses (a registrable domain of its own: the worker accepts ICANN suffixes only, and every *.example.com would be one customer). */
export function uniqueDomain(label: string): string {
  return `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.com`;
}

/** An expected close date a few weeks out (ISO yyyy-mm-dd). */
export function closeDate(daysAhead = 45): string {
  return new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);
}
