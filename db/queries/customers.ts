import { and, asc, eq, gt, inArray, or } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../client.ts';
import type { KeysetPosition } from './keyset.ts';
import { customers } from '../schema/index.ts';
import { newId } from '../ids.ts';
import { startsWith } from './partners.ts';

type CustomerRow = typeof customers.$inferSelect;

/** Existing customers an upsert may update: same CRM id or same registrable domain (indexed). */
export function customersMatchingQuery(db: Db, crmIds: string[], domains: string[]) {
  return db
    .select()
    .from(customers)
    .where(or(crmIds.length ? inArray(customers.crmId, crmIds) : undefined, domains.length ? inArray(customers.registrableDomain, domains) : undefined));
}

/** Staff listing, by name, keyset on (name, id). */
export function customerPageQuery(db: Db, q: string | undefined, after: KeysetPosition<string> | null, limit: number) {
  return db
    .select()
    .from(customers)
    .where(
      and(
        q ? or(startsWith(customers.name, q), eq(customers.registrableDomain, q.toLowerCase())) : undefined,
        after ? or(gt(customers.name, after.at), and(eq(customers.name, after.at), gt(customers.id, after.id))) : undefined,
      ),
    )
    .orderBy(asc(customers.name), asc(customers.id))
    .limit(limit + 1);
}

export interface CustomerChange {
  existing: CustomerRow | null;
  values: Omit<CustomerRow, 'id' | 'createdAt' | 'updatedAt'>;
}

/** Inserts and updates of an upsert after `audit` (its entry, built by worker/lib/audit.ts), for ONE db.batch. */
export function customerUpsertStatements(db: Db, changes: CustomerChange[], audit: BatchItem<'sqlite'>, at: Date): [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] {
  const created = changes.filter((c) => !c.existing);
  const updated = changes.filter((c) => c.existing);
  const statements: BatchItem<'sqlite'>[] = [];
  if (created.length) statements.push(db.insert(customers).values(created.map((c) => ({ ...c.values, id: newId('cus'), createdAt: at, updatedAt: at }))));
  for (const c of updated) statements.push(db.update(customers).set({ ...c.values, updatedAt: at }).where(eq(customers.id, c.existing!.id)));
  return [audit, ...statements];
}
