import type { Role } from '../../db/schema/users.ts';

/**
 * The one permission table. Routes ask `can(actor, permission)` (through the
 * `requirePermission` middleware); docs/permissions.md renders the same table.
 * Tenant scoping is separate: a permission says *what* a role may do, the query scope
 * (actor's partner) says *to which rows*.
 */
export const PERMISSIONS = {
  'deals:register': { roles: ['partner_rep', 'partner_admin'], scope: null, what: 'Register deals and act on their own registrations' },
  'deals:read': { roles: ['partner_rep', 'partner_admin', 'manager', 'admin'], scope: 'deals:read', what: 'Read deals (reps: their own; partner admins: their company; staff: all)' },
  'deals:decide': { roles: ['manager', 'admin'], scope: null, what: 'Approve, reject, request info, decide extensions' },
  'deals:crm-write': { roles: ['manager', 'admin'], scope: 'deals:write', what: 'CRM write-back: won/lost and CRM id (tokens; staff from the portal)' },
  'customers:write': { roles: ['manager', 'admin'], scope: 'customers:write', what: 'Maintain the existing-customer list (CSV upload or CRM push)' },
  'products:manage': { roles: ['manager', 'admin'], scope: null, what: 'Maintain the product catalog' },
  'partners:read': { roles: ['manager', 'admin'], scope: null, what: 'List and view partner companies' },
  'partners:view': { roles: ['partner_rep', 'partner_admin', 'manager', 'admin'], scope: null, what: 'View a partner company (partner users: only their own) and the program tiers' },
  'partners:manage': { roles: ['manager', 'admin'], scope: null, what: 'Create and edit partner companies; invite their first admin' },
  'team:manage': { roles: ['partner_admin'], scope: null, what: 'Invite, deactivate and change roles of colleagues in their own company' },
  'users:invite': { roles: ['partner_admin', 'manager', 'admin'], scope: null, what: 'Send and revoke invitations (partner admins: colleagues; managers: partner admins; admins: also staff)' },
  'users:manage': { roles: ['partner_admin', 'manager', 'admin'], scope: null, what: 'Change a user\'s role or deactivate them (partner admins: own company; admins: also staff)' },
  'users:read': { roles: ['manager', 'admin'], scope: null, what: 'List all users' },
  'staff:manage': { roles: ['admin'], scope: null, what: 'Invite and deactivate vendor staff' },
  'tokens:manage': { roles: ['admin'], scope: null, what: 'Create and revoke integration tokens' },
  'webhooks:manage': { roles: ['admin'], scope: null, what: 'Manage webhook endpoints, deliveries and secrets' },
  'account:manage': { roles: ['partner_rep', 'partner_admin', 'manager', 'admin'], scope: null, what: 'Their own account: name, password, sessions, notifications and their preferences' },
  'audit:read': { roles: ['manager', 'admin'], scope: null, what: 'Read the audit log' },
  'content:read': { roles: ['partner_rep', 'partner_admin', 'manager', 'admin'], scope: null, what: 'Browse and download enablement content (partners: published assets their tier and type may see)' },
  'content:manage': { roles: ['manager', 'admin'], scope: null, what: 'Upload, edit, publish, version and archive content; see download statistics' },
  'certifications:read': { roles: ['partner_rep', 'partner_admin', 'manager', 'admin'], scope: null, what: 'Read certifications (reps: their own; partner admins: their company; staff: all), their evidence and the programs' },
  'certifications:record': { roles: ['partner_rep', 'partner_admin', 'manager', 'admin'], scope: null, what: 'Record a certification (reps: their own; partner admins: a colleague too; staff: verified directly) and upload its evidence' },
  'certifications:manage': { roles: ['manager', 'admin'], scope: null, what: 'Maintain certification programs; verify, reject and import certifications' },
  'tiers:manage': { roles: ['manager', 'admin'], scope: null, what: 'Define and reorder tiers; approve or dismiss tier proposals' },
  'settings:manage': { roles: ['admin'], scope: null, what: 'Change program settings (approval SLA, protection days)' },
} as const satisfies Record<string, { roles: readonly Role[]; scope: string | null; what: string }>;

export type Permission = keyof typeof PERMISSIONS;

/** Scopes an integration token can carry. */
export const TOKEN_SCOPES = ['deals:read', 'deals:write', 'customers:write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export function roleCan(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission].roles as readonly Role[]).includes(role);
}

export function scopeCan(scopes: readonly string[], permission: Permission): boolean {
  const needed = PERMISSIONS[permission].scope;
  return needed !== null && scopes.includes(needed);
}

export const isStaffRole = (role: Role) => role === 'manager' || role === 'admin';
