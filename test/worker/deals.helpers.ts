export function dealBody(over: Record<string, unknown> = {}) {
  return {
    customerName: 'Acme Retail Ltd',
    customerDomain: 'acme.co.uk',
    contactName: 'Pat Buyer',
    contactEmail: 'pat@acme.co.uk',
    contactTitle: 'CIO',
    country: 'GB',
    products: ['prd_platform'],
    estimatedValue: 125000.5,
    currency: 'GBP',
    expectedCloseDate: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10),
    notes: 'Met at the London summit',
    ...over,
  };
}
