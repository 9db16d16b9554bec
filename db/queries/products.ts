import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { products } from '../schema/index.ts';

/** The catalog: partners see active products, staff all of them (small table: no paging). */
export function productListQuery(db: Db, includeInactive: boolean) {
  const q = db.select().from(products);
  return (includeInactive ? q : q.where(eq(products.active, true))).orderBy(asc(products.name), asc(products.id));
}

/** Products by id, for validating a registration's product list. */
export function productsByIdsQuery(db: Db, ids: readonly string[]) {
  return db.select().from(products).where(inArray(products.id, [...ids]));
}


export const insertProduct = (db: Db, row: typeof products.$inferInsert) => db.insert(products).values(row);

/** The changed product row; empty when no product has that id. */
export const updateProduct = (db: Db, id: string, patch: Partial<typeof products.$inferInsert>) =>
  db.update(products).set(patch).where(eq(products.id, id)).returning();
