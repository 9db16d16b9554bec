// A minimal CRM-side receiver for partner-portal webhooks (Node 20+, no framework).
//
//   npm install standardwebhooks
//   WEBHOOK_SECRET=whsec_... node docs/examples/webhook-receiver.mjs
//
// It verifies each delivery with the Standard Webhooks library, ignores deliveries it has
// already processed (by `webhook-id`), maps `deal.registered` to a CRM lead and answers 2xx
// quickly. Replace `seen` and `createLead` with your store and your CRM's API.
import { createServer } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

const secret = process.env.WEBHOOK_SECRET;
if (!secret) throw new Error('Set WEBHOOK_SECRET to the endpoint secret (whsec_…) from the portal');
// During a secret rotation the portal signs with both the old and the new secret, so one
// configured secret verifies either way. Update WEBHOOK_SECRET within the grace period.
const webhook = new Webhook(secret);
const port = Number(process.env.PORT ?? 4000);

/** webhook-ids already processed. Use a table with a unique key in production (kept ≥ 3 days). */
const seen = new Set();

/** A partner-registered deal as a CRM lead (Salesforce/HubSpot-like field names). */
export function leadFromDeal(deal) {
  return {
    Company: deal.customerName,
    Website: deal.customerDomain,
    LastName: deal.contactName,
    Email: deal.contactEmail,
    Title: deal.contactTitle ?? undefined,
    Country: deal.country,
    LeadSource: 'Partner',
    Partner__c: deal.partner?.name,
    Partner_Deal_Id__c: deal.id,
    Estimated_Value__c: deal.estimatedValue,
    CurrencyIsoCode: deal.currency,
    Expected_Close__c: deal.expectedCloseDate,
    Description: [deal.notes, `Portal: ${deal.portalUrl}`].filter(Boolean).join('\n'),
  };
}

async function createLead(lead) {
  console.log('CRM lead:', JSON.stringify(lead));
}

async function handle(event) {
  switch (event.type) {
    case 'deal.registered':
      return createLead(leadFromDeal(event.data));
    case 'deal.approved':
    case 'deal.won':
    case 'deal.lost':
      // Update the opportunity found by Partner_Deal_Id__c = event.data.id …
      return console.log(`${event.type}: deal ${event.data.id} is now ${event.data.status}`);
    default:
      // Unknown or uninteresting types: acknowledge, so they are not retried.
      return undefined;
  }
}

const server = createServer(async (req, res) => {
  if (req.method !== 'POST') return void res.writeHead(405).end();
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  // Verify the raw bytes: re-serialising parsed JSON would change the signature.
  const body = Buffer.concat(chunks).toString('utf8');
  let event;
  try {
    event = webhook.verify(body, req.headers);
  } catch (err) {
    if (err instanceof WebhookVerificationError) return void res.writeHead(401).end('bad signature');
    throw err;
  }
  const id = req.headers['webhook-id'];
  if (seen.has(id)) return void res.writeHead(200).end('duplicate');
  try {
    await handle(event);
    seen.add(id); // only once processed: a failed attempt is retried by the portal
    res.writeHead(204).end();
  } catch (err) {
    console.error(err);
    res.writeHead(500).end(); // the portal retries: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h
  }
});

server.listen(port, () => console.log(`webhook receiver on http://127.0.0.1:${port}`));
