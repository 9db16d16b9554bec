import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { products } from '../schema/index.ts';
import { inJsonList, prepared } from './prepared.ts';

/** The catalog: partners see active products, staff all of them (small table: no paging). */
export function productListQuery(db: Db, includeInactive: boolean) {
  const q = db.select().from(products);
  return (includeInactive ? q : q.where(eq(products.active, true))).orderBy(asc(products.name), asc(products.id));
}

// The ids travel as one JSON array, so one statement serves any number of them.
const preparedProductsByIds = prepared(['ids'], (db, p) => db.select().from(products).where(inJsonList(products.id, p.ids)));

/** Products by id, for validating a registration's product list. */
export function productsByIdsQuery(db: Db, ids: readonly string[]) {
  return preparedProductsByIds(db, { ids: JSON.stringify(ids) });
}


export const insertProduct = (db: Db, row: typeof products.$inferInsert) => db.insert(products).values(row);

/** The changed product row; empty when no product has that id. */
export const updateProduct = (db: Db, id: string, patch: Partial<typeof products.$inferInsert>) =>
  db.update(products).set(patch).where(eq(products.id, id)).returning();
