/**
 * Bounds on what a server can do to the process through pop-core's HTTP layer (httpx), which
 * buffers a whole body, keeps reading after its own read time-out, decompresses without a
 * limit, and can throw from inside its listeners. Every request goes through an agent that
 * hands this module the request: it enforces one hard time-out, a cap on the bytes read,
 * refuses compressed bodies (never asked for), records the status and the service's `Date`,
 * and destroys the socket as soon as the exchange is over or refused.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Largest answer read, headers included. Real answers are a few KB; a page of 100 changes ~60 KB. */
export const MAX_ANSWER_BYTES = 2 * 1024 * 1024;

const EXCHANGE = Symbol('exchange');

/** Why an exchange was cut short by this module (not by the server or the network). */
type Refusal = 'timeout' | 'too-large' | 'compressed';

export class RefusedAnswer extends Error {
  constructor(
    readonly refusal: Refusal,
    message: string,
  ) {
    super(message);
    this.name = refusal === 'timeout' ? 'RequestTimeoutError' : 'RefusedAnswerError';
  }
}

export interface Exchange {
  /** Rejects with RefusedAnswer when the exchange is cut short; never resolves. */
  readonly refused: Promise<never>;
  /** HTTP status of the answer, once its head arrived. */
  status: number | undefined;
  /** The service's clock at the answer (`Date` header, epoch ms, second resolution). */
  serviceTime: number | undefined;
  /** True once any byte of the request reached the socket: the service may have it. */
  sent: boolean;
  /** Bytes of the answer read so far, headers included. */
  readonly bytes: number;
  /** Options hook for httpx (`beforeRequest`): tags the request with this exchange. */
  tag(options: Record<string | symbol, unknown>): Record<string | symbol, unknown>;
  /** Ends the exchange: clears the timer, destroys the request if its answer is not complete. */
  close(): void;
}

/** An exchange as the agent sees it: it is handed the request it is tagged on. */
interface Tagged extends Exchange {
  attach(req: http.ClientRequest): void;
}

export function openExchange(timeoutMs: number): Exchange {
  let request: http.ClientRequest | undefined;
  let response: http.IncomingMessage | undefined;
  let reject: (error: RefusedAnswer) => void = () => undefined;
  const refused = new Promise<never>((_, r) => {
    reject = r;
  });
  refused.catch(() => undefined); // observed by whoever races it; never unhandled
  let bytes = 0;
  let socket: Socket | undefined;
  const count = (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > MAX_ANSWER_BYTES) refuse('too-large', `answer over ${MAX_ANSWER_BYTES} bytes`);
  };
  const exchange: Tagged = {
    refused,
    status: undefined,
    serviceTime: undefined,
    sent: false,
    get bytes() {
      return bytes;
    },
    tag: (options) => ({ ...options, [EXCHANGE]: exchange }),
    close,
    attach,
  };
  const timer = setTimeout(
    () => refuse('timeout', `no complete answer within ${timeoutMs} ms`),
    timeoutMs,
  );
  timer.unref();

  function refuse(refusal: Refusal, message: string): void {
    reject(new RefusedAnswer(refusal, message));
    close();
  }

  function close(): void {
    clearTimeout(timer);
    socket?.off('data', count);
    // An answer not read to its end leaves a socket that a server could keep feeding.
    if (request && !(response?.complete ?? false)) request.destroy();
  }

  function attach(req: http.ClientRequest): void {
    request = req;
    // Node emits 'error' on a destroyed request or answer: with no listener it would be an
    // uncaught exception, the one way a server could crash the process.
    req.on('error', () => undefined);
    req.on('socket', (s: Socket) => {
      socket = s;
      s.on('data', count);
    });
    req.on('finish', () => {
      exchange.sent = true;
    });
    req.on('response', (res: http.IncomingMessage) => {
      response = res;
      res.on('error', () => undefined);
      exchange.status = res.statusCode;
      const date = Date.parse(res.headers.date ?? '');
      if (Number.isFinite(date)) exchange.serviceTime = date;
      const length = Number(res.headers['content-length']);
      if (Number.isFinite(length) && length > MAX_ANSWER_BYTES) {
        refuse('too-large', `answer announces ${length} bytes, over ${MAX_ANSWER_BYTES}`);
        return;
      }
      const encoding = (res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
      if (encoding !== 'identity' && encoding !== '') {
        // Never asked for (no Accept-Encoding is sent), so never decompressed: a small
        // compressed body can expand to gigabytes.
        refuse('compressed', `answer is compressed (${encoding}) though none was asked for`);
      }
    });
  }
  return exchange;
}

/** The agent of one client: keep-alive, and every request handed to its tagged exchange. */
export function boundedAgent(secure: boolean): http.Agent {
  const Base = secure ? https.Agent : http.Agent;
  const agent = new Base({ keepAlive: true });
  const addRequest = (agent as unknown as { addRequest: AddRequest }).addRequest.bind(agent);
  (agent as unknown as { addRequest: AddRequest }).addRequest = (req, options) => {
    (options[EXCHANGE] as Tagged | undefined)?.attach(req);
    addRequest(req, options);
  };
  return agent;
}

type AddRequest = (req: http.ClientRequest, options: Record<string | symbol, unknown>) => void;

/** An answer larger than this is followed by a full garbage collection (collectAfterLarge). */
const LARGE_ANSWER_BYTES = 512 * 1024;

let collector: (() => void) | undefined;

/**
 * A full garbage collection, after an exchange that read over LARGE_ANSWER_BYTES. Each such
 * answer leaves several copies of itself behind (the socket's chunks, httpx's concatenation,
 * the decoded string, the parsed object), and V8 lets that garbage pile up: with every answer
 * near MAX_ANSWER_BYTES a run peaked at about 145 MB RSS, with this 90 MB (docs/reliability.md).
 * Real answers are a few KB, so a normal run never pays for it. `gc` is not exposed to a
 * script unless asked for; the flag is set, once, only when first needed.
 */
export function collectAfterLarge(exchange: Pick<Exchange, 'bytes'>): void {
  if (exchange.bytes <= LARGE_ANSWER_BYTES) return;
  try {
    if (!collector) {
      v8.setFlagsFromString('--expose-gc');
      collector = runInNewContext('gc') as () => void;
    }
    collector();
  } catch {
    // Only memory is at stake: without a collector, V8 collects on its own schedule.
    collector = () => undefined;
  }
}
