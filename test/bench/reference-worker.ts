/**
 * The benchmarks' reference worker: plain Hono + @libsql/client/http (the client the real worker
 * uses), no validation library, no
 * ORM, no OpenAPI. It answers the deal list, the pre-check and a registration with the same
 * database work as the real worker (the same statements per round trip: session probe first,
 * then the route's reads; a registration's writes, with the in-database conflict detection, in a
 * second batch; after the response the outbox enqueue with the notification fan-out — the
 * statements recorded with BENCH_RECORD_SQL=1, kept in step when the real worker's change), so `npm run bench` can put every CPU and startup figure beside it.
 * The session probe's arguments come straight from the cookie: what the reference measures is
 * the work, not the security.
 */
import { createClient, type InStatement } from '@libsql/client/http';
import { Hono } from 'hono';

interface Env {
  TURSO_DATABASE_URL: string;
  TURSO_AUTH_TOKEN?: string;
}

const app = new Hono<{ Bindings: Env }>();
const db = (env: Env) => createClient({ url: env.TURSO_DATABASE_URL, authToken: env.TURSO_AUTH_TOKEN, intMode: 'number' });
const ACTIVE = ['submitted', 'resubmitted', 'info_requested', 'approved'];
const iso = (ms: unknown) => (ms === null ? null : new Date(Number(ms)).toISOString());
const newId = (prefix: string) => `${prefix}_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;

function probe(cookie: string | undefined): InStatement {
  const [sid = '', hash = ''] = (cookie ?? '').replace(/^.*session=/, '').split('.');
  const now = Date.now();
  return {
    sql: `select (select s.last_seen_at from sessions s join users u on u.id = s.user_id where s.id = ? and s.token_hash = ? and s.revoked_at is null and s.expires_at > ? and s.last_seen_at > ? and u.status = 'active') as seen`,
    args: [sid, hash, now, now - 12 * 3_600_000],
  };
}

const candidates = (domain: string, nameKey: string, token: string): InStatement[] => [
  {
    sql: `select id, partner_id, status, expires_at, registrable_domain, customer_name_key from deals where (registrable_domain = ? and status in (?, ?, ?, ?)) or (customer_name_key = ? and status in (?, ?, ?, ?)) or (customer_name_token = ? and status in (?, ?, ?, ?)) limit 200`,
    args: [domain, ...ACTIVE, nameKey, ...ACTIVE, token, ...ACTIVE],
  },
  { sql: 'select id, registrable_domain, name_key from customers where registrable_domain = ? or name_key = ? or name_token = ? limit 200', args: [domain, nameKey, token] },
];

const scales = new Map<string, number>();
function scale(currency: string): number {
  if (!scales.has(currency)) scales.set(currency, 10 ** new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits!);
  return scales.get(currency)!;
}

function dealJson(r: Record<string, unknown>) {
  const digits = scale(String(r.currency));
  return {
    id: r.id, status: r.status, partnerId: r.partner_id, createdBy: r.created_by, customerName: r.customer_name, customerDomain: r.customer_domain,
    registrableDomain: r.registrable_domain, contactName: r.contact_name, contactEmail: r.contact_email, contactTitle: r.contact_title, country: r.country,
    products: JSON.parse(String(r.products ?? '[]')), estimatedValue: Number(r.estimated_value_minor) / digits, currency: r.currency,
    expectedCloseDate: r.expected_close_date, notes: r.notes, conflict: Boolean(r.has_conflict), submittedAt: iso(r.submitted_at), approvedAt: iso(r.approved_at),
    expiresAt: iso(r.expires_at), extensionRequestedAt: iso(r.extension_requested_at), decisionReason: r.decision_reason, rejectionCode: r.rejection_code,
    wonAmount: r.won_amount_minor === null ? null : Number(r.won_amount_minor) / digits, closeDate: r.close_date, lostReason: r.lost_reason, crmId: r.crm_id,
    createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
  };
}

app.post('/api/v1/auth/login', (c) => c.json({ ok: true }, 200, { 'set-cookie': 'session=ref.ref; Path=/' }));

app.get('/api/v1/deals', async (c) => {
  const limit = Math.min(100, Number(c.req.query('limit') ?? 25));
  const [, page] = await db(c.env).batch(
    [
      probe(c.req.header('cookie')),
      {
        sql: `select deals.*, (select coalesce(json_group_array(json_object('id', p.id, 'name', p.name, 'sku', p.sku)), '[]') from deal_products dp join products p on p.id = dp.product_id where dp.deal_id = deals.id) as products from deals order by created_at desc, id desc limit ?`,
        args: [limit + 1],
      },
    ],
    'deferred',
  );
  const items = page!.rows.slice(0, limit).map((r) => dealJson(r as never));
  return c.json({ items, nextCursor: page!.rows.length > limit ? btoa(JSON.stringify([items.at(-1)!.createdAt, items.at(-1)!.id])) : null });
});

app.get('/api/v1/deals/precheck', async (c) => {
  const domain = (c.req.query('domain') ?? '').trim().toLowerCase();
  const nameKey = (c.req.query('company') ?? '').trim().toLowerCase();
  const [, deals, customers] = await db(c.env).batch([probe(c.req.header('cookie')), ...candidates(domain, nameKey, nameKey.split(' ')[0] ?? '')], 'deferred');
  if (customers!.rows.length) return c.json({ result: 'existing_customer' });
  return c.json(deals!.rows.length ? { result: 'protected' } : { result: 'clear' });
});

interface Registration {
  customerName: string;
  customerDomain: string;
  contactName: string;
  contactEmail: string;
  country: string;
  products: string[];
  estimatedValue: number;
  currency: string;
  expectedCloseDate: string;
}

app.post('/api/v1/deals', async (c) => {
  const body = await c.req.json<Registration>();
  const client = db(c.env);
  const domain = body.customerDomain.trim().toLowerCase();
  const nameKey = body.customerName.trim().toLowerCase();
  const token = nameKey.split(' ')[0]!;
  const [, , , products, , partner] = await client.batch(
    [
      probe(c.req.header('cookie')),
      ...candidates(domain, nameKey, nameKey.split(' ')[0]!),
      { sql: `select id, name, sku, active, created_at from products where id in (${body.products.map(() => '?').join(', ')})`, args: body.products },
      { sql: 'select * from idempotency_keys where scope = ? and key = ? limit 1', args: ['user:usr_demo_alice', ''] },
      { sql: 'select id, name from partners where id = ? limit 1', args: ['prt_northwind'] },
    ],
    'deferred',
  );
  const now = Date.now();
  const id = newId('dl');
  const minor = Math.round(body.estimatedValue * 100);
  const row = {
    id, partner_id: 'prt_northwind', created_by: 'usr_demo_alice', customer_name: body.customerName, customer_domain: body.customerDomain, registrable_domain: domain,
    contact_name: body.contactName, contact_email: body.contactEmail, contact_title: null, country: body.country, estimated_value_minor: minor, currency: body.currency,
    expected_close_date: body.expectedCloseDate, notes: null, status: 'submitted', has_conflict: 0, submitted_at: now, approved_at: null, expires_at: null,
    extension_requested_at: null, decision_reason: null, rejection_code: null, won_amount_minor: null, close_date: null, lost_reason: null, crm_id: null,
    created_at: now, updated_at: now, products: JSON.stringify(products!.rows.map((p) => ({ id: p.id, name: p.name, sku: p.sku }))),
  };
  const view = dealJson(row);
  const eventId = newId('evt');
  await client.batch(
    [
      {
        sql: `insert into deals (id, partner_id, created_by, customer_name, customer_name_key, customer_name_token, customer_domain, registrable_domain, contact_name, contact_email, country, estimated_value_minor, currency, expected_close_date, status, has_conflict, submitted_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', 0, ?, ?, ?)`,
        args: [id, row.partner_id, row.created_by, row.customer_name, nameKey, nameKey.split(' ')[0]!, row.customer_domain, domain, row.contact_name, row.contact_email, row.country, minor, row.currency, row.expected_close_date, now, now, now],
      },
      ...body.products.map((p) => ({ sql: 'insert into deal_products (deal_id, product_id) values (?, ?)', args: [id, p] })),
      { sql: `insert into deal_events (id, deal_id, at, actor_type, actor_id, type, to_status) values (?, ?, ?, 'user', ?, 'registered', 'submitted')`, args: [newId('dev'), id, now, row.created_by] },
      { sql: `insert into audit_log (id, at, actor_type, actor_id, action, object_type, object_id, partner_id) values (?, ?, 'user', ?, 'deal.registered', 'deal', ?, ?)`, args: [newId('aud'), now, row.created_by, id, row.partner_id] },
      {
        sql: `insert into events (id, type, occurred_at, partner_id, subject_type, subject_id, data) values (?, 'deal.registered', ?, ?, 'deal', ?, ?)`,
        args: [eventId, now, row.partner_id, id, JSON.stringify({ ...view, partner: { id: row.partner_id, name: partner!.rows[0]?.name ?? '' } })],
      },
      // Conflict detection inside the write (race-safe), both sides flagged, as the real worker does.
      {
        sql: `insert into deal_conflicts (id, deal_id, conflicting_deal_id, customer_id, other_partner_id, reason, score, created_at)
          select 'dcf_' || lower(hex(randomblob(10))), ?, d.id, null, d.partner_id,
            case when d.partner_id = ? then 'duplicate' when d.registrable_domain = ? then 'same_domain' else 'similar_name' end,
            case when (d.registrable_domain = ? or d.customer_name_key = ?) then 1 else null end, ?
          from deals d
          where ((d.registrable_domain = ? or d.customer_name_key = ?) or (d.customer_name_token = ? and d.created_at >= ? and d.id not in (select value from json_each(?))))
            and d.id <> ? and +d.status in (?, ?, ?, ?) and (d.status <> 'approved' or d.expires_at is null or d.expires_at > ?)
            and not exists (select 1 from deal_conflicts x where x.deal_id = ? and x.conflicting_deal_id = d.id)
          order by (d.registrable_domain = ? or d.customer_name_key = ?) desc, d.submitted_at, d.id
          limit max(0, ? - (select count(*) from deal_conflicts x where x.deal_id = ?))`,
        args: [id, row.partner_id, domain, domain, nameKey, now, domain, nameKey, token, now - 365 * 86_400_000, '[]', id, ...ACTIVE, now, id, domain, nameKey, 50, id],
      },
      { sql: 'update deals set has_conflict = 1 where id = ? and has_conflict = 0 and exists (select 1 from deal_conflicts where deal_id = ?)', args: [id, id] },
      { sql: `update events set data = json_set(data, '$.conflict', json('true')) where id = ? and exists (select 1 from deal_conflicts where deal_id = ?)`, args: [eventId, id] },
      {
        sql: 'update deals set has_conflict = 1, updated_at = ? where id in (select conflicting_deal_id from deal_conflicts where deal_id = ? and conflicting_deal_id is not null) and has_conflict = 0',
        args: [now, id],
      },
      { sql: 'select has_conflict from deals where id = ?', args: [id] },
    ],
    'deferred',
  );
  // The outbox enqueue after the response, as the real worker does it.
  c.executionCtx.waitUntil(
    (async () => {
      const [, , events, recipients] = await client.batch(
        [
          { sql: 'select id, type from events where id in (?) and enqueued_at is null', args: [eventId] },
          'select id, events, enabled from webhook_endpoints',
          // The notification half: the event with its partner's owner, and who may be told.
          { sql: 'select e.id, e.type, e.data, p.owner_id from events e left join partners p on p.id = e.partner_id where e.id in (?)', args: [eventId] },
          {
            sql: `select u.id, u.email, u.name, u.role, u.partner_id, ns.email_off from users u left join notification_settings ns on ns.user_id = u.id
              where u.status = 'active' and (u.role in ('manager', 'admin') or u.partner_id in (select partner_id from events where id in (?)))`,
            args: [eventId],
          },
        ],
        'deferred',
      );
      const managers = recipients!.rows.filter((u) => u.role === 'manager' || u.role === 'admin');
      const title = `New deal registration: ${body.customerName}`;
      await client.batch(
        [
          { sql: 'update events set enqueued_at = ? where id in (?) and enqueued_at is null', args: [Date.now(), eventId] },
          ...managers.flatMap((u) => [
            {
              sql: 'insert into notifications (id, user_id, type, title, body, link, subject_type, subject_id, dedupe_key, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing',
              args: [newId('ntf'), String(u.id), 'deal.registered', title, `${events!.rows[0]?.type} by Northwind`, `/deals/${id}`, 'deal', id, eventId, now],
            },
            {
              sql: `insert into mail_messages (id, dedupe_key, type, to_address, user_id, content, sealed, status, attempts, next_attempt_at, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, 0, 'pending', 0, ?, ?, ?) on conflict do nothing returning id, status`,
              args: [newId('mail'), `${eventId}:${String(u.id)}`, 'deal.registered', String(u.email), String(u.id), JSON.stringify({ subject: title, text: title }), now, now, now],
            },
          ]),
        ],
        'deferred',
      );
    })(),
  );
  return c.json(view, 201, { location: `/api/v1/deals/${id}` });
});

export default app;
