import { html, raw } from 'hono/html';

/** What a template produces: the subject and both bodies of a multipart/alternative message. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const PRODUCT = 'Partner Portal';

/**
 * The frame every message shares: heading, paragraphs, one button, a footer that says why
 * the reader got it. Every interpolation goes through hono/html, which escapes it.
 */
export function renderMail(input: { subject: string; heading: string; paragraphs: string[]; action: { label: string; url: string }; footer: string }): MailContent {
  const { subject, heading, paragraphs, action, footer } = input;
  const text = [heading, '', ...paragraphs.flatMap((p) => [p, '']), `${action.label}: ${action.url}`, '', '--', `${PRODUCT}. ${footer}`].join('\n');
  const body = html`<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>${subject}</title></head>
  <body style="margin:0;padding:24px;background:#f5f6f8;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1d2330">
    <div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
      <p style="margin:0 0 16px;font-weight:600;color:#3b4a6b">&#9670; ${PRODUCT}</p>
      <h1 style="font-size:20px;margin:0 0 16px">${heading}</h1>
      ${raw(paragraphs.map((p) => html`<p style="line-height:1.5;margin:0 0 12px">${p}</p>`).join(''))}
      <p style="margin:24px 0"><a href="${action.url}" style="background:#2952cc;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none;display:inline-block">${action.label}</a></p>
      <p style="font-size:13px;color:#5b6475;margin:0">Or open this link: <a href="${action.url}">${action.url}</a></p>
    </div>
    <p style="max-width:560px;margin:16px auto 0;font-size:12px;color:#5b6475">${footer}</p>
  </body>
</html>`;
  return { subject, text, html: body.toString() };
}

export const portalUrl = (base: string, path: string) => new URL(path, base).toString();
