/**
 * A local libSQL server: serves SQLite files through the libSQL remote protocol (Hrana over
 * HTTP: v2 and v3 JSON, v3 Protobuf), as `sqld` / `turso dev` do, for `@libsql/client`.
 *
 * URLs: `http://127.0.0.1:PORT` is the default database (`<dataDir>/local.db`);
 * `http://127.0.0.1:PORT/ns/<name>/` is namespace `<name>` (the trailing slash is required: the
 * client resolves `v2/pipeline` relative to the URL). Admin: `POST|DELETE /-/namespaces/<name>`,
 * `GET /-/stats[?trace=<id>]`, `POST /-/stats/reset`, `GET /health`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { HttpError } from './errors.ts';
import { handleCursor, handlePipeline, HRANA_ENDPOINTS, type HttpReply } from './hrana-http.ts';
import { encodeError } from './json-codec.ts';
import { DEFAULT_NAMESPACE, NamespaceRegistry, namespaceNotFound } from './namespaces.ts';
import { RequestStats } from './stats.ts';
import { StreamRegistry } from './stream.ts';

export interface LibsqlServerOptions {
  dataDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  /** Streams (interactive transactions) idle this long are closed and rolled back. Default 10 s, like sqld. */
  streamIdleMs?: number;
  /** How long a write waits while another stream holds the write lock, then fails with SQLITE_BUSY. Default 5 s. */
  busyTimeoutMs?: number;
}

export interface LibsqlServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const HRANA_PATH = /^(?:\/ns\/([^/]+))?\/(v2|v3|v3-protobuf)(?:\/(pipeline|cursor))?\/?$/;
// What the client requests for `.../ns/<name>` without the trailing slash: the name is lost.
const NAMESPACE_WITHOUT_SLASH = /^\/ns\/(v2|v3|v3-protobuf)(\/(pipeline|cursor))?\/?$/;
const ADMIN_NAMESPACE_PATH = /^\/-\/namespaces\/([^/]+)$/;

export async function startLibsqlServer(opts: LibsqlServerOptions): Promise<LibsqlServer> {
  const host = opts.host ?? '127.0.0.1';
  const namespaces = new NamespaceRegistry(resolve(opts.dataDir));
  const streams = new StreamRegistry(opts.streamIdleMs ?? 10_000, opts.busyTimeoutMs ?? 5_000);
  const stats = new RequestStats();
  let baseUrl = '';

  async function route(req: IncomingMessage, path: URL): Promise<HttpReply> {
    const method = req.method ?? 'GET';
    if (path.pathname === '/health' && method === 'GET') return { status: 200, contentType: 'text/plain', body: 'ok' };
    if (path.pathname.startsWith('/-/')) return admin(req, method, path);

    const match = HRANA_PATH.exec(path.pathname);
    if (match === null) {
      if (NAMESPACE_WITHOUT_SLASH.test(path.pathname)) {
        throw new HttpError(400, 'NAMESPACE_URL_INVALID', `Namespace URLs must end with a slash: ${baseUrl}/ns/<name>/`);
      }
      throw new HttpError(404, 'NOT_FOUND', `No such endpoint: ${method} ${path.pathname}`);
    }
    const [, name = DEFAULT_NAMESPACE, version = '', action] = match;
    const endpoint = HRANA_ENDPOINTS[version];
    const namespace = namespaces.get(name);
    if (endpoint === undefined) throw new HttpError(404, 'NOT_FOUND', `No such endpoint: ${path.pathname}`);
    if (namespace === undefined) throw namespaceNotFound(name);
    if (action === undefined) {
      if (method !== 'GET') throw new HttpError(405, 'METHOD_NOT_ALLOWED', `Use GET for ${path.pathname}`);
      return { status: 200, contentType: 'text/plain', body: '' };
    }
    if (method !== 'POST') throw new HttpError(405, 'METHOD_NOT_ALLOWED', `Use POST for ${path.pathname}`);
    stats.record(name, header(req, 'x-trace-id'));
    const body = await readBody(req);
    return action === 'pipeline'
      ? handlePipeline(streams, namespace, body, endpoint)
      : handleCursor(streams, namespace, body, endpoint);
  }

  async function admin(req: IncomingMessage, method: string, path: URL): Promise<HttpReply> {
    if (path.pathname === '/-/stats' && method === 'GET') {
      const trace = path.searchParams.get('trace');
      return jsonReply(200, trace === null ? stats.namespaces() : stats.trace(trace));
    }
    if (path.pathname === '/-/stats/reset' && method === 'POST') {
      stats.reset();
      return jsonReply(200, {});
    }
    const name = ADMIN_NAMESPACE_PATH.exec(path.pathname)?.[1];
    if (name !== undefined && method === 'POST') {
      namespaces.create(name, parseCreateBody(await readBody(req)));
      return jsonReply(201, { url: `${baseUrl}/ns/${name}/` });
    }
    if (name !== undefined && method === 'DELETE') {
      const namespace = namespaces.get(name);
      if (namespace === undefined) throw namespaceNotFound(name);
      streams.closeNamespace(namespace);
      namespaces.delete(name);
      return jsonReply(200, {});
    }
    throw new HttpError(404, 'NOT_FOUND', `No such endpoint: ${method} ${path.pathname}`);
  }

  // Keep idle connections open longer than a request can go between two database calls (a
  // large upload streams for many seconds between its read and its write): with Node's 5 s
  // default the worker reuses a pooled connection the server just closed ("Network connection lost").
  const server = createServer({ keepAliveTimeout: 120_000 }, (req, res) => {
    if (req.method === 'OPTIONS') {
      // CORS preflight, so browser-based libSQL tools can connect too.
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, POST, DELETE',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
      });
      res.end();
      return;
    }
    route(req, new URL(req.url ?? '/', 'http://127.0.0.1'))
      .catch(errorReply)
      .then((reply) => send(res, reply))
      .catch((e: unknown) => res.destroy(e instanceof Error ? e : undefined));
  });

  try {
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(opts.port ?? 0, host, () => {
        server.off('error', fail);
        done();
      });
    });
  } catch (e) {
    namespaces.closeAll();
    throw e;
  }
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host}:${port}`;

  return {
    url: baseUrl,
    port,
    async close() {
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await closed;
      streams.closeAll();
      namespaces.closeAll();
    },
  };
}

function parseCreateBody(body: Buffer): string | undefined {
  if (body.toString().trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'BAD_REQUEST', 'Expected a JSON body like {"from": "<namespace>"}');
  }
  const from = (parsed as { from?: unknown } | null)?.from;
  if (from !== undefined && typeof from !== 'string') throw new HttpError(400, 'BAD_REQUEST', '`from` must be a namespace name');
  return from;
}

function errorReply(e: unknown): HttpReply {
  if (e instanceof HttpError) return jsonReply(e.status, encodeError({ message: e.message, code: e.code }));
  console.error('libSQL server: internal error', e);
  const message = e instanceof Error ? e.message : String(e);
  return jsonReply(500, encodeError({ message, code: 'INTERNAL_ERROR' }));
}

function jsonReply(status: number, value: unknown): HttpReply {
  // Exactly `application/json`: the Hrana client only parses error bodies with this content type.
  return { status, contentType: 'application/json', body: JSON.stringify(value) };
}

function send(res: ServerResponse, reply: HttpReply): void {
  res.writeHead(reply.status, { 'content-type': reply.contentType, 'access-control-allow-origin': '*' });
  res.end(reply.body);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
