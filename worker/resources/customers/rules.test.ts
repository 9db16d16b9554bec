import { describe, expect, it } from 'vitest';
import { customerMatcher, upsertedCustomerValues } from './rules.ts';

const row = (id: string, crmId: string | null, registrableDomain: string | null) => ({ id, crmId, registrableDomain, domain: registrableDomain && `www.${registrableDomain}` });

describe('customer upsert matching', () => {
  const existing = [row('cus_crm', 'CRM-1', 'acme.com'), row('cus_dom', null, 'globex.com')];
  const matchOf = customerMatcher(existing);

  it('matches by CRM id first, even when the domain names another customer', () => {
    expect(matchOf('CRM-1', 'globex.com')?.id).toBe('cus_crm');
  });

  it('falls back to the registrable domain when the CRM id is unknown or absent', () => {
    expect(matchOf('CRM-404', 'globex.com')?.id).toBe('cus_dom');
    expect(matchOf(undefined, 'acme.com')?.id).toBe('cus_crm');
  });

  it('no CRM id or domain match → a new customer', () => {
    expect(matchOf('CRM-404', 'initech.com')).toBeNull();
    expect(matchOf(undefined, null)).toBeNull();
  });
});

describe('customer upsert values', () => {
  const match = { crmId: 'CRM-1', domain: 'www.acme.com', registrableDomain: 'acme.com' };

  it('the item name always wins, with fresh match keys', () => {
    const v = upsertedCustomerValues({ name: 'Acme Corporation' }, null, match, 'manual');
    expect(v.name).toBe('Acme Corporation');
    expect(v.nameKey).not.toBe('');
    expect(v.source).toBe('manual');
  });

  it('domain and CRM id left out keep the matched customer’s', () => {
    expect(upsertedCustomerValues({ name: 'Acme' }, null, match, 'csv')).toMatchObject({ domain: 'www.acme.com', registrableDomain: 'acme.com', crmId: 'CRM-1' });
  });

  it('domain and CRM id sent replace the matched customer’s', () => {
    expect(upsertedCustomerValues({ name: 'Acme', domain: 'acme.de', crmId: 'CRM-2' }, 'acme.de', match, 'crm')).toMatchObject({
      domain: 'acme.de',
      registrableDomain: 'acme.de',
      crmId: 'CRM-2',
    });
  });

  it('a new customer without domain or CRM id stores nulls', () => {
    expect(upsertedCustomerValues({ name: 'Solo' }, null, null, 'manual')).toMatchObject({ domain: null, registrableDomain: null, crmId: null });
  });
});
