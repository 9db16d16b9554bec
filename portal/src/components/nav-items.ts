import type { Role } from '../api/types.ts';

export interface NavItem {
  href: string;
  label: string;
}

const PARTNER: NavItem[] = [
  { href: '/', label: 'Dashboard' },
  { href: '/deals', label: 'Deals' },
  { href: '/deals/new', label: 'Register deal' },
  { href: '/content', label: 'Content' },
  { href: '/certifications', label: 'Certifications' },
  { href: '/our-tier', label: 'Our tier' },
];

const STAFF: NavItem[] = [
  { href: '/', label: 'Dashboard' },
  { href: '/queue', label: 'Approval queue' },
  { href: '/deals', label: 'Deals' },
  { href: '/partners', label: 'Partners' },
  { href: '/certifications', label: 'Certifications' },
  { href: '/tiers', label: 'Tiers' },
  { href: '/users', label: 'Users' },
  { href: '/customers', label: 'Customers' },
  { href: '/content', label: 'Content' },
  { href: '/audit', label: 'Audit log' },
];

/** Navigation by role: what each persona works with all day. */
export function navItems(role: Role): NavItem[] {
  switch (role) {
    case 'partner_rep':
      return PARTNER;
    case 'partner_admin':
      return [...PARTNER, { href: '/team', label: 'Team' }];
    case 'manager':
      return STAFF;
    case 'admin':
      return [...STAFF, { href: '/integrations', label: 'Integrations' }, { href: '/settings', label: 'Settings' }];
  }
}

/** The nav item a path belongs to (the longest matching prefix), for aria-current. */
export function currentItem(items: NavItem[], path: string): NavItem | undefined {
  return items
    .filter((item) => (item.href === '/' ? path === '/' : path === item.href || path.startsWith(`${item.href}/`)))
    .sort((a, b) => b.href.length - a.href.length)[0];
}
