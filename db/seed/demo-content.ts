import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import * as schema from '../schema/index.ts';
import type { ContentCategory } from '../schema/content-enums.ts';

/**
 * Demo enablement content: small files made here (a PDF, a PNG, a CSV price list), their
 * database rows (seeded with the rest of the demo) and the bytes, which scripts/stack.ts puts
 * into wrangler's local R2 after seeding. Some are Gold-only, one expired, one a draft.
 */
export interface DemoFile {
  key: string;
  fileName: string;
  contentType: string;
  bytes: Uint8Array<ArrayBuffer>;
}

const DAY = 86_400_000;
const text = (s: string) => new TextEncoder().encode(s) as Uint8Array<ArrayBuffer>;

/** A one-page PDF that any viewer opens (PDF 1.4, Helvetica, one line of text). */
function pdf(title: string): Uint8Array<ArrayBuffer> {
  const stream = `BT /F1 24 Tf 72 720 Td (${title.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return text(body);
}

// A 1×1 PNG (the brand kit stand-in).
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));

const PRICE_LIST = `sku,product,list_price_eur,partner_discount_pct
PLT-ENT,Platform Enterprise,48000,30
ANL-ADD,Analytics Add-on,12000,25
SEC-STE,Security Suite,18000,25
SUP-PRM,Premium Support,9000,15
`;

interface DemoAsset {
  id: string;
  title: string;
  description: string;
  category: ContentCategory;
  tags: string[];
  minTierId: string | null;
  status: 'draft' | 'published';
  expiresInDays: number | null;
  daysAgo: number;
  downloads: number;
  file: Omit<DemoFile, 'key'>;
}

const ASSETS: DemoAsset[] = [
  { id: 'cnt_demo_deck', title: 'Platform Enterprise sales deck', description: 'The customer pitch: value, proof points, pricing model.', category: 'sales_deck', tags: ['platform', 'pitch'], minTierId: null, status: 'published', expiresInDays: null, daysAgo: 40, downloads: 12, file: { fileName: 'platform-enterprise-deck.pdf', contentType: 'application/pdf', bytes: pdf('Platform Enterprise: sales deck') } },
  { id: 'cnt_demo_logo', title: 'Partner logo kit', description: 'Co-branding logo for partner materials.', category: 'brand', tags: ['logo', 'co-branding'], minTierId: null, status: 'published', expiresInDays: null, daysAgo: 30, downloads: 5, file: { fileName: 'partner-logo.png', contentType: 'image/png', bytes: PNG as Uint8Array<ArrayBuffer> } },
  { id: 'cnt_demo_prices', title: '2026 partner price list', description: 'List prices and partner discounts (Gold and above).', category: 'price_list', tags: ['pricing', '2026'], minTierId: 'tier_gold', status: 'published', expiresInDays: 300, daysAgo: 10, downloads: 3, file: { fileName: 'price-list-2026.csv', contentType: 'text/csv', bytes: text(PRICE_LIST) } },
  { id: 'cnt_demo_battlecard', title: 'Battlecard: winning against Acme', description: 'Objection handling and traps (Gold and above).', category: 'battlecard', tags: ['competitive'], minTierId: 'tier_gold', status: 'published', expiresInDays: null, daysAgo: 5, downloads: 2, file: { fileName: 'battlecard-acme.pdf', contentType: 'application/pdf', bytes: pdf('Battlecard: winning against Acme') } },
  { id: 'cnt_demo_promo', title: 'Q1 promotion (ended)', description: 'Expired: kept for the record.', category: 'other', tags: ['promotion'], minTierId: null, status: 'published', expiresInDays: -10, daysAgo: 120, downloads: 20, file: { fileName: 'q1-promotion.pdf', contentType: 'application/pdf', bytes: pdf('Q1 promotion') } },
  { id: 'cnt_demo_draft', title: 'Security Suite technical deep dive', description: 'Draft: not visible to partners yet.', category: 'technical', tags: ['security'], minTierId: null, status: 'draft', expiresInDays: null, daysAgo: 1, downloads: 0, file: { fileName: 'security-deep-dive.pdf', contentType: 'application/pdf', bytes: pdf('Security Suite deep dive') } },
];

const keyOf = (id: string) => `files/demo_${id}`;

/** The demo files with their R2 keys (for scripts/stack.ts). */
export const DEMO_CONTENT_FILES: DemoFile[] = ASSETS.map((a) => ({ key: keyOf(a.id), ...a.file }));

const hex = async (bytes: Uint8Array<ArrayBuffer>) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');

/** Rows of the demo assets and their first versions. */
export async function demoContentStatements(db: LibSQLDatabase<typeof schema>, now: number, managerId: string) {
  const assets = await Promise.all(
    ASSETS.map(async (a) => {
      const at = new Date(now - a.daysAgo * DAY);
      const file = { objectKey: keyOf(a.id), fileName: a.file.fileName, size: a.file.bytes.length, contentType: a.file.contentType, sha256: await hex(a.file.bytes) };
      return {
        asset: {
          id: a.id,
          title: a.title,
          description: a.description,
          category: a.category,
          tags: a.tags,
          minTierId: a.minTierId,
          partnerTypes: [],
          status: a.status,
          expiresAt: a.expiresInDays === null ? null : new Date(now + a.expiresInDays * DAY),
          publishedAt: a.status === 'published' ? at : null,
          version: 1,
          ...file,
          downloadCount: a.downloads,
          createdBy: managerId,
          createdAt: at,
          updatedAt: at,
        },
        version: { id: `cver_demo_${a.id}`, assetId: a.id, version: 1, ...file, createdBy: managerId, createdAt: at },
      };
    }),
  );
  return [db.insert(schema.contentAssets).values(assets.map((a) => a.asset)), db.insert(schema.contentVersions).values(assets.map((a) => a.version))] as const;
}
