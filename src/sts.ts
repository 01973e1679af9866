/**
 * The STS wire format: one anonymous AssumeRoleWithOIDC form POST, and its answer turned into
 * data (the `Answer`/`Failure` shapes of answers.ts). Nothing here retries or logs:
 * that is oidc.ts, which masks the credentials before anything can print them.
 *
 * Spoken directly over node:http/node:https rather than through @alicloud/credentials, whose
 * OIDC provider knows only https://sts.aliyuncs.com: a loopback http:// sts-endpoint (the
 * emulator) must work too.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { AbortedError } from './clock.js';
import { HEADER_SAFE, serviceText } from './service-text.js';
import { record, text } from './json.js';
import { NOT_SENT_CODES, type Answer, type Credentials, type Failure } from './answers.js';

const STS_VERSION = '2015-04-01';

export interface AssumeRoleWithOidcRequest {
  /** An origin, e.g. https://sts.aliyuncs.com (no trailing slash). */
  endpoint: string;
  roleArn: string;
  oidcProviderArn: string;
  oidcToken: string;
  roleSessionName: string;
  durationSeconds: number;
}

export interface StsCredentials extends Credentials {
  securityToken: string;
  /** Epoch ms, from the answer's Expiration (ISO 8601); undefined when it sent none usable. */
  expiration: number | undefined;
  /** The ARN of the assumed role session, when the answer carried it. */
  assumedRoleArn: string | undefined;
}

interface StsCallOptions {
  /** The whole exchange, connect to last byte. */
  timeoutMs: number;
  /** Aborting it destroys the request and rejects with an AbortedError. */
  signal: AbortSignal;
}

const MAX_BODY = 1024 * 1024;

interface RawAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** Calls AssumeRoleWithOIDC once. Rejects only with an AbortedError; every other outcome is data. */
export async function assumeRoleWithOidc(
  request: AssumeRoleWithOidcRequest,
  options: StsCallOptions,
): Promise<Answer<StsCredentials>> {
  const query = new URLSearchParams({
    Action: 'AssumeRoleWithOIDC',
    Version: STS_VERSION,
    Format: 'JSON',
    // Common RPC parameters the SDKs send with anonymous calls too (wall time: STS checks it).
    Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    SignatureNonce: randomUUID(),
  });
  const form = new URLSearchParams({
    RoleArn: request.roleArn,
    OIDCProviderArn: request.oidcProviderArn,
    OIDCToken: request.oidcToken,
    RoleSessionName: request.roleSessionName,
    DurationSeconds: String(request.durationSeconds),
  }).toString();
  const url = new URL(`${request.endpoint}/?${query.toString()}`);

  let raw: RawAnswer;
  try {
    raw = await post(url, form, options);
  } catch (error) {
    if (error instanceof AbortedError) throw error;
    return { ok: false, failure: fromError(error, options.timeoutMs) };
  }
  return fromAnswer(raw);
}

class TimeoutError extends Error {
  constructor() {
    super('time-out');
    this.name = 'TimeoutError';
  }
}

function post(url: URL, body: string, options: StsCallOptions): Promise<RawAnswer> {
  const { signal } = options;
  if (signal.aborted) return Promise.reject(new AbortedError());
  return new Promise<RawAnswer>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, answer?: RawAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(answer as RawAnswer);
    };
    const send = url.protocol === 'https:' ? https.request : http.request;
    const req = send(
      url,
      {
        method: 'POST',
        // One request, no keep-alive: nothing must hold the process open afterwards.
        agent: false,
        headers: {
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'webplus-restart-action',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY) {
            req.destroy(new Error(`answer larger than ${MAX_BODY} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          finish(undefined, {
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', (e) => finish(e));
        res.on('aborted', () => finish(new Error('the answer was cut short')));
      },
    );
    const timer = setTimeout(() => {
      const error = new TimeoutError();
      finish(error);
      req.destroy(error);
    }, options.timeoutMs);
    const onAbort = () => {
      finish(new AbortedError());
      req.destroy();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => finish(e));
    req.end(body);
  });
}

function fromError(error: unknown, timeoutMs: number): Failure {
  if (error instanceof TimeoutError) {
    return {
      kind: 'unknown',
      message: `no answer within the request-timeout (${timeoutMs / 1000} s)`,
    };
  }
  const e = (error ?? {}) as { code?: unknown; message?: unknown };
  const message = serviceText(typeof e.message === 'string' ? e.message : String(error));
  const code = typeof e.code === 'string' ? serviceText(e.code, 80) : undefined;
  // Node's messages usually hold their code already ("connect ECONNREFUSED 127.0.0.1:443").
  const text = code && !message.includes(code) ? `${code}: ${message}` : message;
  if (code && NOT_SENT_CODES.has(code)) return { kind: 'not-sent', message: text };
  return { kind: 'unknown', message: text };
}

function fromAnswer(raw: RawAnswer): Answer<StsCredentials> {
  const ok = raw.status >= 200 && raw.status < 300;
  const body = jsonBody(raw.body);
  if (!body) return notJson(raw, ok);
  const requestId = serviceText(text(body.RequestId) ?? '', 80);
  const code = text(body.Code);
  if (!ok || (code !== undefined && code !== 'OK' && code !== '200')) {
    return {
      ok: false,
      failure: {
        kind: 'api',
        code: serviceText(code ?? `HTTP${raw.status}`, 80),
        message: serviceText(text(body.Message) ?? ''),
        requestId,
        status: raw.status,
      },
    };
  }
  return credentialsOf(body, requestId);
}

/** The answer's JSON object, or undefined when it is not one. */
function jsonBody(raw: string): Record<string, unknown> | undefined {
  try {
    return record(JSON.parse(raw) as unknown);
  } catch {
    return undefined;
  }
}

function notJson(raw: RawAnswer, ok: boolean): Answer<StsCredentials> {
  // A 2xx body that is not JSON may be a truncated answer holding the very secrets we came
  // for, unmasked yet: never quote it. A 4xx/5xx one is a proxy's page: quote its start.
  const snippet = ok ? '' : serviceText(raw.body.replace(/<[^>]*>/g, ' '), 120);
  return {
    ok: false,
    failure: {
      kind: 'unknown',
      message:
        `HTTP ${raw.status} answer was not JSON` +
        (snippet ? `: "${snippet}"` : ` (${raw.body.length} bytes)`),
    },
  };
}

/** A success answer's credentials; malformed when one of them could not go in a header. */
function credentialsOf(body: Record<string, unknown>, requestId: string): Answer<StsCredentials> {
  const c = record(body.Credentials);
  // Each travels in (or signs) a header: a line break or non-ASCII would make Node refuse it.
  const headerSafe = (v: string | undefined) => (v && HEADER_SAFE.test(v) ? v : undefined);
  const accessKeyId = headerSafe(text(c?.AccessKeyId));
  const accessKeySecret = headerSafe(text(c?.AccessKeySecret));
  const securityToken = headerSafe(text(c?.SecurityToken));
  if (!accessKeyId || !accessKeySecret || !securityToken) {
    const missing = [
      ['AccessKeyId', accessKeyId],
      ['AccessKeySecret', accessKeySecret],
      ['SecurityToken', securityToken],
    ]
      .filter(([, v]) => !v)
      .map(([name]) => `Credentials.${name ?? ''}`);
    return {
      ok: false,
      failure: {
        kind: 'malformed',
        message: `${missing.join(', ')} missing or not usable in a header`,
        requestId,
      },
    };
  }
  return {
    ok: true,
    requestId,
    value: {
      accessKeyId,
      accessKeySecret,
      securityToken,
      expiration: parseExpiration(text(c?.Expiration)),
      assumedRoleArn: serviceText(text(record(body.AssumedRoleUser)?.Arn) ?? '', 200) || undefined,
    },
  };
}

/** ISO 8601 with a zone ("2026-11-29T03:00:00Z"), to epoch ms; undefined for anything else. */
export function parseExpiration(value: string | undefined): number | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value))
    return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
