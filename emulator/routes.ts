/**
 * What a route is and how it answers. Kept apart from server.ts so that product files
 * (webplus.ts, and later sts.ts) can define routes without importing the server.
 */
import { randomUUID } from 'node:crypto';
import type { ApiName } from './faults.js';
import type { EmulatorState } from './state.js';

export interface RecordedRequest {
  api: ApiName;
  method: string;
  /** Raw path, as sent. */
  path: string;
  /** Query parameters, decoded once. */
  query: Record<string, string>;
  /** The form body (when content-type is application/x-www-form-urlencoded) merged over query. */
  params: Record<string, string>;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** state.now() when it arrived. */
  receivedAt: number;
  /** What was answered; undefined when the socket was reset (or not answered yet). */
  status?: number;
  code?: string;
}

export interface Answer {
  status: number;
  /** '' sends no content-type header. */
  contentType: string;
  body: string;
  /** The Code the answer carries, for RecordedRequest.code. */
  code?: string;
}

export interface RouteContext {
  state: EmulatorState;
  request: RecordedRequest;
  /** The raw body. */
  body: Buffer;
  requestId: string;
  /** The Host header, echoed as HostId in errors. */
  hostId: string;
  /** The caller's AccessKey ID, when the route is signed (auth !== false). */
  accessKeyId: string | undefined;
}

export interface Route {
  api: ApiName;
  method: string;
  /** Exact path; repeated slashes in the request are collapsed before matching. */
  path: string;
  /** When set, the query's Action must equal it (RPC-style APIs such as STS share path '/'). */
  action?: string;
  /** false: anonymous, no gateway signature checks (STS AssumeRoleWithOIDC). Default true. */
  auth?: boolean;
  /** Required x-acs-version header value, checked before the signature. */
  version?: string;
  handle(ctx: RouteContext): Answer | Promise<Answer>;
}

export const JSON_TYPE = 'application/json;charset=utf-8';

export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

export function jsonAnswer(status: number, body: object, code?: string): Answer {
  const answer: Answer = { status, contentType: JSON_TYPE, body: JSON.stringify(body) };
  if (code !== undefined) answer.code = code;
  return answer;
}

/** The error body of the gateway, which product errors share too. */
export function errorAnswer(
  ctx: { requestId: string; hostId: string },
  status: number,
  code: string,
  message: string,
): Answer {
  return jsonAnswer(
    status,
    {
      RequestId: ctx.requestId,
      HostId: ctx.hostId,
      Code: code,
      Message: message,
      Recommend: `https://error-center.aliyun.com/status/search?Keyword=${encodeURIComponent(code)}&source=PopGw`,
    },
    code,
  );
}

export function okAnswer(ctx: { requestId: string }, payload: object): Answer {
  return jsonAnswer(
    200,
    { Code: 'OK', Message: 'success', RequestId: ctx.requestId, ...payload },
    'OK',
  );
}
