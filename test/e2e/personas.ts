/**
 * The demo personas (shared/PRODUCT.md) and, in one place, what each should see: the main
 * navigation and every page reachable from it. The accessibility scan and the screenshots
 * walk these lists, so a new page is covered by adding it here.
 */
export const DEMO_PASSWORD = 'demo-password-1';

export type Persona = 'rep' | 'partnerAdmin' | 'otherPartnerAdmin' | 'manager' | 'admin';

export const PERSONAS: Record<Persona, { email: string; name: string }> = {
  rep: { email: 'nick@northwind.example', name: 'Nick Northwind' },
  partnerAdmin: { email: 'alice@northwind.example', name: 'Alice Northwind' },
  otherPartnerAdmin: { email: 'carol@contoso.example', name: 'Carol Contoso' },
  manager: { email: 'manager@vendor.example', name: 'Morgan Manager' },
  admin: { email: 'admin@vendor.example', name: 'Ada Admin' },
};

export interface Page {
  path: string;
  /** The page's main heading (h1). */
  heading: RegExp;
}

const PARTNER_PAGES: Page[] = [
  { path: '/', heading: /dashboard|welcome|overview/i },
  { path: '/deals', heading: /deals/i },
  { path: '/deals/new', heading: /register a deal/i },
  { path: '/content', heading: /content/i },
  { path: '/certifications', heading: /certifications/i },
  { path: '/our-tier', heading: /our tier/i },
];
const STAFF_PAGES: Page[] = [
  { path: '/', heading: /dashboard|program|overview/i },
  { path: '/queue', heading: /approval queue/i },
  { path: '/deals', heading: /deals/i },
  { path: '/partners', heading: /partners/i },
  { path: '/certifications', heading: /certifications/i },
  { path: '/tiers', heading: /tiers/i },
  { path: '/users', heading: /users/i },
  { path: '/customers', heading: /customers/i },
  { path: '/content', heading: /content library/i },
  { path: '/audit', heading: /audit/i },
];

/** Main navigation labels by persona, in order, and the pages behind them. */
export const NAVIGATION: Record<Persona, { nav: string[]; pages: Page[] }> = {
  rep: { nav: ['Dashboard', 'Deals', 'Register deal', 'Content', 'Certifications', 'Our tier'], pages: PARTNER_PAGES },
  partnerAdmin: { nav: ['Dashboard', 'Deals', 'Register deal', 'Content', 'Certifications', 'Our tier', 'Team'], pages: [...PARTNER_PAGES, { path: '/team', heading: /team/i }] },
  otherPartnerAdmin: { nav: ['Dashboard', 'Deals', 'Register deal', 'Content', 'Certifications', 'Our tier', 'Team'], pages: [...PARTNER_PAGES, { path: '/team', heading: /team/i }] },
  manager: { nav: ['Dashboard', 'Approval queue', 'Deals', 'Partners', 'Certifications', 'Tiers', 'Users', 'Customers', 'Content', 'Audit log'], pages: STAFF_PAGES },
  admin: {
    nav: ['Dashboard', 'Approval queue', 'Deals', 'Partners', 'Certifications', 'Tiers', 'Users', 'Customers', 'Content', 'Audit log', 'Integrations', 'Settings'],
    pages: [...STAFF_PAGES, { path: '/integrations', heading: /integrations/i }, { path: '/settings', heading: /settings/i }],
  },
};

/** Pages anyone can open signed out. */
export const PUBLIC_PAGES: Page[] = [{ path: '/sign-in', heading: /sign in/i }];
