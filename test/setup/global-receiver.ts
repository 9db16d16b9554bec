import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';

/**
 * A programmable webhook receiver for the workerd tests (which cannot listen on a port).
 * Each test uses its own path (`/r/<name>`), so files running in parallel do not interfere.
 *
 * Control API:
 * - `POST /-/script?path=/r/x` `{responses: Step[], otherwise?: Step}`: the next answers for
 *   that path, in order; after them `otherwise` (default 200 "ok").
 * - `GET /-/received?path=/r/x`: every request that arrived, `{at, headers, body}`.
 * A Step is `{status, body?, headers?, delayMs?}`; a `delayMs` beyond the worker's timeout
 * simulates a receiver that hangs.
 */
export interface ReceiverStep {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface ReceivedRequest {
  at: number;
  headers: Record<string, string>;
  body: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the webhook test receiver (test/setup/global-receiver.ts). */
    webhookReceiverUrl: string;
  }
}

interface Script {
  responses: ReceiverStep[];
  otherwise: ReceiverStep;
}

const OK: ReceiverStep = { status: 200, body: 'ok' };

export default async function setup(project: TestProject) {
  const scripts = new Map<string, Script>();
  const received = new Map<string, ReceivedRequest[]>();

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://receiver');
    const body = await readBody(req);
    if (url.pathname === '/-/script' && req.method === 'POST') {
      const path = url.searchParams.get('path') ?? '/';
      const parsed = JSON.parse(body) as { responses?: ReceiverStep[]; otherwise?: ReceiverStep };
      scripts.set(path, { responses: parsed.responses ?? [], otherwise: parsed.otherwise ?? OK });
      return send(res, { status: 204 });
    }
    if (url.pathname === '/-/received' && req.method === 'GET') {
      const list = received.get(url.searchParams.get('path') ?? '/') ?? [];
      return send(res, { status: 200, body: JSON.stringify(list), headers: { 'content-type': 'application/json' } });
    }
    const list = received.get(url.pathname) ?? [];
    list.push({ at: Date.now(), headers: flatHeaders(req), body });
    received.set(url.pathname, list);
    const script = scripts.get(url.pathname);
    const step = script?.responses.shift() ?? script?.otherwise ?? OK;
    if (step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs));
    if (!res.destroyed) send(res, step);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  project.provide('webhookReceiverUrl', `http://127.0.0.1:${port}`);
  return async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

function send(res: ServerResponse, step: ReceiverStep) {
  res.writeHead(step.status, step.headers ?? {});
  res.end(step.body ?? '');
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
