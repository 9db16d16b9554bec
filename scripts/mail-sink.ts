/**
 * The local stand-in for Cloudflare Email Service: a tiny HTTP server on loopback that the
 * worker POSTs each outgoing message to (MAIL_SINK_URL, set by scripts/stack.ts) and that
 * writes it as `<mail id>.eml` under `DATA_DIR/mail/` — a file any mail program opens and the
 * browser tests read. MIME is built here with mimetext (Node), so the worker bundle stays
 * small; in production Cloudflare builds it from the same fields. Writing by id makes a retry
 * of the same message rewrite its file rather than add a second one.
 * See docs/decisions/050-local-mail.md.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMimeMessage } from 'mimetext';

export interface SinkMessage {
  id: string;
  from: { email: string; name: string };
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailSink {
  /** The URL the worker posts to. */
  url: string;
  dir: string;
  close(): Promise<void>;
}

/** The message as RFC 5322 text: multipart/alternative, text then HTML. */
export function toEml(m: SinkMessage, date = new Date()): string {
  const msg = createMimeMessage();
  msg.setSender({ name: m.from.name, addr: m.from.email });
  msg.setTo(m.to);
  msg.setSubject(m.subject);
  msg.setHeader('Date', date.toUTCString());
  msg.setHeader('X-Portal-Mail-Id', m.id);
  msg.addMessage({ contentType: 'text/plain', data: m.text, encoding: '8bit' });
  msg.addMessage({ contentType: 'text/html', data: m.html, encoding: '8bit' });
  return msg.asRaw();
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,80}$/;

export async function startMailSink(dir: string): Promise<MailSink> {
  await mkdir(dir, { recursive: true });
  const server: Server = createServer((req, res) => {
    void handle(req)
      .then((status) => {
        res.statusCode = status;
        res.end();
      })
      .catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
  });
  async function handle(req: IncomingMessage): Promise<number> {
    if (req.method !== 'POST') return 405;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const message = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SinkMessage;
    if (!SAFE_ID.test(message.id ?? '') || !message.to || !message.subject) return 422;
    const file = join(dir, `${message.id}.eml`);
    // Write then rename: a reader never sees half a message.
    await writeFile(`${file}.tmp`, toEml(message));
    await rename(`${file}.tmp`, file);
    return 204;
  }
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    dir,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
