/**
 * The scripted fault queue: a test queues what the next matching request(s) will suffer, so
 * a resilience scenario reads as a script (503, then a reset after the restart was created,
 * then a normal answer) instead of depending on timing.
 */

export type ApiName =
  | 'RestartAppEnv'
  | 'DescribeAppEnvStatus'
  | 'DescribeChange'
  | 'DescribeChanges'
  | 'DescribeEvents'
  | 'DescribeAppEnvInstanceHealth'
  | 'PauseChange'
  | 'ResumeChange'
  | 'AbortChange'
  | 'AssumeRoleWithOIDC'
  | 'Unknown';

export type Fault =
  /** No fault: answered normally (lets a request through to reach a later one in the queue). */
  | { kind: 'pass' }
  /**
   * Runs `run` on the state, then answers normally (or suffers `then`): what happened in the
   * service just before this request (an earlier request processed late, another pipeline's
   * change), or faults to queue from this request on.
   */
  | { kind: 'hook'; run: () => void; then?: Fault }
  /** A JSON error answer; the request is NOT processed (e.g. 503 ServiceUnavailable). */
  | { kind: 'error'; status: number; code: string; message?: string }
  /** A text/html proxy page (default 502); afterProcessing: the product handled it first. */
  | { kind: 'html'; status?: number; afterProcessing?: boolean }
  /** The socket is destroyed with no answer, before or after processing. */
  | { kind: 'reset'; afterProcessing?: boolean }
  /** Answer normally, delayMs late; processing happens first unless afterProcessing is false. */
  | { kind: 'slow'; delayMs: number; afterProcessing?: boolean }
  /**
   * Held by the service: the client never gets an answer (its socket is closed), and the
   * product processes the request later, when `afterRequests` more requests have arrived.
   */
  | { kind: 'held'; afterRequests: number }
  /** Headers, then a body that never ends (chunks until the client hangs up). */
  | { kind: 'endless'; status?: number; afterProcessing?: boolean }
  /** A body of `bytes` bytes, or a head announcing `contentLength` bytes that never come. */
  | { kind: 'huge'; bytes?: number; contentLength?: number; afterProcessing?: boolean }
  /** A gzip body (content-encoding: gzip) that inflates to `inflatedBytes` of zeros. */
  | { kind: 'gzip'; inflatedBytes: number; afterProcessing?: boolean }
  /** A raw answer: truncated JSON, an empty body, XML, odd content types... */
  | {
      kind: 'body';
      status?: number;
      contentType?: string;
      body: string;
      afterProcessing?: boolean;
    }
  /**
   * The product's own answer, rewritten: a test replaces or adds fields (another environment's
   * EnvId, hostile text) without writing the whole body. Processing happens first.
   */
  | { kind: 'rewrite'; edit: (body: Record<string, unknown>) => Record<string, unknown> };

export interface FaultQueue {
  /** Queue faults, in order, for the next requests to `api` ('*': any api). */
  push(api: ApiName | '*', ...faults: Fault[]): void;
  /** Faults not yet consumed. */
  pending(): number;
  clear(): void;
  /** Removes and returns the first queued fault that applies to `api`. */
  take(api: ApiName): Fault | undefined;
}

/** Whether the product handles the request before the fault shapes the answer. */
export function appliesAfterProcessing(fault: Fault): boolean {
  switch (fault.kind) {
    case 'error':
    case 'pass':
    case 'hook':
    case 'held':
      return false;
    case 'slow':
      return fault.afterProcessing ?? true;
    case 'rewrite':
      return true;
    default:
      return fault.afterProcessing ?? false;
  }
}

export function createFaultQueue(): FaultQueue {
  const queue: { api: ApiName | '*'; fault: Fault }[] = [];
  return {
    push(api, ...faults) {
      for (const fault of faults) queue.push({ api, fault });
    },
    pending: () => queue.length,
    clear() {
      queue.length = 0;
    },
    take(api) {
      const index = queue.findIndex((q) => q.api === '*' || q.api === api);
      if (index < 0) return undefined;
      return queue.splice(index, 1)[0]?.fault;
    },
  };
}

const REASONS: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** The page a front proxy (Tengine) serves when the service behind it fails. */
export function proxyPage(status: number): string {
  const title = `${status} ${REASONS[status] ?? 'Error'}`;
  return (
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n` +
    `<center><h1>${title}</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n`
  );
}
