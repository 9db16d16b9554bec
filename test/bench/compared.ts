import type { CpuRequest } from './cpu-child.ts';

export const EMAILS: Record<string, string | undefined> = { partner: 'alice@northwind.example', manager: 'manager@vendor.example', admin: 'admin@vendor.example' };

/** The three routes issue 14 compares with the reference worker, as the reference implements them. */
export const COMPARED: CpuRequest[] = [
  { name: 'GET /api/v1/deals?limit=50 (manager)', method: 'GET', path: '/api/v1/deals?limit=50', as: EMAILS.manager },
  { name: 'GET /api/v1/deals/precheck (partner)', method: 'GET', path: '/api/v1/deals/precheck?domain=bench777.com&company=Bench%20Customer%20777', as: EMAILS.partner },
  {
    name: 'POST /api/v1/deals (partner admin)',
    method: 'POST',
    path: '/api/v1/deals',
    as: EMAILS.partner,
    body: JSON.stringify({
      customerName: '{{n}} Holdings', customerDomain: '{{n}}.com', contactName: 'Lee Load', contactEmail: 'lee@loadtest.example', country: 'DE',
      products: ['prd_platform'], estimatedValue: 10_000, currency: 'EUR', expectedCloseDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    }),
  },
];
