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

