/** Every demo account's password (db/seed/demo.ts). */
export const DEMO_PASSWORD = 'demo-password-1';

/** The demo seed's people (db/seed/demo.ts), signed in through the real login route. */
export const PEOPLE = {
  manager: 'manager@vendor.example',
  admin: 'admin@vendor.example',
  alice: 'alice@northwind.example',
  nick: 'nick@northwind.example',
  carol: 'carol@contoso.example',
} as const;

/** Integration tokens the tests use, created by the demo admin through the real tokens route. */
export const TOKENS = {
  crm: ['deals:read', 'customers:write'],
  crmWriter: ['deals:read', 'deals:write'],
  crmReader: ['deals:read'],
} as const;

export type Persona = keyof typeof PEOPLE | keyof typeof TOKENS;

/** What signing in needs of a test app: its plain request (test/worker/harness.ts). */
interface Requester {
  request(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
}

/**
 * Signs in through POST /api/v1/auth/login and returns the headers that carry the session
 * (a `cookie` header) for later `app.request(path, { headers })` calls.
 */
export async function signIn(app: Requester, email: string, password = DEMO_PASSWORD): Promise<Record<string, string>> {
  const res = await app.request('/api/v1/auth/login', { method: 'POST', json: { email, password } });
  if (res.status !== 200) throw new Error(`sign-in as ${email}: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const pair = setCookie.split(';')[0]!;
  return { cookie: pair };
}

/**
 * Credentials per persona for one test app (one database): a session cookie from
 * POST /auth/login, or `Authorization: Bearer` from POST /tokens. Each is made once and reused,
 * so every request goes through the production session/token middleware.
 */
export function personas(app: Requester) {
  const cache = new Map<Persona, Promise<Record<string, string>>>();
  const tokenIds = new Map<Persona, string>();
  const make = async (who: Persona): Promise<Record<string, string>> => {
    if (who in PEOPLE) return signIn(app, PEOPLE[who as keyof typeof PEOPLE]);
    const admin = await headersFor('admin');
    const res = await app.request('/api/v1/tokens', {
      method: 'POST',
      headers: admin,
      json: { name: `test ${who}`, scopes: TOKENS[who as keyof typeof TOKENS] },
    });
    if (res.status !== 201) throw new Error(`token for ${who}: ${res.status} ${await res.text()}`);
    const { secret, token } = (await res.json()) as { secret: string; token: { id: string } };
    const headers = { authorization: `Bearer ${secret}` };
    // First use records last-used time after the response; do it now so it never lands in
    // the round trips a test counts for its own request.
    await app.request('/api/v1/me', { headers });
    tokenIds.set(who, token.id);
    return headers;
  };
  const headersFor = (who: Persona) => {
    let pending = cache.get(who);
    if (!pending) cache.set(who, (pending = make(who)));
    return pending;
  };
  /** The id of a token persona's integration token (as audit and timeline rows record it). */
  const tokenId = async (who: keyof typeof TOKENS) => {
    await headersFor(who);
    return tokenIds.get(who)!;
  };
  return { headersFor, tokenId };
}
