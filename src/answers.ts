/**
 * What an answer of a wire client (WebPlus, src/webplus-client.ts; STS, src/sts.ts) is, as
 * data: a value or a Failure whose kind says whether the request reached the service. What a
 * code means for the action (wait, retry, stop; the hint) is src/errors.ts.
 */

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string | undefined;
}

export type Failure =
  /** The service answered with an error code: the request was received and refused. */
  | { kind: 'api'; code: string; message: string; requestId: string; status?: number }
  /** The request never (completely) left the runner: connection refused, DNS, TLS. Safe to send again. */
  | { kind: 'not-sent'; message: string }
  /**
   * Sent, but no trustworthy answer came back: a reset, a time-out, a proxy's page, bad JSON,
   * a refused (huge, compressed) body, any 5xx, or a Code that names a server error. The kind
   * is printed as it is (the timeline's result label, the client's debug line).
   */
  | { kind: 'unknown'; message: string }
  /** A 2xx answer that lacks what it must carry, or names another environment or change. */
  | { kind: 'malformed'; message: string; requestId: string };

export type Answer<T> = (
  { ok: true; value: T; requestId: string } | { ok: false; failure: Failure }
) & {
  /** The service's clock at the answer (its `Date` header, epoch ms), when it sent one. */
  serviceTime?: number;
};

/** Error codes of a request that never left the runner: safe to send again. */
export const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  // Node refused to build the request (a header value it cannot carry): nothing was sent.
  'ERR_INVALID_CHAR',
  'ERR_HTTP_INVALID_HEADER_VALUE',
  'ERR_INVALID_HTTP_TOKEN',
]);
