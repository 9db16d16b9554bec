import { createClient } from '@libsql/client';

/**
 * Grows the deals table to `total` rows with one INSERT … SELECT over a recursive CTE, copying
 * a real demo deal and varying what identifies it (id, customer, domains, timestamps), so
 * indexes see realistic distinct keys. Spreads the rows over both demo partners.
 */
export async function growDeals(dbUrl: string, total: number): Promise<number> {
  const db = createClient({ url: dbUrl });
  try {
    const count = Number((await db.execute('select count(*) as n from deals')).rows[0]!.n);
    const missing = total - count;
    if (missing <= 0) return count;
    const columns = (await db.execute('pragma table_info(deals)')).rows.map((r) => String(r.name));
    const value = (c: string): string => {
      switch (c) {
        case 'id': return `'dl_bench_' || (${count} + n)`;
        case 'partner_id': return `case n % 2 when 0 then 'prt_northwind' else 'prt_contoso' end`;
        case 'created_by': return `case n % 2 when 0 then 'usr_demo_nick' else 'usr_demo_carol' end`;
        case 'customer_name': return `'Bench Customer ' || n`;
        case 'customer_name_key': return `'bench customer ' || n`;
        case 'customer_name_token': return `'bench' || n`;
        case 'customer_domain':
        case 'registrable_domain': return `'bench' || n || '.com'`;
        case 'status': return `case n % 4 when 0 then 'approved' when 1 then 'submitted' when 2 then 'won' else 'rejected' end`;
        case 'created_at':
        case 'updated_at':
        case 'submitted_at': return `(${c} - n * 60000)`;
        default: return c;
      }
    };
    await db.execute(`
      with recursive seq(n) as (select 1 union all select n + 1 from seq where n < ${missing})
      insert into deals (${columns.join(', ')})
      select ${columns.map(value).join(', ')}
      from seq, (select * from deals order by created_at limit 1)`);
    await db.execute('analyze');
    return total;
  } finally {
    db.close();
  }
}
