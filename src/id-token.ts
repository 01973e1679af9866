/**
 * GitHub's OIDC ID token, fetched as @actions/core's getIDToken does (GET the request URL with
 * `&audience=`, the request token as a Bearer, JSON `{ value }`), but over a request this module
 * owns: one time limit that destroys the request and its socket when it runs out, and a cap on
 * the bytes read. getIDToken has neither, so a silent or endless endpoint could only be
 * abandoned, still reading. The proxy agent of @actions/http-client (what getIDToken uses) is
 * kept, so a runner behind HTTPS_PROXY works as before.
 */
import http from 'node:http';
import https from 'node:https';
import { HttpClient } from '@actions/http-client';
import { AbortedError } from './clock.js';
import { HEADER_SAFE, serviceText } from './service-text.js';

/** GitHub's answer is about 1 KB of JSON; anything far larger is not an ID token. */
export const MAX_ID_TOKEN_ANSWER = 64 * 1024;

interface IdTokenRequest {
  /** ACTIONS_ID_TOKEN_REQUEST_URL (it already carries a query). */
  url: string;
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  requestToken: string;
  audience: string;
  /** The whole exchange, connect to last byte. */
  timeoutMs: number;
  /** Aborting it destroys the request and rejects with an AbortedError. */
  signal: AbortSignal;
}

type IdTokenAnswer =
  | { ok: true; value: string }
  /** retry: a transport failure or a 5xx/429 (another try may work). */
  | { ok: false; retry: boolean; message: string };

/** The URL getIDToken would call for `audience`. */
export function idTokenUrl(url: string, audience: string): string {
  return audience ? `${url}&audience=${encodeURIComponent(audience)}` : url;
}

/** One request for an ID token. Rejects only with an AbortedError; every other outcome is data. */
export function fetchIdToken(request: IdTokenRequest): Promise<IdTokenAnswer> {
  const { signal } = request;
  if (signal.aborted) return Promise.reject(new AbortedError());
  const url = new URL(idTokenUrl(request.url, request.audience));
  const agent = new HttpClient('actions/oidc-client').getAgent(url.href);
  return new Promise<IdTokenAnswer>((resolve, reject) => {
    let settled = false;
    const finish = (answer: IdTokenAnswer | AbortedError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      // Whatever is still open (a body that never ends, a head that never came) goes now.
      req.destroy();
      if (answer instanceof AbortedError) reject(answer);
      else resolve(answer);
    };
    const send = url.protocol === 'https:' ? https.request : http.request;
    const req = send(
      url,
      {
        method: 'GET',
        agent,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${request.requestToken}`,
          'user-agent': 'actions/oidc-client',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ID_TOKEN_ANSWER) {
            finish({
              ok: false,
              retry: false,
              message: `answer over ${MAX_ID_TOKEN_ANSWER} bytes`,
            });
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          finish(answerOf(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))),
        );
        res.on('error', () => undefined);
        res.on('aborted', () =>
          finish({ ok: false, retry: true, message: 'the answer was cut short' }),
        );
      },
    );
    // A silent endpoint is not tried again (getIDToken never retried one either): GitHub's
    // token service answers in well under a second, so the next try would most likely wait
    // out its whole time too.
    const timer = setTimeout(
      () =>
        finish({ ok: false, retry: false, message: `no answer within ${request.timeoutMs} ms` }),
      request.timeoutMs,
    );
    const onAbort = () => finish(new AbortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e: Error & { code?: unknown }) => {
      const code = typeof e.code === 'string' ? serviceText(e.code, 80) : '';
      const message = serviceText(e.message);
      finish({
        ok: false,
        retry: true,
        message: code && !message.includes(code) ? `${code}: ${message}` : message,
      });
    });
    req.end();
  });
}

function answerOf(status: number, body: string): IdTokenAnswer {
  let value: unknown;
  try {
    value = (JSON.parse(body) as { value?: unknown } | null)?.value;
  } catch {
    value = undefined;
  }
  if (status >= 200 && status < 300) {
    // Never quoted: a 2xx body may hold a token, unmasked yet.
    if (typeof value === 'string' && HEADER_SAFE.test(value)) return { ok: true, value };
    return { ok: false, retry: false, message: `HTTP ${status} answer held no ID token` };
  }
  const snippet = serviceText(body.replace(/<[^>]*>/g, ' '), 200);
  return {
    ok: false,
    retry: status >= 500 || status === 429,
    message: `HTTP ${status}${snippet ? `: ${snippet}` : ''}`,
  };
}
