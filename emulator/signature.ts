/**
 * An independent ROA (signature version 1.0, HMAC-SHA1) verifier, written from the spec in
 * docs/webplus-api.md and deliberately not from pop-core: if the action's client
 * and this verifier disagree, the tests must catch it rather than share the same bug.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface SignInput {
  method: string;
  /** The raw request path, exactly as sent (not URL-decoded, not normalised). */
  path: string;
  /** Query parameters, each value URL-decoded once. */
  query: Record<string, string>;
  /** Header names in any case. */
  headers: Record<string, string | undefined>;
}

export interface Credential {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  /** Epoch ms (emulator clock) after which a token-bearing credential is expired. */
  expiresAt?: number;
}

export interface GatewayError {
  status: number;
  code: string;
  message: string;
}

export type VerifyResult =
  | { ok: true; accessKeyId: string; credential: Credential; stringToSign: string }
  | { ok: false; error: GatewayError };

export interface VerifyOptions {
  findCredential(accessKeyId: string): Credential | undefined;
  /** Emulator clock (epoch ms): used for the expiry of STS credentials. */
  now: number;
  /** Wall clock (epoch ms): the Date header must be within maxSkewMs of it. */
  wallNow: number;
  /** Default 15 minutes, as the real gateway. */
  maxSkewMs?: number;
}

export const MAX_SKEW_MS = 15 * 60 * 1000;

export const SIGNATURE_MISMATCH_PREFIX =
  'Specified signature is not matched with our calculation. server string to sign is:';

function lowerCaseHeaders(headers: Record<string, string | undefined>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out.set(name.toLowerCase(), value);
  }
  return out;
}

function canonicalHeaders(headers: Map<string, string>): string {
  return [...headers.keys()]
    .filter((name) => name.startsWith('x-acs-'))
    .sort()
    .map((name) => `${name}:${(headers.get(name) ?? '').replace(/[\t\n\r\f]/g, ' ').trim()}\n`)
    .join('');
}

function canonicalResource(
  path: string,
  query: Record<string, string>,
  emptyValue: 'k' | 'k=',
): string {
  const names = Object.keys(query).sort();
  if (names.length === 0) return path;
  const pairs = names.map((name) => {
    const value = query[name] ?? '';
    return value === '' && emptyValue === 'k' ? name : `${name}=${value}`;
  });
  return `${path}?${pairs.join('&')}`;
}

function stringToSignWith(input: SignInput, emptyValue: 'k' | 'k='): string {
  const headers = lowerCaseHeaders(input.headers);
  const fixed = ['accept', 'content-md5', 'content-type', 'date'].map((n) => headers.get(n) ?? '');
  return (
    `${input.method.toUpperCase()}\n${fixed.join('\n')}\n` +
    canonicalHeaders(headers) +
    canonicalResource(input.path, input.query, emptyValue)
  );
}

/** The string the gateway signs. An empty query value is written as `k`, as the spec says. */
export function buildStringToSign(input: SignInput): string {
  return stringToSignWith(input, 'k');
}

/** Base64(HMAC-SHA1(secret, UTF-8 string to sign)). */
export function sign(stringToSign: string, secret: string): string {
  return createHmac('sha1', secret).update(stringToSign, 'utf8').digest('base64');
}

/** Base64 MD5, the form of the Content-MD5 header. */
export function contentMd5(body: Buffer | string): string {
  return createHash('md5').update(body).digest('base64');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// Exactly the format clients send (RFC 1123, GMT): a client sending ISO-8601 must fail here.
const RFC1123 = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

function fail(status: number, code: string, message: string): VerifyResult {
  return { ok: false, error: { status, code, message } };
}

/**
 * The gateway's checks, in the order the emulator applies them: Authorization form, key,
 * Date, Content-MD5, security token, signature. Nonce replay is the caller's job (it needs
 * memory across requests).
 */
export function verify(
  input: SignInput & { body: Buffer | string },
  options: VerifyOptions,
): VerifyResult {
  const headers = lowerCaseHeaders(input.headers);

  const auth = /^acs ([^\s:]+):(\S+)$/.exec(headers.get('authorization') ?? '');
  if (!auth) {
    return fail(
      400,
      'IncompleteSignature',
      'The request signature does not conform to Aliyun standards.',
    );
  }
  const accessKeyId = auth[1] ?? '';
  const signature = auth[2] ?? '';

  const credential = options.findCredential(accessKeyId);
  if (!credential)
    return fail(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');

  const date = headers.get('date') ?? '';
  const dateMs = RFC1123.test(date) ? Date.parse(date) : NaN;
  if (Number.isNaN(dateMs)) {
    return fail(
      400,
      'InvalidTimeStamp.Format',
      'Specified time stamp or date value is not well formatted.',
    );
  }
  if (Math.abs(dateMs - options.wallNow) > (options.maxSkewMs ?? MAX_SKEW_MS)) {
    return fail(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
  }

  const md5 = headers.get('content-md5');
  if (md5 !== undefined && md5 !== contentMd5(input.body)) {
    return fail(
      400,
      'ContentMD5NotMatched',
      'Specified content md5 is not matched with your request body.',
    );
  }

  const token = headers.get('x-acs-security-token');
  if (credential.securityToken !== undefined) {
    if (token === undefined || token === '') {
      return fail(400, 'MissingSecurityToken', 'SecurityToken is mandatory for this action.');
    }
    if (token !== credential.securityToken) {
      return fail(
        400,
        'InvalidSecurityToken.MismatchWithAccessKey',
        'Specified SecurityToken mismatch with the AccessKey.',
      );
    }
    if (credential.expiresAt !== undefined && options.now >= credential.expiresAt) {
      return fail(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.');
    }
  } else if (token !== undefined) {
    return fail(400, 'InvalidSecurityToken.Malformed', 'Specified SecurityToken is malformed.');
  }

  const stringToSign = buildStringToSign(input);
  // The reference allows an empty query value as `k` or `k=`; pop-core writes `k=`.
  const candidates = [stringToSign, stringToSignWith(input, 'k=')];
  if (!candidates.some((s) => sameText(sign(s, credential.accessKeySecret), signature))) {
    // Verbatim, as the real gateway: it holds the x-acs-security-token header, which is
    // exactly why the action must scrub error messages before logging them.
    return fail(400, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH_PREFIX + stringToSign);
  }
  return { ok: true, accessKeyId, credential, stringToSign };
}
