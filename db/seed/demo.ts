import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import { eq } from 'drizzle-orm';
import * as schema from '../schema/index.ts';
import { demoDealStatements } from './demo-deals.ts';
import { demoContentStatements } from './demo-content.ts';
import { demoCertificationStatements } from './demo-certifications.ts';

export const DEMO_PASSWORD = 'demo-password-1';
/**
 * DEMO_PASSWORD hashed in the worker's format (worker/lib/password.ts). A constant, so the seed
 * needs nothing from worker/ (db/ never imports it) and skips 100,000 PBKDF2 rounds per seed;
 * test/node/demo-seed.test.ts checks that it verifies.
 */
export const DEMO_PASSWORD_HASH = 'pbkdf2-sha256$100000$RimXpSaZXbvurZK9qmAhdw==$6QPFdqBc9LbMYU4gccgolcG5fuG7N78iShLiiUXO5Y0=';

export const DEMO_ACCOUNTS = [
  { email: 'manager@vendor.example', name: 'Morgan Manager', role: 'manager', partner: null },
  { email: 'admin@vendor.example', name: 'Ada Admin', role: 'admin', partner: null },
  { email: 'alice@northwind.example', name: 'Alice Northwind', role: 'partner_admin', partner: 'Northwind Reseller' },
  { email: 'nick@northwind.example', name: 'Nick Northwind', role: 'partner_rep', partner: 'Northwind Reseller' },
  { email: 'carol@contoso.example', name: 'Carol Contoso', role: 'partner_admin', partner: 'Contoso Integrators' },
] as const;

type Db = LibSQLDatabase<typeof schema>;

/** A demo account's user id (usr_demo_manager, usr_demo_alice, …). */
export const demoUserId = (account: (typeof DEMO_ACCOUNTS)[number]) => (account.role === 'manager' ? 'usr_demo_manager' : `usr_demo_${account.email.split('@')[0]}`);

const DAY = 86_400_000;

/**
 * Seeds the demo program from shared/PRODUCT.md. Runs only on a database that has never been
 * seeded (marked in settings), so a second `npm start` keeps whatever users changed.
 * Returns false when the database was already seeded.
 */
export async function seedDemo(db: Db, now = Date.now()): Promise<boolean> {
  const marker = await db.select().from(schema.settings).where(eq(schema.settings.key, 'demo_seeded')).get();
  if (marker) return false;
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY);
  const passwordHash = DEMO_PASSWORD_HASH;

  const tiers = [
    { id: 'tier_registered', name: 'Registered', rank: 1, protectionDays: 60, requiredCertifiedPeople: 0, requiredRevenueMinor: 0, requiredWonDeals: 0 },
    { id: 'tier_silver', name: 'Silver', rank: 2, protectionDays: 90, requiredCertifiedPeople: 1, requiredRevenueMinor: 5_000_000, requiredWonDeals: 1 },
    // Gold also needs one Platform Technical Professional (demo-certifications.ts).
    { id: 'tier_gold', name: 'Gold', rank: 3, protectionDays: 120, requiredCertifiedPeople: 1, requiredRevenueMinor: 15_000_000, requiredWonDeals: 3 },
    { id: 'tier_platinum', name: 'Platinum', rank: 4, protectionDays: 180, requiredCertifiedPeople: 4, requiredRevenueMinor: 100_000_000, requiredWonDeals: 8 },
  ].map((t) => ({ ...t, createdAt: at(400) }));

  const managerId = 'usr_demo_manager';
  const partners = [
    { id: 'prt_northwind', name: 'Northwind Reseller', type: 'reseller' as const, tierId: 'tier_gold', stage: 'active' as const, region: 'EMEA', ownerId: managerId, createdAt: at(380), updatedAt: at(30) },
    { id: 'prt_contoso', name: 'Contoso Integrators', type: 'system_integrator' as const, tierId: 'tier_silver', stage: 'active' as const, region: 'NA', ownerId: managerId, createdAt: at(200), updatedAt: at(20) },
    { id: 'prt_fabrikam', name: 'Fabrikam Cloud Alliance', type: 'technology_alliance' as const, tierId: 'tier_registered', stage: 'onboarding' as const, region: 'APAC', ownerId: managerId, createdAt: at(25), updatedAt: at(25) },
  ];
  const partnerIdByName = Object.fromEntries(partners.map((p) => [p.name, p.id]));

  // Accounts exist from their company's start (staff from the program's start).
  const accountSince = (partner: string | null) => partners.find((p) => p.name === partner)?.createdAt ?? at(400);
  const users = DEMO_ACCOUNTS.map((a) => ({
    id: demoUserId(a),
    email: a.email,
    name: a.name,
    role: a.role,
    partnerId: a.partner ? partnerIdByName[a.partner]! : null,
    passwordHash,
    status: 'active' as const,
    passwordChangedAt: accountSince(a.partner),
    createdAt: accountSince(a.partner),
    updatedAt: accountSince(a.partner),
  }));

  const products = [
    { id: 'prd_platform', name: 'Platform Enterprise', sku: 'PLT-ENT' },
    { id: 'prd_analytics', name: 'Analytics Add-on', sku: 'ANL-ADD' },
    { id: 'prd_security', name: 'Security Suite', sku: 'SEC-STE' },
    { id: 'prd_support', name: 'Premium Support', sku: 'SUP-PRM' },
  ].map((p) => ({ ...p, active: true, createdAt: at(400) }));

  await db.batch([
    db.insert(schema.tiers).values(tiers),
    db.insert(schema.partners).values(partners),
    db.insert(schema.users).values(users),
    db.insert(schema.products).values(products),
    db.insert(schema.settings).values([
      { key: 'approval_sla_business_days', value: 2, updatedAt: at(400) },
      { key: 'default_protection_days', value: 90, updatedAt: at(400) },
      { key: 'tier_downgrade_grace_days', value: 30, updatedAt: at(400) },
      { key: 'demo_seeded', value: new Date(now).toISOString(), updatedAt: new Date(now) },
    ]),
    ...demoDealStatements(db, now),
    ...(await demoContentStatements(db, now, managerId)),
    ...demoCertificationStatements(db, now),
  ]);
  return true;
}
