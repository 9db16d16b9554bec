import Papa from 'papaparse';
import { z } from 'zod';
import type { Context } from 'hono';
import { customerPageQuery, customersMatchingQuery, customerUpsertStatements, type CustomerChange } from '../../../db/queries/customers.ts';
import type { customers } from '../../../db/schema/index.ts';
import { registrableDomain } from '../../domain/customer-match.ts';
import { customerMatcher, upsertedCustomerValues } from './rules.ts';
import { invalidFields, ProblemError, problemType, type FieldError } from '../../lib/problem.ts';
import { plural } from '../../lib/plural.ts';
import { auditInsert } from '../../lib/audit.ts';
import type { AppEnv } from '../../lib/types.ts';
import { decodeCursor, pageFrom } from '../../lib/cursor.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter, fieldErrors } from '../../lib/router.ts';
import { errorResponses } from '../../lib/schemas.ts';
import {
  CustomerInputSchema,
  CustomerListQuerySchema,
  CustomerSchema,
  CustomerUpsertResultSchema,
  CustomerUpsertSchema,
  ImportQuerySchema,
  type CustomerInput,
} from './schemas.ts';

const MAX_CSV_ROWS = 1000;
const MAX_CSV_BYTES = 1_000_000;

const view = (r: typeof customers.$inferSelect) => ({
  id: r.id,
  name: r.name,
  domain: r.domain,
  registrableDomain: r.registrableDomain,
  crmId: r.crmId,
  source: r.source,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

interface Line {
  line: number;
  input: CustomerInput;
}

/** Items that name the same customer (CRM id or registrable domain) twice are errors, not silent merges. */
function duplicates(lines: Line[]): FieldError[] {
  const seen = new Map<string, number>();
  const errors: FieldError[] = [];
  for (const { line, input } of lines) {
    const keys = [input.crmId && `crm:${input.crmId}`, input.domain && `dom:${registrableDomain(input.domain)}`].filter(Boolean) as string[];
    for (const key of keys) {
      const first = seen.get(key);
      if (first !== undefined) errors.push({ field: `${line}.${key.startsWith('crm') ? 'crmId' : 'domain'}`, message: `Same customer as line/item ${first}`, code: 'duplicate' });
      else seen.set(key, line);
    }
  }
  return errors;
}

/**
 * Upserts customers: matched by CRM id first, then by registrable domain; everything else is
 * created. Round trip 1 reads the matches, round trip 2 writes all changes + the audit entry.
 */
async function upsert(c: Context<AppEnv>, lines: Line[], source: 'csv' | 'crm' | 'manual') {
  const db = c.get('db');
  const prepared = lines.map(({ input }) => ({
    input,
    domain: input.domain ? registrableDomain(input.domain) : null,
  }));
  const crmIds = prepared.flatMap((p) => (p.input.crmId ? [p.input.crmId] : []));
  const domains = prepared.flatMap((p) => (p.domain ? [p.domain] : []));
  const [existing] = await db.batch([customersMatchingQuery(db, crmIds, domains)]);
  const matchOf = customerMatcher(existing);
  const changes: CustomerChange[] = prepared.map(({ input, domain }) => {
    const match = matchOf(input.crmId, domain);
    return { existing: match, values: upsertedCustomerValues(input, domain, match, source) };
  });
  if (changes.length) {
    const at = new Date();
    const created = changes.filter((ch) => !ch.existing).length;
    const audit = auditInsert(c, { action: `customers.${source === 'csv' ? 'imported' : 'upserted'}`, objectType: 'customer', objectId: null, details: { created, updated: changes.length - created }, at });
    await db.batch(customerUpsertStatements(db, changes, audit, at));
  }
  return { created: changes.filter((c) => !c.existing).length, updated: changes.filter((c) => c.existing).length };
}

const invalidRows = (errors: FieldError[]) =>
  invalidFields(errors, 422, `${plural(errors.length, 'value')} to fix; nothing was imported.`);

// ---- CSV --------------------------------------------------------------------------------

const HEADER_ALIASES: Record<string, keyof CustomerInput> = { name: 'name', company: 'name', domain: 'domain', website: 'domain', crmid: 'crmId', crm_id: 'crmId' };

/** Parses a CSV upload (header row: name, domain, crmId) into items with their line numbers. */
function parseCsv(text: string): { lines: Line[]; errors: FieldError[] } {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => HEADER_ALIASES[h.trim().toLowerCase()] ?? h.trim(),
  });
  const errors: FieldError[] = [];
  const headers = parsed.meta.fields ?? [];
  if (!headers.includes('name')) {
    return { lines: [], errors: [{ field: '1.name', message: 'The first line must be a header with a "name" column (and optionally "domain", "crmId")', code: 'missing_header' }] };
  }
  const unknown = headers.filter((h) => !['name', 'domain', 'crmId'].includes(h));
  if (unknown.length) errors.push({ field: '1', message: `${unknown.length === 1 ? 'Unknown column' : 'Unknown columns'}: ${unknown.join(', ')}`, code: 'unknown_column' });
  // Papa reports rows 0-based without the header; line numbers count the header as line 1.
  for (const e of parsed.errors) errors.push({ field: `${(e.row ?? 0) + 2}`, message: e.message, code: 'csv' });
  const lines: Line[] = [];
  parsed.data.forEach((raw, i) => {
    const line = i + 2;
    const candidate = Object.fromEntries(Object.entries(raw).filter(([k, v]) => ['name', 'domain', 'crmId'].includes(k) && v.trim() !== '').map(([k, v]) => [k, v.trim()]));
    const result = CustomerInputSchema.safeParse(candidate);
    if (result.success) lines.push({ line, input: result.data });
    else errors.push(...fieldErrors(result.error).map((e) => ({ ...e, field: `${line}.${e.field}`, message: `Line ${line}: ${e.message}` })));
  });
  return { lines, errors };
}

async function csvText(req: Request): Promise<string> {
  const type = req.headers.get('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await req.formData().catch(() => null);
    const file = form?.get('file');
    if (!file || typeof file === 'string') {
      throw new ProblemError(422, { type: problemType('validation'), detail: 'Upload the CSV as the "file" field.', errors: [{ field: 'file', message: 'Required' }] });
    }
    return (file as File).text();
  }
  if (type.startsWith('text/csv') || type.startsWith('text/plain')) return req.text();
  throw new ProblemError(415, { type: problemType('unsupported-media-type'), detail: 'Send text/csv or multipart/form-data with a "file" field.' });
}

// ---- routes -----------------------------------------------------------------------------

const upsertRoute = defineRoute({ permission: 'customers:write' }, {
  method: 'put',
  path: '/customers',
  tags: ['Customers'],
  summary: 'Upsert existing customers (CRM push)',
  description: 'Matched by `crmId`, then by registrable domain; others are created. Registrations for these customers are flagged `existing_customer`.',
  request: { body: { required: true, content: json(CustomerUpsertSchema) } },
  responses: { 200: { description: 'Counts', content: json(CustomerUpsertResultSchema) }, ...errorResponses },
});

const importRoute = defineRoute({ permission: 'customers:write' }, {
  method: 'post',
  path: '/customers/import',
  tags: ['Customers'],
  summary: 'Import existing customers from CSV',
  description:
    'Body: `text/csv` or `multipart/form-data` with a `file` field. Header row `name,domain,crmId`. Any invalid row rejects the whole file (errors carry line numbers) unless `?skipInvalid=true`.',
  request: {
    query: ImportQuerySchema,
    // Only documented here: the handler reads and parses the upload itself (text/csv or multipart).
    body: { required: true, content: { 'text/csv': { schema: z.string() } } },
  },
  responses: { 200: { description: 'Counts (and skipped rows)', content: json(CustomerUpsertResultSchema) }, ...errorResponses },
});

const listRoute = defineRoute({ permission: 'customers:write' }, {
  method: 'get',
  path: '/customers',
  tags: ['Customers'],
  summary: 'Existing customers (staff)',
  request: { query: CustomerListQuerySchema },
  responses: { 200: { description: 'A page', content: json(z.object({ items: z.array(CustomerSchema), nextCursor: z.string().nullable() })) }, ...errorResponses },
});

export const customerRoutes = createRouter()
  .openapi(upsertRoute, async (c) => {
    const items = c.req.valid('json');
    const lines = items.map((input, i) => ({ line: i, input }));
    const dupes = duplicates(lines);
    if (dupes.length) throw invalidRows(dupes);
    return c.json(await upsert(c, lines, c.get('actor')!.kind === 'token' ? 'crm' : 'manual'), 200);
  })
  .openapi(importRoute, async (c) => {
    const { skipInvalid } = c.req.valid('query');
    const length = Number(c.req.header('content-length') ?? 0);
    if (length > MAX_CSV_BYTES) throw new ProblemError(413, { type: problemType('too-large'), detail: `CSV uploads are limited to ${MAX_CSV_BYTES} bytes.` });
    const text = await csvText(c.req.raw);
    if (text.length > MAX_CSV_BYTES) throw new ProblemError(413, { type: problemType('too-large'), detail: `CSV uploads are limited to ${MAX_CSV_BYTES} bytes.` });
    const { lines, errors } = parseCsv(text);
    const dupes = duplicates(lines);
    const all = [...errors, ...dupes];
    if (lines.length + all.length > MAX_CSV_ROWS) throw invalidRows([{ field: '(root)', message: `At most ${MAX_CSV_ROWS} rows per file`, code: 'too_big' }]);
    if (all.length && skipInvalid !== 'true') throw invalidRows(all);
    const badLines = new Set(all.map((e) => Number(e.field.split('.')[0])));
    const good = lines.filter((l) => !badLines.has(l.line));
    if (!good.length && !all.length) throw invalidRows([{ field: '(root)', message: 'The file has no rows', code: 'empty' }]);
    const counts = await upsert(c, good, 'csv');
    const skipped = all.map((e) => ({ line: Number(e.field.split('.')[0]) || 0, field: e.field.split('.').slice(1).join('.') || '(row)', message: e.message }));
    return c.json({ ...counts, ...(skipped.length ? { skipped } : {}) }, 200);
  })
  .openapi(listRoute, async (c) => {
    const db = c.get('db');
    const { q, cursor, limit } = c.req.valid('query');
    const [rows] = await db.batch([customerPageQuery(db, q, decodeCursor(cursor, { key: 'text' }), limit)]);
    const page = pageFrom(rows, limit, (r) => ({ at: r.name, id: r.id }));
    return c.json({ items: page.items.map(view), nextCursor: page.nextCursor }, 200);
  });
