/**
 * The emulator's HTTP side: one request goes
 *   read body → record → (fault before?) → route lookup → x-acs-version → gateway signature
 *   checks → nonce → product handler → (fault after?) → answer.
 *
 * Extension point: routes are a plain table (`Route` in routes.ts). Another product file adds
 * its own without touching this one, either at start or later:
 *
 *   import { stsRoutes } from './sts.js';
 *   const emulator = await startEmulator({ routes: stsRoutes });   // or:
 *   emulator.registerRoute({ api: 'AssumeRoleWithOIDC', method: 'POST', path: '/',
 *     action: 'AssumeRoleWithOIDC', auth: false, handle: (ctx) => okAnswer(ctx, {...}) });
 *
 * `auth: false` skips the signature checks (anonymous STS calls); `action` matches the
 * query's Action (RPC APIs share the path '/'); without `version` no x-acs-version is required.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import {
  appliesAfterProcessing,
  createFaultQueue,
  proxyPage,
  type Fault,
  type FaultQueue,
} from './faults.js';
import {
  errorAnswer,
  newRequestId,
  type Answer,
  type RecordedRequest,
  type Route,
  type RouteContext,
} from './routes.js';
import { MAX_SKEW_MS, verify } from './signature.js';
import { EmulatorState } from './state.js';
import { webplusRoutes } from './webplus.js';

export type { Answer, RecordedRequest, Route, RouteContext } from './routes.js';
export { errorAnswer, jsonAnswer, okAnswer } from './routes.js';
export type { Fault, FaultQueue } from './faults.js';

export interface EmulatorOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Clock for change timing, CreateTime etc. (epoch ms); default Date.now. */
  now?: () => number;
  /** Clock for the Date header's 15-minute check and nonce memory; default Date.now. */
  wallNow?: () => number;
  /** Added to now() for every time the service reports; default 0. */
  serviceSkewMs?: number;
  /** Extra routes (e.g. STS), looked up after the WebPlus ones. */
  routes?: Route[];
}

export interface Emulator {
  /** e.g. 'http://127.0.0.1:40123' (no trailing slash). */
  url: string;
  state: EmulatorState;
  faults: FaultQueue;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Adds a route (see the header of this file). */
  registerRoute(route: Route): void;
  /** Closes the server and destroys open (keep-alive) sockets. */
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Decodes once, as a form would ('+' is a space); a malformed escape is kept raw. */
function decode(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

export function parseQuery(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    out[name] = eq < 0 ? '' : decode(part.slice(eq + 1));
  }
  return out;
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

// Repeated slashes still find the route, so that `//pop/...` (a base URL with a trailing
// slash) reaches the signature check and fails there, as it does on the real gateway.
function findRoute(
  routes: Route[],
  method: string,
  path: string,
  query: Record<string, string>,
): Route | undefined {
  const normalised = path.replace(/\/{2,}/g, '/');
  return routes.find(
    (r) =>
      r.method === method &&
      r.path === normalised &&
      (r.action === undefined || query.Action === r.action),
  );
}

type StreamFault = Extract<Fault, { kind: 'endless' | 'huge' | 'gzip' }>;

function isStream(fault: Fault): fault is StreamFault {
  return fault.kind === 'endless' || fault.kind === 'huge' || fault.kind === 'gzip';
}

/** The product's JSON answer with `edit` applied (an error answer stays as it is). */
function rewritten(
  answer: Answer,
  edit: (body: Record<string, unknown>) => Record<string, unknown>,
): Answer {
  try {
    const body = JSON.parse(answer.body) as Record<string, unknown>;
    return { ...answer, body: JSON.stringify(edit(body)) };
  } catch {
    return answer;
  }
}

function faultAnswer(fault: Fault, ids: { requestId: string; hostId: string }): Answer {
  switch (fault.kind) {
    case 'error':
      return errorAnswer(ids, fault.status, fault.code, fault.message ?? `Emulated ${fault.code}.`);
    case 'html': {
      const status = fault.status ?? 502;
      return { status, contentType: 'text/html', body: proxyPage(status) };
    }
    case 'body':
      return {
        status: fault.status ?? 200,
        contentType: fault.contentType ?? 'application/json;charset=utf-8',
        body: fault.body,
      };
    default:
      throw new Error(`fault ${fault.kind} has no answer`);
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const state = new EmulatorState({
    ...(options.now ? { now: options.now } : {}),
    ...(options.serviceSkewMs !== undefined ? { serviceSkewMs: options.serviceSkewMs } : {}),
  });
  const wallNow = options.wallNow ?? Date.now;
  const faults = createFaultQueue();
  const requests: RecordedRequest[] = [];
  const routes: Route[] = [...webplusRoutes, ...(options.routes ?? [])];
  const nonces = new Map<string, number>(); // nonce → wallNow() when first seen
  const heldRequests = new Set<{
    remaining: number;
    route: Route | undefined;
    ctx: RouteContext;
  }>();
  const waits = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  let closed = false;

  // A real-time delay that close() cuts short (the caller then sees `closed` and stops).
  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          waits.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      waits.add(entry);
    });
  }

  function nonceUsed(nonce: string): boolean {
    const t = wallNow();
    for (const [n, seen] of nonces) if (t - seen > MAX_SKEW_MS) nonces.delete(n);
    if (nonces.has(nonce)) return true;
    nonces.set(nonce, t);
    return false;
  }

  /** Gateway checks, then the product. */
  async function answerFor(route: Route | undefined, ctx: RouteContext): Promise<Answer> {
    if (!route) {
      return errorAnswer(
        ctx,
        404,
        'InvalidAction.NotFound',
        'Specified api is not found, please check your url and method.',
      );
    }
    const { request } = ctx;
    if (route.version !== undefined) {
      const version = request.headers['x-acs-version'];
      if (!version)
        return errorAnswer(ctx, 400, 'MissingVersion', 'Version is mandatory for this action.');
      if (version !== route.version) {
        return errorAnswer(ctx, 400, 'InvalidVersion', 'Specified parameter Version is not valid.');
      }
    }
    if (route.auth !== false) {
      const result = verify(
        {
          method: request.method,
          path: request.path,
          query: request.query,
          headers: request.headers,
          body: ctx.body,
        },
        { findCredential: (id) => state.credential(id), now: state.now(), wallNow: wallNow() },
      );
      if (!result.ok) {
        return errorAnswer(ctx, result.error.status, result.error.code, result.error.message);
      }
      const nonce = request.headers['x-acs-signature-nonce'];
      if (nonce && nonceUsed(nonce)) {
        return errorAnswer(
          ctx,
          400,
          'SignatureNonceUsed',
          'Specified signature nonce was used already.',
        );
      }
      ctx.accessKeyId = result.accessKeyId;
    }
    return route.handle(ctx);
  }

  function send(
    res: ServerResponse,
    record: RecordedRequest,
    answer: Answer,
    requestId: string,
  ): void {
    if (closed || res.destroyed) return;
    record.status = answer.status;
    if (answer.code !== undefined) record.code = answer.code;
    // The gateway's Date is the service's clock (skewed like every time it reports).
    const headers: Record<string, string> = {
      'x-acs-request-id': requestId,
      date: new Date(state.serviceTime(state.now()) + state.dateSkewMs).toUTCString(),
    };
    if (answer.contentType !== '') headers['content-type'] = answer.contentType;
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = parseQuery(q < 0 ? '' : rawUrl.slice(q + 1));
    const headers = flattenHeaders(req);
    const form = (headers['content-type'] ?? '')
      .toLowerCase()
      .startsWith('application/x-www-form-urlencoded')
      ? parseQuery(body.toString('utf8'))
      : {};
    const route = findRoute(routes, method, path, query);
    const record: RecordedRequest = {
      api: route?.api ?? 'Unknown',
      method,
      path,
      query,
      params: { ...query, ...form },
      headers,
      receivedAt: state.now(),
    };
    requests.push(record);
    const ctx: RouteContext = {
      state,
      request: record,
      body,
      requestId: newRequestId(),
      hostId: headers.host ?? '',
      accessKeyId: undefined,
    };

    // Requests held earlier are processed once enough later requests arrived.
    for (const held of [...heldRequests]) {
      if (--held.remaining > 0) continue;
      heldRequests.delete(held);
      await answerFor(held.route, held.ctx);
    }
    const taken = faults.take(record.api);
    if (taken?.kind === 'hook') taken.run();
    const applied = taken?.kind === 'hook' ? taken.then : taken;
    const fault = applied?.kind === 'pass' || applied?.kind === 'hook' ? undefined : applied;
    const after = fault !== undefined && appliesAfterProcessing(fault);
    if (fault && !after) {
      if (fault.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (isStream(fault)) return stream(res, fault);
      if (fault.kind === 'held') {
        heldRequests.add({ remaining: fault.afterRequests, route, ctx });
        req.socket.destroy();
        return;
      }
      if (fault.kind !== 'slow') return send(res, record, faultAnswer(fault, ctx), ctx.requestId);
      await delay(fault.delayMs); // then processed, even if the client gave up meanwhile
      if (closed) return;
    }

    let answer = await answerFor(route, ctx);

    if (fault && after) {
      if (fault.kind === 'reset') {
        req.socket.destroy(); // the restart may now exist, but the client never hears of it
        return;
      }
      if (fault.kind === 'slow') await delay(fault.delayMs);
      else if (fault.kind === 'rewrite') answer = rewritten(answer, fault.edit);
      else if (isStream(fault)) return stream(res, fault);
      else answer = faultAnswer(fault, ctx);
    }
    send(res, record, answer, ctx.requestId);
  }

  /** Hostile bodies: endless, huge, or a gzip bomb. Bounded here by the client hanging up. */
  function stream(res: ServerResponse, fault: StreamFault): void {
    if (closed || res.destroyed) return;
    const date = new Date(state.serviceTime(state.now()) + state.dateSkewMs).toUTCString();
    if (fault.kind === 'gzip') {
      const body = gzipSync(Buffer.alloc(fault.inflatedBytes), { level: 9 });
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': String(body.length),
        date,
      });
      res.end(body);
      return;
    }
    if (fault.kind === 'huge' && fault.contentLength !== undefined) {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(fault.contentLength),
        date,
      });
      res.write('{"Code":"OK","Filler":"');
      return; // the rest never comes
    }
    res.writeHead(fault.kind === 'endless' ? (fault.status ?? 200) : 200, {
      'content-type': 'application/json',
      date,
    });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let left = fault.kind === 'huge' ? (fault.bytes ?? 600 * 1024 * 1024) : Infinity;
    res.write('{"Code":"OK","Filler":"');
    const pump = () => {
      while (left > 0 && !res.destroyed && !closed) {
        left -= chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed && !closed) res.end('"}');
    };
    res.on('error', () => undefined);
    pump();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (closed || res.headersSent || res.destroyed) return;
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`emulator bug: ${err instanceof Error ? err.stack : String(err)}`);
    });
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    state,
    faults,
    requests,
    registerRoute(route) {
      routes.push(route);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const wait of waits) {
        clearTimeout(wait.timer);
        wait.resolve();
      }
      waits.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await done;
    },
  };
}
